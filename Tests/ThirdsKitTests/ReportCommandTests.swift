import Foundation
import Testing
@testable import ThirdsReport
@testable import ThirdsKit

/// `thirds report` through the real binary, on a small plan whose every post
/// is pinned, so that each post's time is known by hand: London in winter is
/// UTC, so 08:00 on the account's clock is 08:00Z.
@Suite("thirds report")
struct ReportCommandTests {
    /// Nine posts, at least one a day (the default daily minimum), no two
    /// promotions in a row; one text carries markup and ampersands.
    static func weekPlan(week: String, dates: [String]) -> String {
        let at = { (day: Int, time: String) in "\(dates[day])T\(time)" }
        return """
            week: \(week)
            account:
              name: acme
              timezone: Europe/London
              since: 2015-01-01
            channels:
              x: {handle: acme}
              linkedin: {author: "urn:li:person:1"}
            audiences:
              uk: {timezone: Europe/London, size: 100, weight: 1}
              ny: {timezone: America/New_York, size: 20, weight: 2}
            items:
              - {id: c1, kind: content, text: "\(week) Content one about queues", at: \(at(0, "08:00"))}
              - {id: e1, kind: engagement, text: "\(week) Q&A <script>alert(1)</script> &amp; more", at: \(at(0, "12:30")), audiences: [uk]}
              - {id: p1, kind: promotion, text: "\(week) Promotion one: webinar", at: \(at(1, "09:15"))}
              - {id: c2, kind: content, text: "\(week) Content two about rotas", at: \(at(1, "16:00"))}
              - {id: e2, kind: engagement, text: "\(week) Engagement two: replies", at: \(at(2, "10:00"))}
              - {id: p2, kind: promotion, text: "\(week) Promotion two: newsletter", at: \(at(3, "11:00"))}
              - {id: c3, kind: content, text: "\(week) Content three about metrics", at: \(at(4, "14:00"))}
              - {id: p3, kind: promotion, text: "\(week) Promotion three: case study", at: \(at(5, "10:30"))}
              - {id: e3, kind: engagement, text: "\(week) Engagement three: shares", at: \(at(6, "11:30"))}

            """
    }

    static let w49 = weekPlan(week: "2026-W49", dates: ["2026-11-30", "2026-12-01", "2026-12-02", "2026-12-03", "2026-12-04", "2026-12-05", "2026-12-06"])
    static let w50 = weekPlan(week: "2026-W50", dates: ["2026-12-07", "2026-12-08", "2026-12-09", "2026-12-10", "2026-12-11", "2026-12-12", "2026-12-13"])

    static let w49Posts: Set<Pair> = [
        Pair("c1", "2026-11-30T08:00:00Z"), Pair("e1", "2026-11-30T12:30:00Z"), Pair("p1", "2026-12-01T09:15:00Z"),
        Pair("c2", "2026-12-01T16:00:00Z"), Pair("e2", "2026-12-02T10:00:00Z"), Pair("p2", "2026-12-03T11:00:00Z"),
        Pair("c3", "2026-12-04T14:00:00Z"), Pair("p3", "2026-12-05T10:30:00Z"), Pair("e3", "2026-12-06T11:30:00Z"),
    ]
    static let w50Posts: Set<Pair> = [
        Pair("c1", "2026-12-07T08:00:00Z"), Pair("e1", "2026-12-07T12:30:00Z"), Pair("p1", "2026-12-08T09:15:00Z"),
        Pair("c2", "2026-12-08T16:00:00Z"), Pair("e2", "2026-12-09T10:00:00Z"), Pair("p2", "2026-12-10T11:00:00Z"),
        Pair("c3", "2026-12-11T14:00:00Z"), Pair("p3", "2026-12-12T10:30:00Z"), Pair("e3", "2026-12-13T11:30:00Z"),
    ]

    struct Pair: Hashable, CustomStringConvertible {
        var id: String
        var time: String
        init(_ id: String, _ time: String) { self.id = id; self.time = time }
        var description: String { "\(id)@\(time)" }
    }

    /// Each element that carries a post: its id and time, in page order.
    static func postElements(_ html: String) -> [Pair] {
        let pattern = try! NSRegularExpression(pattern: #"data-post-id="([^"]*)" data-time="([^"]*)""#)
        let text = html as NSString
        return pattern.matches(in: html, range: NSRange(location: 0, length: text.length)).map {
            Pair(text.substring(with: $0.range(at: 1)), text.substring(with: $0.range(at: 2)))
        }
    }

    static func occurrences(of needle: String, in html: String) -> Int { html.components(separatedBy: needle).count - 1 }

    static func folder(_ files: [String: String]) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("thirds-report-\(UUID().uuidString)")
        for (path, text) in files {
            let url = directory.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        return directory
    }

    static func read(_ url: URL) throws -> String { try String(contentsOf: url, encoding: .utf8) }

    @Test func aPlanGivesOnePageWithOneElementPerPostAndEverySection() throws {
        let directory = try Self.folder(["w49.yaml": Self.w49])
        defer { try? FileManager.default.removeItem(at: directory) }
        let outcome = try CLITests.run(["report", "w49.yaml"], in: directory)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        // Without --out: beside the schedule `thirds schedule` writes.
        #expect(outcome.stdout == "out/w49/report.html: 1 week, 9 posts\n")
        let html = try Self.read(directory.appendingPathComponent("out/w49/report.html"))
        let posts = Self.postElements(html)
        #expect(posts.count == 9)
        #expect(Set(posts) == Self.w49Posts)
        #expect(Self.occurrences(of: "data-post-id=", in: html) == 9)
        for section in ["channels", "clocks", "thirds", "daily", "reach", "posts", "deferred", "problems"] {
            #expect(html.contains("<section class=\"\(section)\""), "no \(section) section")
        }
        #expect(Self.occurrences(of: "<section class=\"week\"", in: html) == 1)
        #expect(!html.contains("class=\"trend\""))
        // One strip per audience, with the posts for it: e1 is for uk only.
        #expect(html.contains("<figure class=\"strip\" data-audience=\"uk\""))
        #expect(html.contains("<figure class=\"strip\" data-audience=\"ny\""))
        #expect(Self.occurrences(of: "data-of=\"e1\"", in: html) == 1)
        #expect(Self.occurrences(of: "data-of=\"c1\"", in: html) == 2)
        // The score's unit is said where the score is.
        #expect(html.contains("weighted people"))
        // The habit's text and the reach table's rows.
        #expect(html.contains("The habit: weekdays 09:00"))
        #expect(html.contains("<tr data-audience=\"uk\">"))
    }

    @Test func markdownIsTheScheduleSummaryPrintedOrWrittenToOut() throws {
        let directory = try Self.folder(["w49.yaml": Self.w49])
        defer { try? FileManager.default.removeItem(at: directory) }
        let printed = try CLITests.run(["report", "w49.yaml", "--format", "markdown"], in: directory)
        #expect(printed.status == 0, "\(printed.stderr)")
        // The same text `thirds schedule --summary markdown` prints, and nothing written.
        let summary = try CLITests.run(["schedule", "w49.yaml", "--summary", "markdown", "--out", "scratch"], in: directory)
        #expect(summary.status == 0, "\(summary.stderr)")
        #expect(printed.stdout == summary.stdout)
        #expect(printed.stdout.hasPrefix("### w49"), "\(printed.stdout.prefix(200))")
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("out").path))
        // With --out the summary goes to that file; a folder gets summary.md.
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("pages"), withIntermediateDirectories: true)
        let written = try CLITests.run(["report", "w49.yaml", "--format", "markdown", "--out", "pages"], in: directory)
        #expect(written.status == 0, "\(written.stderr)")
        #expect(try Self.read(directory.appendingPathComponent("pages/summary.md")) == printed.stdout)
    }

    @Test func planTextIsEscapedAndThePageLoadsNothing() throws {
        let directory = try Self.folder(["w49.yaml": Self.w49])
        defer { try? FileManager.default.removeItem(at: directory) }
        let outcome = try CLITests.run(["report", "w49.yaml", "--out", "page.html"], in: directory)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let html = try Self.read(directory.appendingPathComponent("page.html"))
        // In text and in the title attribute alike; "&amp;" in the plan stays four characters on the page.
        #expect(html.contains("<p class=\"txt\">2026-W49 Q&amp;A &lt;script&gt;alert(1)&lt;/script&gt; &amp;amp; more</p>"))
        #expect(html.contains("title=\"12:30 e1: 2026-W49 Q&amp;A &lt;script&gt;alert(1)&lt;/script&gt; &amp;amp; more\""))
        #expect(!html.contains("<script"))
        #expect(!html.contains("alert(1)</script>"))
        #expect(html.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'\"/>"))
        #expect(html.contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>"))
        #expect(html.contains("@media print"))
        for external in ["src=", "href=\"http", "href=\"//", "@import", "url(", "<link", "<img", "<iframe"] {
            #expect(!html.contains(external), "the page holds \(external)")
        }
    }

    @Test func theSameBytesOnEveryRunAndUnderAnyTimeZone() throws {
        let directory = try Self.folder(["w49.yaml": Self.w49])
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(try CLITests.run(["report", "w49.yaml", "--out", "one.html"], in: directory).status == 0)
        #expect(try CLITests.run(["report", "w49.yaml", "--out", "two.html"], in: directory).status == 0)
        #expect(try CLITests.run(["report", "w49.yaml", "--out", "new-york.html"], environment: ["TZ": "America/New_York"], in: directory).status == 0)
        let one = try Data(contentsOf: directory.appendingPathComponent("one.html"))
        #expect(one == (try Data(contentsOf: directory.appendingPathComponent("two.html"))))
        #expect(one == (try Data(contentsOf: directory.appendingPathComponent("new-york.html"))))
        // No time on the page unless SOURCE_DATE_EPOCH gives one.
        #expect(!String(decoding: one, as: UTF8.self).contains("As of"))
        #expect(try CLITests.run(["report", "w49.yaml", "--out", "dated.html"], environment: ["SOURCE_DATE_EPOCH": "1764547200"], in: directory).status == 0)
        #expect(try Self.read(directory.appendingPathComponent("dated.html")).contains("As of 2025-12-01T00:00:00Z."))
    }

    @Test func aDirectoryGivesASectionPerWeekAndATrend() throws {
        let directory = try Self.folder(["weeks/w49.yaml": Self.w49, "weeks/w50.yaml": Self.w50])
        defer { try? FileManager.default.removeItem(at: directory) }
        let outcome = try CLITests.run(["report", "weeks"], in: directory)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout == "out/report.html: 2 weeks, 18 posts\n")
        let html = try Self.read(directory.appendingPathComponent("out/report.html"))
        #expect(Self.postElements(html).count == 18)
        #expect(Set(Self.postElements(html)) == Self.w49Posts.union(Self.w50Posts))
        #expect(Self.occurrences(of: "<section class=\"week\"", in: html) == 2)
        #expect(html.contains("<section class=\"week\" id=\"week-w49\" data-plan=\"w49\">"))
        #expect(html.contains("<section class=\"week\" id=\"week-w50\" data-plan=\"w50\">"))
        #expect(html.contains("<section class=\"trend\">"))
        // The trend: a row per week, in order, and a line per audience (plan and habit).
        let w49Row = try #require(html.range(of: "<tr data-plan=\"w49\">"))
        let w50Row = try #require(html.range(of: "<tr data-plan=\"w50\">"))
        #expect(w49Row.lowerBound < w50Row.lowerBound)
        #expect(Self.occurrences(of: "<polyline class=\"trend\"", in: html) == 2)
        #expect(Self.occurrences(of: "<polyline class=\"trend habit\"", in: html) == 2)
    }

    @Test func aScheduleFileIsReadBackAndItsReportWrittenBesideIt() throws {
        let directory = try Self.folder(["w49.yaml": Self.w49])
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(try CLITests.run(["schedule", "w49.yaml", "--out", "out"], in: directory).status == 0)
        let outcome = try CLITests.run(["report", "out/w49/schedule.yaml"], in: directory)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout == "out/w49/report.html: 1 week, 9 posts\n")
        let html = try Self.read(directory.appendingPathComponent("out/w49/report.html"))
        #expect(Set(Self.postElements(html)) == Self.w49Posts)
        #expect(html.contains("read from the schedule file"))
        // The schedule's other files are still there.
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("out/w49/schedule.ics").path))
    }

    @Test func deferredItemsAndWarningsComeFromThePlanAndFromItsScheduleFile() throws {
        // p4's only slot, Mon 08:15, is 15 minutes after c1: the default minimum gap is 90 minutes.
        let crowded = Self.w49 + "  - {id: p4, kind: promotion, text: \"2026-W49 Promotion four\", priority: low, not_before: 2026-11-30T08:10, not_after: 2026-11-30T08:20}\n"
        let directory = try Self.folder(["w49.yaml": crowded])
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(try CLITests.run(["report", "w49.yaml", "--out", "from-plan.html"], in: directory).status == 0)
        #expect(try CLITests.run(["schedule", "w49.yaml", "--out", "out"], in: directory).status == 0)
        #expect(try CLITests.run(["report", "out/w49/schedule.yaml", "--out", "from-file.html"], in: directory).status == 0)
        for page in ["from-plan.html", "from-file.html"] {
            let html = try Self.read(directory.appendingPathComponent(page))
            #expect(Set(Self.postElements(html)) == Self.w49Posts, "\(page)")
            #expect(html.contains("<tr><td>p4</td><td><span class=\"k-promotion\"><span class=\"sw\"></span>promotion</span></td><td>low</td>"
                + "<td class=\"text\">at its best slot (Mon 08:15) it would break min-gap: 'p4' is 15m after 'c1', less than the gap of 90m</td></tr>"), "\(page)")
            // New York is 5 hours behind: of the posts for ny only c2 (11:00 there) and c3 (09:00) fall in its active hours; the rule asks for 3.
            #expect(html.contains("<li class=\"warning\"><span class=\"sev\">warning</span> <code>coverage</code> audience 'ny' (weight 2) gets 2 posts "
                + "in its active hours, fewer than 3 (penalty 3.95 weighted people)</li>"), "\(page)")
            #expect(html.contains("<strong>9 of 10 posts</strong>"), "\(page)")
        }
    }

    @Test func anOutFolderGetsReportHTMLInside() throws {
        let directory = try Self.folder(["w49.yaml": Self.w49, "pages/.keep": ""])
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(try CLITests.run(["report", "w49.yaml", "--out", "pages"], in: directory).stdout == "pages/report.html: 1 week, 9 posts\n")
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("pages/report.html").path))
    }

    @Test func badInputExitsOneWithTheDiagnosticsAndWritesNothing() throws {
        let misspelt = Self.w49.replacingOccurrences(of: "  uk: {timezone", with: "  uk: {timezome")
        // Two promotions in a row, both pinned: checked clean, but no schedule keeps the rule.
        let streak = Self.w49.replacingOccurrences(of: "id: c2, kind: content", with: "id: c2, kind: promotion")
        // Each in its own folder: a plan is checked after its folder's other weeks.
        let directory = try Self.folder(["bad/bad.yaml": misspelt, "streak/streak.yaml": streak])
        defer { try? FileManager.default.removeItem(at: directory) }
        let bad = try CLITests.run(["report", "bad/bad.yaml", "--out", "bad.html"], in: directory)
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("bad/bad.yaml:10:8: error: [unknown-key]"), "\(bad.stderr)")
        #expect(bad.stderr.hasSuffix("thirds: nothing written\n"))
        #expect(bad.stdout.isEmpty)
        let stuck = try CLITests.run(["report", "streak/streak.yaml"], in: directory)
        #expect(stuck.status == 1)
        #expect(stuck.stderr.contains("error: [promotion-streak] cannot schedule streak"), "\(stuck.stderr)")
        let left = try FileManager.default.subpathsOfDirectory(atPath: directory.path).sorted()
        #expect(left == ["bad", "bad/bad.yaml", "streak", "streak/streak.yaml"])
        let missing = try CLITests.run(["report", "no-such.yaml"], in: directory)
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("no such file or directory: no-such.yaml"))
    }

    @Test func escapingLeavesNothingThatLooksLikeMarkup() {
        #expect(HTMLEscape.text("a<b>&amp;\"'") == "a&lt;b&gt;&amp;amp;\"'")
        #expect(HTMLEscape.attribute("a<b>&\"'") == "a&lt;b&gt;&amp;&quot;&#39;")
    }
}

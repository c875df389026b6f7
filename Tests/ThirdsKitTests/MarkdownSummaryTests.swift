import Foundation
import Testing
@testable import ThirdsCore
@testable import ThirdsModel
@testable import ThirdsSolve
@testable import ThirdsSchedule
@testable import ThirdsReport
@testable import ThirdsKit

/// The Markdown summary for pull requests, against texts written by hand.
/// The numbers are worked from docs/reach-model.md with the default profile,
/// one audience of 100 in London (on UTC in December):
/// - 08:00 on a weekday, in view until 09:20: ∫λ = 0.15 + 0.04/3, p = 1 − e^−0.16333 = 0.150692, 15.1 people;
/// - 07:00, in view until 08:20: ∫λ = 0.15 + 0.15/3 = 0.2, p = 1 − e^−0.2 = 0.181269, 18.1 people;
/// - the habit, weekdays 09:00 (until 10:20: ∫λ = 0.04 + 0.04/3): p = 0.051936, five a week:
///   reads 0.2597, reached 1 − e^−(5 × 0.053333) = 1 − e^−0.26667 = 23.4%.
@Suite("Markdown summary")
struct MarkdownSummaryTests {
    /// Three pinned posts, a third of each kind, and a low-priority promotion
    /// that a second promotion's share keeps out.
    static func week49(account: String = "acme") -> String {
        """
        week: 2026-W49
        account: {name: \(account), timezone: Europe/London}
        rules:
          rules:
            daily-limit: {severity: off}
        channels:
          x: {handle: acme}
          linkedin: {author: "urn:li:person:1"}
        audiences:
          uk: {timezone: Europe/London, size: 100}
        items:
          - {id: c1, kind: content, text: "Queues, rotas and the people in them", at: 2026-11-30T08:00, crosspost: [linkedin]}
          - {id: e1, kind: engagement, text: "What is your longest queue?", at: 2026-12-01T07:00}
          - {id: p1, kind: promotion, text: "Our webinar on Thursday", at: 2026-12-02T08:00}
          - {id: p2, kind: promotion, text: "Our newsletter", priority: low}
        """
    }

    /// The next week: every post at 07:00 (`spread` would warn of three in one hour).
    static let week50 = """
        week: 2026-W50
        account: {name: acme, timezone: Europe/London}
        rules:
          rules:
            daily-limit: {severity: off}
            spread: {severity: off}
        audiences:
          uk: {timezone: Europe/London, size: 100}
        items:
          - {id: c2, kind: content, text: "Rotas that people can live with", at: 2026-12-07T07:00}
          - {id: e2, kind: engagement, text: "Which metric would you drop?", at: 2026-12-08T07:00}
          - {id: p3, kind: promotion, text: "Our case study is out", at: 2026-12-09T07:00}
        """

    static func reports(_ files: [String: String]) throws -> [WeekReport] {
        let outcome = try solve(files)
        #expect(outcome.succeeded, "\(outcome.report.findings.map(\.message)) \(outcome.unschedulable.map(\.message))")
        return outcome.schedules.map { WeekReport($0, generatedAt: Date(timeIntervalSince1970: 0)) }
    }

    static let legend = "_People reached: the members of a post's audiences expected to see it (n · p, with p one member's chance). "
        + "Reached: the share of an audience's members who see at least one post, 1 − Π(1 − p). "
        + "Reads per member: the posts an average member sees, Σ p. "
        + "Score: Σ priority × w · n · p less the warnings' penalties, in weighted people (each person counted by the audience's weight w)._"

    /// Week 49's section. Planned: reads 2 × 0.150692 + 0.181269 = 0.4827;
    /// reached 1 − e^−(2 × 0.16333 + 0.2) = 1 − e^−0.52667 = 40.9%; against
    /// the habit's 0.2597 reads, 1.86 times. Score: priority normal (2) ×
    /// 100 × 0.4827 = 96.5. The LinkedIn copy goes out when its window
    /// (Mon–Fri 09:00–17:00) opens after the post: Monday 09:00.
    static let week49Section = """
        ### plan

        acme · 2026-11-30 to 2026-12-06 · times on the account's clock (Europe/London)

        3 of 4 posts scheduled · score 96.5 weighted people · 0 errors, 0 warnings

        | day | time | channel | kind | post | text | people reached |
        | --- | --- | --- | --- | --- | --- | ---: |
        | Mon 30 Nov | 08:00 | x; linkedin 09:00 | content | c1 | Queues, rotas and the people in them | 15.1 |
        | Tue 1 Dec | 07:00 | x | engagement | e1 | What is your longest queue? | 18.1 |
        | Wed 2 Dec | 08:00 | x | promotion | p1 | Our webinar on Thursday | 15.1 |

        **Thirds**: posts by kind against the rule's targets

        | kind | posts | share | target |
        | --- | ---: | ---: | ---: |
        | content | 1 | 33% | 33% |
        | engagement | 1 | 33% | 33% |
        | promotion | 1 | 33% | 33% |

        **Reach against the old habit**, weekdays 09:00 (5 posts this week)

        | audience | members | reached: planned | reached: habit | reads per member: planned | reads per member: habit | planned ÷ habit |
        | --- | ---: | ---: | ---: | ---: | ---: | ---: |
        | uk | 100 | 41% (40.9 people) | 23% (23.4 people) | 0.48 | 0.26 | 1.9× |

        **Deferred** (1)

        - p2 (promotion, low priority): at its best slot (Mon 07:00) it would break min-gap, thirds: the schedule's shares \
        content 1/4, engagement 1/4, promotion 2/4 break the rule of thirds (targets content 33.3%, engagement 33.3%, promotion 33.3% ± 10%)


        """

    @Test func aSmallWeekWhole() throws {
        let reports = try Self.reports(["plan.yaml": Self.week49()])
        #expect(MarkdownSummary.render(reports) == Self.week49Section + Self.legend + "\n")
    }

    @Test func severalWeeksStartWithTheTrend() throws {
        let reports = try Self.reports(["plans/2026-W49.yaml": Self.week49(), "plans/2026-W50.yaml": Self.week50])
        let text = MarkdownSummary.render(reports)
        // Week 50: three posts at 07:00, reads 3 × 0.181269 = 0.5438, reached
        // 1 − e^−0.6 = 45.1%, score 2 × 100 × 0.5438 = 108.8; 2.09 times the habit.
        let trend = """
            ### Trend: 2 plans, 2026-11-30 to 2026-12-13

            | plan | starts | posts | deferred | errors | warnings | score (weighted people) | uk reached (habit) |
            | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |
            | 2026-W49 | 2026-11-30 | 3 | 1 | 0 | 0 | 96.5 | 41% (23%) |
            | 2026-W50 | 2026-12-07 | 3 | 0 | 0 | 0 | 108.8 | 45% (23%) |

            ### 2026-W49

            """
        #expect(text.hasPrefix(trend), "\(text)")
        #expect(text.contains(Self.week49Section.replacingOccurrences(of: "### plan\n", with: "### 2026-W49\n")))
        #expect(text.contains("\n### 2026-W50\n\nacme · 2026-12-07 to 2026-12-13 · "))
        #expect(text.contains("| uk | 100 | 45% (45.1 people) | 23% (23.4 people) | 0.54 | 0.26 | 2.1× |\n"))
        #expect(text.components(separatedBy: "\n### ").count == 3)
        #expect(text.hasSuffix("\n" + Self.legend + "\n"))
    }

    /// docs/scheduling.md shows this plan and what thirds prints for it.
    @Test func theDocumentedExampleIsWhatThirdsPrints() throws {
        let docs = try String(contentsOf: CLITests.repository.appendingPathComponent("docs/scheduling.md"), encoding: .utf8)
        let section = try #require(docs.components(separatedBy: "## The summary for pull requests\n").dropFirst().first)
        func block(_ language: String) throws -> String {
            let start = try #require(section.range(of: "```\(language)\n"))
            let end = try #require(section.range(of: "\n```\n", range: start.upperBound..<section.endIndex))
            return String(section[start.upperBound..<end.lowerBound])
        }
        #expect(try block("yaml") == Self.week49())
        let reports = try Self.reports(["2026-W49.yaml": try block("yaml")])
        #expect(MarkdownSummary.render(reports) == (try block("markdown")) + "\n")
    }

    @Test func escapedTextShowsAsTextOnOneLine() {
        #expect(MarkdownSummary.escape("| <script>alert(1)</script> \n").text == "\\| &lt;script&gt;alert(1)&lt;/script&gt;  ")
        #expect(MarkdownSummary.escape("a & b `code` *em* _u_ [l](x) ~s~ $1 \\").text
                == "a &amp; b \\`code\\` \\*em\\* \\_u\\_ \\[l\\](x) \\~s\\~ \\$1 \\\\")
        // Only first on a line do these start a heading or a list.
        #expect(MarkdownSummary.escape("# not a heading #tag").text == "\\# not a heading #tag")
        #expect(MarkdownSummary.escape("- x").text == "\\- x")
        #expect(MarkdownSummary.escape("12. x 3. y").text == "12\\. x 3. y")
        #expect(MarkdownSummary.escape("a-b").text == "a-b")
        // No one is mentioned and no issue linked: a word joiner (U+2060) after "@" and "#".
        #expect(MarkdownSummary.escape("hi @octocat, see #12; mail a@b.example").text
                == "hi @\u{2060}octocat, see #\u{2060}12; mail a@b.example")
        // "\r\n" is one character, so one space.
        #expect(MarkdownSummary.escape("line one\r\nline\ttwo\u{2028}").text == "line one line two ")
    }

    @Test func longTextsAreCutWithAnEllipsis() {
        let long = String(repeating: "abcd ", count: 20)
        let escaped = MarkdownSummary.escape(long, limit: 12)
        // Eleven characters, "abcd abcd a", then the ellipsis.
        #expect(escaped.text == "abcd abcd a…" && escaped.cut)
        // A space before the cut is dropped: "abcd abcd" and the ellipsis.
        #expect(MarkdownSummary.escape(long, limit: 11).text == "abcd abcd…")
        #expect(MarkdownSummary.escape("short", limit: 12) == ("short", false))
        // Characters, not bytes or scalars: a flag is one.
        #expect(MarkdownSummary.escape("🇬🇧🇬🇧🇬🇧", limit: 2).text == "🇬🇧…")
    }

    @Test func hostileTextInAPlanCannotBreakTheTable() throws {
        var report = try #require(try Self.reports(["plan.yaml": Self.week49(account: "\"a|b <i>x</i>\"")]).first)
        report.posts[0].text = "| <script>alert(1)</script>\n# @everyone"
        report.problems = [
            WeekReport.Problem(severity: .warning, rule: "spread", message: "two posts at `08:00` | *again*", penalty: 12.5),
            WeekReport.Problem(severity: .error, rule: "min-gap", message: "<b>too close</b>", penalty: nil),
        ]
        let text = MarkdownSummary.render([report])
        #expect(text.contains("\na\\|b &lt;i&gt;x&lt;/i&gt; · 2026-11-30 to 2026-12-06 · "))
        // The line break is a space; "#" there starts nothing; "@everyone" mentions no one.
        #expect(text.contains("| Mon 30 Nov | 08:00 | x; linkedin 09:00 | content | c1 | \\| &lt;script&gt;alert(1)&lt;/script&gt; # @\u{2060}everyone | 15.1 |\n"))
        #expect(text.contains("3 of 4 posts scheduled · score 96.5 weighted people · 1 error, 1 warning\n"))
        // Errors first, then warnings with their penalty.
        #expect(text.contains("""
            **Errors and warnings** (2)

            - **error** \\[min-gap\\] &lt;b&gt;too close&lt;/b&gt;
            - **warning** \\[spread\\] two posts at \\`08:00\\` \\| \\*again\\* (penalty 12.5 weighted people)

            """))
        for line in text.split(separator: "\n") where line.hasPrefix("|") {
            // Seven cells in the week's table, four in the thirds', seven in the reach's: no cell split by a "|" of the text.
            let cells = line.replacingOccurrences(of: "\\|", with: "").filter { $0 == "|" }.count - 1
            #expect(cells == 7 || cells == 4, "\(line)")
        }
        #expect(!text.contains("<"))
    }

    @Test func aCutTextIsSaidToBeCut() throws {
        var report = try #require(try Self.reports(["plan.yaml": Self.week49()]).first)
        report.posts[1].text = String(repeating: "x", count: 60)
        let text = MarkdownSummary.render([report])
        #expect(text.contains("| e1 | " + String(repeating: "x", count: 47) + "… | 18.1 |"))
        #expect(text.hasSuffix(Self.legend + " _A text that ends in … is cut short; the schedule file has it whole._\n"))
    }

    @Test func manyPostsAreCutAtTheRowLimit() throws {
        var report = try #require(try Self.reports(["plan.yaml": Self.week49()]).first)
        report.posts = Array(repeating: report.posts[0], count: MarkdownSummary.postRowLimit + 3)
        let text = MarkdownSummary.render([report])
        #expect(text.components(separatedBy: "| Mon 30 Nov | 08:00 |").count == MarkdownSummary.postRowLimit + 1)
        #expect(text.contains("\n\n… and 3 more posts (the schedule file lists them all).\n"))
    }

    /// `Commands.summary`, for `thirds report --format markdown`: the same
    /// text as `schedule --summary`, nothing written; errors as `schedule` gives them.
    @Test func theSummaryCommandWritesNothing() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("thirds-summary-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let path = root.appendingPathComponent("plan.yaml").path
        try Self.week49().write(toFile: path, atomically: true, encoding: .utf8)
        let outcome = try Commands.summary(paths: [path], options: SolveOptions(moves: 3_000))
        #expect(outcome.files == nil && outcome.status == 0)
        #expect(outcome.standardOutput == Self.week49Section + Self.legend + "\n")
        try "week: 2026-W49\n".write(toFile: path, atomically: true, encoding: .utf8)
        let broken = try Commands.summary(paths: [path], options: SolveOptions(moves: 3_000))
        #expect(broken.status == 1 && broken.standardOutput.isEmpty && broken.standardError.contains("error: [missing-key]"))
    }
}

/// `thirds schedule --summary markdown` through the real binary.
@Suite("thirds schedule --summary")
struct SummaryCLITests {
    @Test func aDirectoryPrintsTheTrendAndEachWeekAndWritesTheFiles() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("thirds-summary-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("plans"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        try MarkdownSummaryTests.week49().write(to: root.appendingPathComponent("plans/2026-W49.yaml"), atomically: true, encoding: .utf8)
        try MarkdownSummaryTests.week50.write(to: root.appendingPathComponent("plans/2026-W50.yaml"), atomically: true, encoding: .utf8)
        let arguments = ["schedule", "plans", "--out", "out", "--summary", "markdown"]
        let london = try CLITests.run(arguments, environment: ["TZ": "Europe/London"], in: root)
        #expect(london.status == 0, "\(london.stderr)")
        #expect(london.stdout.hasPrefix("### Trend: 2 plans, 2026-11-30 to 2026-12-13\n"))
        #expect(london.stdout.contains("| 2026-W50 | 2026-12-07 | 3 | 0 | 0 | 0 | 108.8 | 45% (23%) |\n"))
        #expect(london.stdout.contains(MarkdownSummaryTests.week49Section.replacingOccurrences(of: "### plan\n", with: "### 2026-W49\n")))
        #expect(!london.stdout.contains("schedule.yaml:"))
        // The files are written as without --summary.
        #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("out/2026-W50/schedule.yaml").path))
        let apia = try CLITests.run(arguments, environment: ["TZ": "Pacific/Apia", "LANG": "de_DE.UTF-8"], in: root)
        #expect(apia.stdout == london.stdout)
    }

    @Test func theSummaryIsAllThatIsPrinted() throws {
        for other in ["--check", "--explain", "--view"] {
            let outcome = try CLITests.run(["schedule", "examples/greencontact-week.yaml", "--summary", "markdown", other])
            #expect(outcome.status == 2)
            #expect(outcome.stderr.contains("--summary prints only the summary and cannot be used with \(other)"), "\(outcome.stderr)")
        }
        let unknown = try CLITests.run(["schedule", "examples/greencontact-week.yaml", "--summary", "html"])
        #expect(unknown.status == 2 && unknown.stderr.contains("html"))
    }
}

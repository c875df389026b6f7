import Foundation
import Testing
import Yams
@testable import ThirdsCore
@testable import ThirdsModel
@testable import ThirdsSchedule
@testable import ThirdsCheck
@testable import ThirdsExport
@testable import ThirdsKit

/// Reach in people as the user sees it: the schedule file's figures, the
/// summary line and the week view, for a small week worked out by hand from
/// docs/reach-model.md (the default profile), through the real binary.
@Suite("Reach in people: file, summary and week view")
struct ReachFiguresTests {
    /// Three pinned posts for 144 UK followers of weight 3, each of normal
    /// priority (weight 2), in 2026-W49 (London on GMT):
    /// - c1 Mon 07:00, in view to 08:20: ∫λ = 0.15 + 0.15/3 = 0.2, p = 1 − e^−0.2 = 0.181269;
    /// - e1 Tue 09:00, in view to 10:20: ∫λ = 0.04 + 0.04/3 = 0.053333, p = 0.051936;
    /// - p1 Wed 12:00, in view to 13:20: ∫λ = 0.12 + 0.03/3 = 0.13, p = 1 − e^−0.13 = 0.121905.
    /// c1 is copied to LinkedIn (window Mon–Fri 09:00–17:00: Mon 09:00) and
    /// to the blog (lead 30m: Mon 06:30).
    static let plan = """
        week: 2026-W49
        account: {name: acme, timezone: Europe/London}
        rules:
          rules:
            daily-limit: {min: 0}
        channels:
          x: {handle: acme}
          linkedin: {author: "urn:li:person:1"}
          blog: {site: "https://blog.example.org", engine: hugo, lead: 30m}
        audiences:
          uk: {timezone: Europe/London, size: 144, weight: 3}
        items:
          - {id: c1, kind: content, text: "Queues, measured", title: "Queues, measured", at: 2026-11-30T07:00, crosspost: [linkedin, blog]}
          - {id: e1, kind: engagement, text: "Your longest wait on hold?", at: 2026-12-01T09:00}
          - {id: p1, kind: promotion, text: "Webinar on Wednesday", at: 2026-12-02T12:00}
        """

    /// The plan in a fresh folder, scheduled by the binary.
    static func schedule(_ extra: [String] = []) throws -> (outcome: CLITests.Outcome, folder: URL) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("thirds-figures-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data(plan.utf8).write(to: folder.appendingPathComponent("figures.yaml"))
        let outcome = try CLITests.run(["schedule", "figures.yaml", "--out", "out"] + extra, in: folder)
        #expect(outcome.status == 0, "\(outcome.stdout)\(outcome.stderr)")
        return (outcome, folder)
    }

    static func mapping(_ node: Any?, _ key: String) -> [String: Any] { ((node as? [String: Any])?[key] as? [String: Any]) ?? [:] }

    /// A number of the file, whether YAML read it as a whole number or not.
    static func number(_ value: Any?) -> Double? { (value as? Double) ?? (value as? Int).map(Double.init) }

    /// The three figures of a `per-fortnight` mapping.
    static func fortnight(_ figures: [String: Any]) -> [Double?] {
        let values = mapping(figures, "per-fortnight")
        return ["reads-per-member", "share-reached", "people-reached"].map { number(values[$0]) }
    }

    @Test func theScheduleFileHoldsPeopleTheScoreAndTheBaseline() throws {
        let (_, folder) = try Self.schedule()
        defer { try? FileManager.default.removeItem(at: folder) }
        let text = try String(contentsOf: folder.appendingPathComponent("out/figures/schedule.yaml"), encoding: .utf8)
        let document = try #require(try Yams.load(yaml: text) as? [String: Any])
        #expect(document["format"] as? String == "thirds-schedule/2")
        let posts = try #require(document["posts"] as? [[String: Any]])
        // people n·p, weighted-people w·n·p = 3 × people, score = 2 × weighted-people.
        let expected: [(id: String, probability: Double, people: Double, weighted: Double, score: Double)] = [
            ("c1", 0.181269, 26.103, 78.308, 156.617),  // 144 × 0.1812692 = 26.1028
            ("e1", 0.051936, 7.479, 22.436, 44.873),    // 144 × 0.0519361 = 7.4788
            ("p1", 0.121905, 17.554, 52.663, 105.326),  // 144 × 0.1219045 = 17.5542; 864 × 0.1219045 = 105.3255
        ]
        #expect(posts.map { $0["id"] as? String } == expected.map(\.id))
        for (post, want) in zip(posts, expected) {
            let audience = try #require((post["audiences"] as? [[String: Any]])?.first)
            #expect(audience["probability"] as? Double == want.probability, "\(want.id)")
            #expect(audience["people"] as? Double == want.people, "\(want.id)")
            #expect(audience["weighted-people"] as? Double == want.weighted, "\(want.id)")
            #expect(post["people"] as? Double == want.people && post["weighted-people"] as? Double == want.weighted, "\(want.id)")
            #expect(post["score"] as? Double == want.score && post["weighted"] == nil && post["reach"] == nil, "\(want.id)")
        }
        // 864 × (0.1812692 + 0.0519361 + 0.1219045) = 864 × 0.3551099 = 306.815.
        #expect(Self.mapping(document, "score")["score"] as? Double == 306.815)

        let line = try #require((document["reach"] as? [[String: Any]])?.first)
        #expect(line["audience"] as? String == "uk" && Self.number(line["size"]) == 144)
        let planned = Self.mapping(line, "planned"), baseline = Self.mapping(line, "baseline")
        // Σp = 0.355110; share 1 − e^−0.383333 = 1 − 0.681586 = 0.318414, × 144 = 45.852.
        #expect(planned["posts"] as? Int == 3)
        #expect(planned["reads-per-member"] as? Double == 0.3551)
        #expect(planned["share-reached"] as? Double == 0.3184)
        #expect(planned["people-reached"] as? Double == 45.852)
        // A fortnight: 2 × 0.355110 = 0.7102; 1 − 0.681586² = 1 − 0.464559 = 0.535441, × 144 = 77.104.
        #expect(Self.fortnight(planned) == [0.7102, 0.5354, 77.104])
        // The default habit: five posts at 09:00, 5 × 0.0519361 = 0.25968; 1 − e^−0.266667 = 0.234072, × 144 = 33.706;
        // a fortnight 0.51936 and 1 − e^−0.533333 = 0.413354, × 144 = 59.523.
        #expect(baseline["habit"] as? String == "weekdays 09:00" && planned["habit"] == nil)
        #expect(baseline["posts"] as? Int == 5)
        #expect(baseline["reads-per-member"] as? Double == 0.2597)
        #expect(baseline["share-reached"] as? Double == 0.2341)
        #expect(baseline["people-reached"] as? Double == 33.706)
        #expect(Self.fortnight(baseline) == [0.5194, 0.4134, 59.523])
        // 0.355110 / 0.259680 = 1.3675
        #expect(line["ratio"] as? Double == 1.367)

        // The JSON file holds the same, and both read back in check and export.
        let json = try Self.schedule(["--format", "json"])
        defer { try? FileManager.default.removeItem(at: json.folder) }
        let data = try Data(contentsOf: json.folder.appendingPathComponent("out/figures/schedule.json"))
        let fromJSON = try JSONDecoder().decode(ScheduleDocument.self, from: data)
        let fromYAML = try YAMLDecoder().decode(ScheduleDocument.self, from: text)
        #expect(fromJSON == fromYAML)
        #expect(fromYAML.reach?.first?.baseline.habit == "weekdays 09:00" && fromYAML.posts.first?.people?.value == 26.103)
        for file in ["out/figures/schedule.yaml"] {
            #expect(try CLITests.run(["check", file], in: folder).status == 0)
            let exported = try CLITests.run(["export", file, "--to", "csv", "--out", "exports"], in: folder)
            #expect(exported.status == 0, "\(exported.stderr)")
        }
        #expect(try CLITests.run(["check", "out/figures/schedule.json"], in: json.folder).status == 0)
    }

    @Test func theSummaryLineSaysTheReachInWords() throws {
        let (outcome, folder) = try Self.schedule()
        defer { try? FileManager.default.removeItem(at: folder) }
        // 0.318 → 32%, the habit 0.234 → 23%; 0.3551 reads, 1.37 → 1.4 times the habit's.
        #expect(outcome.stdout == """
            out/figures/schedule.yaml: 3 of 3 posts · priority 6 · score 306.8 weighted people · every error rule kept
              uk: 32% see at least one post this week (habit: 23%) · 0.36 reads per member, 1.4× the habit

            """)
    }

    @Test func theWeekViewShowsLinkedInAndBlogLanesAndALegend() throws {
        let (outcome, folder) = try Self.schedule(["--view"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let lines = outcome.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        func row(_ label: String, _ marks: [Int: String]) -> String {
            label + (0..<24).map { marks[$0].map { " \($0) " } ?? " · " }.joined()
        }
        // Monday: the post at 07:00 on X, its LinkedIn copy at 09:00, the blog article at 06:30.
        #expect(lines[2] == row("Mon 30 X        ", [7: "C"]))
        #expect(lines[3] == row("       LinkedIn ", [9: "C"]))
        #expect(lines[4] == row("       blog     ", [6: "C"]))
        #expect(lines[5] == row("Tue 01 X        ", [9: "E"]))
        #expect(lines[8] == row("Wed 02 X        ", [12: "P"]))
        #expect(lines.count == 2 + 7 * 3 + 5 + 2 + 1)
        #expect(Array(lines[23...27]) == [
            "  C content  E engagement  P promotion  C2 two in one hour",
            "  Lanes: X posts, LinkedIn posts and copies, blog articles; each mark in the hour it goes out.",
            "  Times: acme's clock (Europe/London), one column per hour.",
            "  Score: weighted people, the people expected to see each post times their",
            "  audience's weight and the post's priority weight (high 4, normal 2, low 1).",
        ])
        // The view (not the summary after it) fits 100 columns.
        #expect(lines[..<28].allSatisfy { $0.count <= 100 }, "\(lines.map(\.count))")
    }

    /// A Sunday post's LinkedIn copy stays in the week: under the default
    /// weekday window it has no time, so `schedule` reports it at the
    /// `crosspost` entry (line 13, column 116) and writes nothing; under a
    /// window that takes Sundays the view shows it on Sunday, nothing after.
    @Test func aSundayCopyStaysInTheWeek() throws {
        let text = Self.plan.replacingOccurrences(of: "at: 2026-11-30T07:00", with: "at: 2026-12-06T10:00")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("thirds-figures-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data(text.utf8).write(to: folder.appendingPathComponent("figures.yaml"))
        let refused = try CLITests.run(["schedule", "figures.yaml", "--out", "out", "--view"], in: folder)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("figures.yaml:13:116: error: [invalid-value] the LinkedIn copy of 'c1'"), "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out").path))

        let sundays = text.replacingOccurrences(of: "linkedin: {author: \"urn:li:person:1\"}",
                                                with: "linkedin: {author: \"urn:li:person:1\", window: \"Mon-Sun 09:00-17:00\"}")
        try Data(sundays.utf8).write(to: folder.appendingPathComponent("figures.yaml"))
        let outcome = try CLITests.run(["schedule", "figures.yaml", "--out", "out", "--view"], in: folder)
        #expect(outcome.status == 0, "\(outcome.stdout)\(outcome.stderr)")
        #expect(!outcome.stdout.contains("after the week"), "\(outcome.stdout)")
        // Sunday 10:00 GMT: the copy in the same hour as the post.
        #expect(outcome.stdout.contains("\n       LinkedIn " + String(repeating: " · ", count: 10) + " C "), "\(outcome.stdout)")
        // The blog article goes out on Sunday at 09:30, in the week.
        #expect(outcome.stdout.contains("\n       blog     " + String(repeating: " · ", count: 9) + " C "), "\(outcome.stdout)")
    }

    /// The per-audience figures are finite-checked as every other number.
    @Test func aNonFiniteReachFigureIsAnErrorNotAFile() throws {
        let schedule = try #require(try solve(["plan.yaml": Self.plan]).schedules.first)
        var document = ScheduleDocument(schedule, planPath: "../plan.yaml")
        #expect(try document.yaml().contains("share-reached: 0.3184"))
        document.reach?[0].baseline.perFortnight.shareReached = Measure(.nan, places: 4)
        let error = try #require(throws: ScheduleEncodingError.self) { try document.json() }
        #expect(error.description.contains("the baseline share reached per fortnight of 'uk' is nan, not a finite number"), "\(error)")
        document.reach?[0].baseline.perFortnight.shareReached = Measure(0, places: 4)
        document.posts[0].people = Measure(.infinity, places: 3)
        #expect(throws: ScheduleEncodingError.self) { try document.yaml() }
    }

    /// Format 1 named the weighted figures `reach` and `weighted` and had no
    /// people; such a file still reads: decoded, checked and exported (the
    /// bulk-export goldens are made from one), and past the plan size limit.
    @Test func aScheduleOfFormatOneStillReads() throws {
        let document = try BulkExportTests.greencontactDocument()
        #expect(document.format == "thirds-schedule/1" && document.reach == nil)
        let first = try #require(document.posts.first)
        // queue-myths in that file: reach 64.793, weighted 129.586, its audience's reach 64.793.
        #expect(first.reach.value == 64.793 && first.weighted.value == 129.586 && first.people == nil)
        #expect(first.audiences.first?.reach.value == 64.793 && first.audiences.first?.people == nil)
        #expect(document.score.reach.value > 0)
        _ = try BulkExportTests.greencontact()

        let (_, folder) = try Self.schedule()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("out/figures/schedule.yaml")
        // 1.2 MB of comment lines take the schedule past the plan limit of 1 MiB.
        let padding = String(repeating: "# " + String(repeating: "x", count: 98) + "\n", count: 12_000)
        let old = try String(contentsOf: file, encoding: .utf8).replacingOccurrences(of: "thirds-schedule/2", with: "thirds-schedule/1")
        try (old + padding).write(to: file, atomically: true, encoding: .utf8)
        let checked = try CLITests.run(["check", "out/figures/schedule.yaml"], in: folder)
        #expect(checked.status == 0, "\(checked.stdout)\(checked.stderr)")
    }
}

/// `--out o` trapped (SIGILL) in Foundation's deletingLastPathComponent on
/// the one-character folder name; found while running the examples.
@Suite("A one-character output folder")
struct OneCharacterFolderTests {
    @Test func parentFolders() {
        #expect(parentFolder(of: "o") == "")
        #expect(parentFolder(of: "o/week") == "o")
        #expect(parentFolder(of: "a/b/") == "a")
        #expect(parentFolder(of: "a//b") == "a")
        #expect(parentFolder(of: "/a") == "/")
        #expect(parentFolder(of: "/") == "/")
        #expect(parentFolder(of: "./o") == ".")
    }

    @Test func scheduleWritesIntoIt() throws {
        let (outcome, folder) = try ReachFiguresTests.schedule()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(outcome.status == 0)
        let one = try CLITests.run(["schedule", "figures.yaml", "--out", "o"], in: folder)
        #expect(one.status == 0, "\(one.stderr)")
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("o/figures/schedule.yaml").path))
    }
}

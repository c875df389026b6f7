import Foundation
import Testing
import Yams
@testable import ThirdsCore
@testable import ThirdsModel
@testable import ThirdsRules
@testable import ThirdsSolve
@testable import ThirdsSchedule
@testable import ThirdsCheck
@testable import ThirdsKit

/// The evergreen library (docs/library.md): what a week draws, when it draws
/// nothing, cooldown, max_uses and the active range from the earlier weeks'
/// schedules, `thirds check`'s warning when the library cannot supply the
/// week, and the diagnostics of a bad library file.
///
/// The hand-worked numbers: thirds is 1/3 ± 0.1, so each share lies in
/// [0.2333, 0.4333]. A week of 3 content, 1 engagement and 2 promotion keeps
/// every drafted post only with T ≥ 7 posts (3/T ≤ 0.4333), so with exactly
/// one more engagement post: 3/7 = 0.43, 2/7 = 0.29, 2/7 = 0.29. Alone, one
/// engagement post allows at most T = 4 (1/5 = 0.2 < 0.2333), and 2 of 4
/// content is 0.5: the best is one of each, three posts deferred.
@Suite("Evergreen library")
struct LibraryTests {
    /// 3 content, 1 engagement, 2 promotion; daily-limit off so that thirds alone decides.
    static let shortItems = """
      - {id: c1, kind: content, text: "Content one about queues"}
      - {id: c2, kind: content, text: "Content two about rotas"}
      - {id: c3, kind: content, text: "Content three about metrics"}
      - {id: e1, kind: engagement, text: "Engagement one: your questions"}
      - {id: p1, kind: promotion, text: "Promotion one: webinar"}
      - {id: p2, kind: promotion, text: "Promotion two: newsletter"}
    """
    static let rules = "    daily-limit: {min: 0}\n"

    static func shortPlan(week: String = "2026-W49", library: String = "library/evergreen.yaml", items: String = shortItems) -> String {
        // Each week's texts name the week, so that weeks in one folder repeat no text.
        plan(items: items.replacingOccurrences(of: "\"}", with: " (\(week))\"}"), rules: rules)
            .replacingOccurrences(of: "week: 2026-W49", with: "week: \(week)\nlibrary: \(library)")
    }

    static func library(cooldown: String = "6w", maxUses: String? = nil, active: String? = nil, items: String? = nil) -> String {
        """
        format: thirds-library/1
        name: evergreen
        cooldown: \(cooldown)
        \(maxUses.map { "max_uses: \($0)" } ?? "")
        \(active.map { "active: \($0)" } ?? "")
        items:
        \(items ?? """
          - {id: ev-tip, kind: content, text: "An evergreen tip about queues"}
          - {id: ev-ask, kind: engagement, text: "What do you ask new agents on day one?"}
          - {id: ev-ask-2, kind: engagement, text: "Which report do you read first each morning?"}
          - {id: ev-guide, kind: promotion, text: "Our free staffing guide"}
        """)
        """
    }

    /// Solves `plans/` of a fresh folder as `thirds schedule plans` does: consecutive weeks.
    static func solveFolder(_ files: [String: String]) throws -> SchedulePipeline.Outcome {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("thirds-library-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        for (path, text) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        return try SchedulePipeline.run(paths: [root.path + "/plans"], options: SolveOptions(moves: 2_000))
    }

    static func drawn(_ schedule: Schedule) -> [String] {
        schedule.posts.filter { $0.occurrence.item.library != nil }.map(\.occurrence.id).sorted()
    }

    @Test func aShortWeekDrawsExactlyTheEngagementItLacks() throws {
        let outcome = try solve(["plan.yaml": Self.shortPlan(), "library/evergreen.yaml": Self.library()])
        #expect(outcome.succeeded, "\(describe(outcome.report)) \(outcome.unschedulable)")
        let schedule = try #require(outcome.schedules.first)
        // One engagement post, the first never-used one in the library's order.
        #expect(Self.drawn(schedule) == ["ev-ask"])
        #expect(schedule.posts.count == 7)
        #expect(schedule.deferred.isEmpty, "\(schedule.deferred.map { "\($0.occurrence.id): \($0.reason)" })")
        #expect(schedule.violations.filter { $0.severity == .error }.isEmpty)
        // Marked in the schedule file, and the file reads back clean.
        let document = ScheduleDocument(schedule, planPath: "../plan.yaml")
        #expect(document.posts.filter { $0.library == "evergreen" }.map(\.id) == ["ev-ask"])
        #expect(document.posts.filter { $0.library == nil }.count == 6)
        let yaml = try document.yaml()
        #expect(yaml.contains("library: evergreen"))
        let report = check(["plan.yaml": Self.shortPlan(), "library/evergreen.yaml": Self.library(), "out/schedule.yaml": yaml])
        #expect(report.errorCount == 0, "\(describe(report))")
        // The printed forms say so too.
        #expect(WeekView.scoreLine(schedule).contains("7 of 7 posts · 1 from the library"))
        #expect(WeekView.list(schedule).contains("ev-ask (library evergreen)"))
        #expect(WeekView.render(schedule, color: false).contains("c e p drawn from the library (evergreen)"))
    }

    /// A drawn item's own waiver holds in the schedule and in `thirds check`
    /// of the schedule file, which reads the drawn post back from the library.
    @Test func aDrawnPostsWaiverHoldsInTheWrittenSchedule() throws {
        let library = Self.library(items: """
          - {id: ev-ask, kind: engagement, text: "Your questions #queues #rotas #metrics", waive: {hashtags: "our three standing tags"}}
        """)
        let outcome = try solve(["plan.yaml": Self.shortPlan(), "library/evergreen.yaml": library])
        let schedule = try #require(outcome.schedules.first)
        #expect(Self.drawn(schedule) == ["ev-ask"])
        #expect(!schedule.violations.contains { $0.ruleID == "hashtags" })
        let yaml = try ScheduleDocument(schedule, planPath: "../plan.yaml").yaml()
        let report = check(["plan.yaml": Self.shortPlan(), "library/evergreen.yaml": library, "out/schedule.yaml": yaml])
        #expect(!report.findings.contains { $0.ruleID == "hashtags" || $0.ruleID == "unused-waiver" }, "\(describe(report))")
        // Without the waiver, the three tags are a warning at the library's line, from the check of the week that draws it.
        let plain = Self.library(items: "  - {id: ev-ask, kind: engagement, text: \"Your questions #queues #rotas #metrics\"}")
        let unwaived = check(["plan.yaml": Self.shortPlan(), "library/evergreen.yaml": plain])
        #expect(unwaived.findings.filter { $0.ruleID == "hashtags" }.map(\.location) == [SourceLocation(file: "library/evergreen.yaml", line: 7, column: 42)], "\(describe(unwaived))")
    }

    @Test func withoutTheLibraryThreePostsWait() throws {
        let text = Self.shortPlan().replacingOccurrences(of: "library: library/evergreen.yaml\n", with: "")
        let schedule = try #require(try solve(["plan.yaml": text]).schedules.first)
        #expect(schedule.posts.count == 3)
        #expect(schedule.deferred.count == 3)
    }

    @Test func aFullWeekDrawsNothing() throws {
        let text = plan(items: balancedItems).replacingOccurrences(of: "week: 2026-W49", with: "week: 2026-W49\nlibrary: library/evergreen.yaml")
        let outcome = try solve(["plan.yaml": text, "library/evergreen.yaml": Self.library()])
        let schedule = try #require(outcome.schedules.first)
        #expect(Self.drawn(schedule).isEmpty)
        #expect(schedule.posts.count == 9)
        #expect(schedule.problem.context.occurrences.count == 9, "no library post is even offered")
        #expect(describe(outcome.report) == "no findings")
    }

    /// Two weeks in one folder, each short of one engagement post. Week 46
    /// draws `ev-ask`; three weeks later week 49 is inside its 6-week
    /// cooldown and draws `ev-ask-2`, then week 50 has neither.
    @Test func cooldownRotatesTheLibraryAndRunsOut() throws {
        let outcome = try Self.solveFolder([
            "plans/2026-W46.yaml": Self.shortPlan(week: "2026-W46", library: "../library/evergreen.yaml"),
            "plans/2026-W49.yaml": Self.shortPlan(week: "2026-W49", library: "../library/evergreen.yaml"),
            "plans/2026-W50.yaml": Self.shortPlan(week: "2026-W50", library: "../library/evergreen.yaml"),
            "library/evergreen.yaml": Self.library(),
        ])
        #expect(outcome.schedules.map(\.plan.name) == ["2026-W46", "2026-W49", "2026-W50"])
        #expect(outcome.schedules.map(Self.drawn) == [["ev-ask"], ["ev-ask-2"], []])
        #expect(outcome.schedules.map(\.deferred.count) == [0, 0, 3])
        // The check says so at week 50's `library:` entry, with why.
        let short = outcome.report.findings.filter { $0.ruleID == "library-short" }
        #expect(short.count == 1 && short[0].location.file.hasSuffix("plans/2026-W50.yaml") && short[0].location.line == 2, "\(describe(outcome.report))")
        #expect(short.first?.message.contains("needs: 1 post of engagement (it has 0 usable)") == true, "\(describe(outcome.report))")
        #expect(short.first?.message.contains("in its cooldown of 6w") == true)
    }

    /// A use is the post's time in an earlier week's schedule: week 46's
    /// `ev-ask` went out in the week of 9 November; 6 weeks from then is
    /// after all of week 49 (30 November to 6 December).
    @Test func cooldownCountsFromTheEarlierWeeksPost() throws {
        let library = Self.library(items: """
          - {id: ev-ask, kind: engagement, text: "What do you ask new agents on day one?"}
        """)
        let outcome = try Self.solveFolder([
            "plans/2026-W46.yaml": Self.shortPlan(week: "2026-W46", library: "../library/evergreen.yaml"),
            "plans/2026-W49.yaml": Self.shortPlan(week: "2026-W49", library: "../library/evergreen.yaml"),
            "library/evergreen.yaml": library,
        ])
        #expect(outcome.schedules.map(Self.drawn) == [["ev-ask"], []])
        let used = try #require(outcome.schedules[0].posts.first { $0.occurrence.id == "ev-ask" })
        #expect(used.candidate.local.date >= LocalDate(year: 2026, month: 11, day: 9) && used.candidate.local.date <= LocalDate(year: 2026, month: 11, day: 15))
        // With a 3-week cooldown, week 49 may use it again (21 days after a post in week 46 is within week 49).
        let shorter = try Self.solveFolder([
            "plans/2026-W46.yaml": Self.shortPlan(week: "2026-W46", library: "../library/evergreen.yaml"),
            "plans/2026-W49.yaml": Self.shortPlan(week: "2026-W49", library: "../library/evergreen.yaml"),
            "library/evergreen.yaml": Self.library(cooldown: "3w", items: """
              - {id: ev-ask, kind: engagement, text: "What do you ask new agents on day one?"}
            """),
        ])
        // duplicate-text (30 days) does not count a library item's own earlier use: the cooldown spaces them.
        #expect(shorter.succeeded, "\(describe(shorter.report))")
        #expect(shorter.schedules.map(Self.drawn) == [["ev-ask"], ["ev-ask"]])
        let first = try #require(shorter.schedules.first?.posts.first { $0.occurrence.id == "ev-ask" })
        let again = try #require(shorter.schedules.last?.posts.first { $0.occurrence.id == "ev-ask" })
        #expect(again.candidate.instant.timeIntervalSince(first.candidate.instant) >= 21 * 86_400)
    }

    /// A plan named alone takes its earlier weeks' uses from the schedules
    /// written for them (`--out`), at the time written there: week 46's
    /// schedule, edited to say `ev-ask` went out on Sunday 15 November at
    /// 12:00 UTC, holds it back in week 49 until Sunday 6 December 12:00
    /// (a 3-week cooldown), where without that file its use would count
    /// from the start of week 46's window, and week 49 could draw it any day.
    @Test func aPlanNamedAloneReadsUsesFromTheWrittenSchedule() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("thirds-library-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let files = [
            "plans/2026-W46.yaml": Self.shortPlan(week: "2026-W46", library: "../library/evergreen.yaml"),
            "plans/2026-W49.yaml": Self.shortPlan(week: "2026-W49", library: "../library/evergreen.yaml"),
            "library/evergreen.yaml": Self.library(cooldown: "3w", items: "  - {id: ev-ask, kind: engagement, text: \"What do you ask new agents on day one?\"}"),
        ]
        for (path, text) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        #expect(try CLITests.run(["schedule", "plans/2026-W46.yaml", "--out", "out"], in: root).status == 0)
        let written = root.appendingPathComponent("out/2026-W46/schedule.yaml")
        var lines = try String(contentsOf: written, encoding: .utf8).components(separatedBy: "\n")
        let post = try #require(lines.firstIndex(of: "- id: ev-ask"))
        let at = try #require(lines[post...].firstIndex { $0.hasPrefix("  at: ") })
        lines[at] = "  at: '2026-11-15T12:00:00Z'"
        try lines.joined(separator: "\n").write(to: written, atomically: true, encoding: .utf8)
        func week49(_ out: String) throws -> ScheduleDocument.PostInfo {
            #expect(try CLITests.run(["schedule", "plans/2026-W49.yaml", "--out", out], in: root).status == 0)
            let text = try String(contentsOf: root.appendingPathComponent("\(out)/2026-W49/schedule.yaml"), encoding: .utf8)
            return try #require(try YAMLDecoder().decode(ScheduleDocument.self, from: text).posts.first { $0.library != nil })
        }
        let held = try week49("out")
        #expect(held.id == "ev-ask")
        #expect(held.at >= "2026-12-06T12:00:00Z", "drawn at \(held.at)")
        // Another --out holds no schedule of week 46: the use counts from the week's start, 9 November.
        let free = try week49("elsewhere")
        #expect(free.id == "ev-ask")
        #expect(free.at < "2026-12-06T00:00:00Z", "drawn at \(free.at)")
    }

    @Test func maxUsesReached() throws {
        let library = Self.library(cooldown: "1d", maxUses: "1", items: """
          - {id: ev-ask, kind: engagement, text: "What do you ask new agents on day one?"}
        """)
        let outcome = try Self.solveFolder([
            "plans/2026-W48.yaml": Self.shortPlan(week: "2026-W48", library: "../library/evergreen.yaml"),
            "plans/2026-W49.yaml": Self.shortPlan(week: "2026-W49", library: "../library/evergreen.yaml"),
            "library/evergreen.yaml": library,
        ])
        #expect(outcome.schedules.map(Self.drawn) == [["ev-ask"], []])
        let short = outcome.report.findings.filter { $0.ruleID == "library-short" }
        #expect(short.count == 1 && short.first?.message.contains("'ev-ask' used 1 times, its max_uses") == true, "\(describe(outcome.report))")
    }

    @Test func inactiveRangeDrawsNothing() throws {
        let library = Self.library(active: "{from: 2026-03-01, until: 2026-11-29}")
        let outcome = try solve(["plan.yaml": Self.shortPlan(), "library/evergreen.yaml": library])
        let schedule = try #require(outcome.schedules.first)
        #expect(Self.drawn(schedule).isEmpty)
        #expect(schedule.deferred.count == 3)
        let short = outcome.report.findings.filter { $0.ruleID == "library-short" }
        #expect(short.first?.message.contains("not active in this period") == true, "\(describe(outcome.report))")
        // Active from the Thursday: the drawn post goes out Thursday or later.
        let late = try solve(["plan.yaml": Self.shortPlan(), "library/evergreen.yaml": Self.library(active: "{from: 2026-12-03}")])
        let post = try #require(late.schedules.first?.posts.first { $0.occurrence.item.library != nil })
        #expect(post.candidate.local.date >= LocalDate(year: 2026, month: 12, day: 3))
    }

    /// 3 content, 0 engagement, 2 promotion keeps every post with 2
    /// engagement (3/7, 2/7, 2/7); the library has one.
    @Test func checkSaysWhenTheLibraryCannotSupply() {
        let items = Self.shortItems.replacingOccurrences(of: "  - {id: e1, kind: engagement, text: \"Engagement one: your questions\"}\n", with: "")
        let text = Self.shortPlan(items: items)
        let library = Self.library(items: """
          - {id: ev-tip, kind: content, text: "An evergreen tip about queues"}
          - {id: ev-ask, kind: engagement, text: "What do you ask new agents on day one?"}
        """)
        let report = check(["plan.yaml": text, "library/evergreen.yaml": library])
        let short = report.findings.filter { $0.ruleID == "library-short" }
        #expect(short.count == 1, "\(describe(report))")
        guard let finding = short.first else { return }
        #expect(finding.severity == .warning)
        #expect(finding.location == SourceLocation(file: "plan.yaml", line: 2, column: 10))
        #expect(finding.message == "library 'library/evergreen.yaml' cannot supply what plan needs: 2 posts of engagement (it has 1 usable)")
        #expect(finding.hint?.contains("add engagement items to library/evergreen.yaml") == true)
    }

    @Test func aDirectoryTellsLibrariesFromPlans() {
        let report = check(["plans/plan.yaml": Self.shortPlan(library: "../library/evergreen.yaml"), "library/evergreen.yaml": Self.library()], directory: ".")
        #expect(report.errorCount == 0, "\(describe(report))")
        #expect(report.plansChecked == 1)
        #expect(report.filesChecked == 2)
        #expect(DocumentKind.classify(try! YAMLReader.read(Data(Self.library().utf8), file: "l.yaml").get()) == .library)
    }

    @Test func aRulesFileIsNotALibrary() {
        let report = check(["plan.yaml": Self.shortPlan(library: "rules.yaml"), "rules.yaml": "rules:\n  thirds: {tolerance: 0.2}\n"])
        #expect(report.findings.contains { $0.ruleID == "unknown-document" && $0.message == "rules.yaml is a rules file, not a library" }, "\(describe(report))")
        #expect(report.findings.contains { $0.ruleID == "invalid-value" && $0.location == SourceLocation(file: "plan.yaml", line: 2, column: 10) })
    }

    @Test func aMissingLibraryIsReportedWhereThePlanNamesIt() {
        let report = check(["plan.yaml": Self.shortPlan(library: "library/nope.yaml")])
        #expect(report.findings.filter { $0.severity == .error }.map(\.ruleID) == ["undefined-reference"], "\(describe(report))")
        #expect(report.findings.first?.location == SourceLocation(file: "plan.yaml", line: 2, column: 10))
        #expect(report.findings.first?.message == "library file 'library/nope.yaml' not found (looked for 'library/nope.yaml')")
    }

    @Test(arguments: [
        ("cooldown: ⟨invalid-duration⟩2h\n", "invalid-duration", "'cooldown' is '2h', outside 1d to 52w"),
        ("cooldown: ⟨invalid-duration⟩53w\n", "invalid-duration", "'cooldown' is '53w', outside 1d to 52w"),
        ("cooldown: ⟨invalid-duration⟩soon\n", "invalid-duration", "'cooldown' is 'soon', not a duration such as 6w or 10d"),
        ("max_uses: ⟨invalid-value⟩0\n", "invalid-value", "'max_uses' is '0', not a whole number from 1 to 1000"),
        ("max_uses: ⟨invalid-value⟩many\n", "invalid-value", "'max_uses' is 'many', not a whole number from 1 to 1000"),
        ("active: {from: 2027-01-01, until: ⟨invalid-value⟩2026-12-31}\n", "invalid-value", "'active' ends on 2026-12-31, before it starts on 2027-01-01"),
        ("⟨unknown-key⟩colddown: 6w\n", "unknown-key", "unknown key 'colddown' at the top of the library (did you mean 'cooldown'?)"),
    ] as [(String, String, String)])
    func badValuesArePlacedInTheLibrary(line: String, rule: String, message: String) {
        let marked = Marked("format: thirds-library/1\n" + line + "items:\n  - {id: ev-tip, kind: content, text: \"A tip\"}\n")
        let report = check(["library.yaml": marked.text])
        let found = report.findings.filter { $0.ruleID == rule && $0.severity == .error }
        #expect(found.map(\.message) == [message], "\(describe(report))")
        let mark = marked.marks[rule]!
        #expect(found.first?.location == SourceLocation(file: "library.yaml", line: mark.line, column: mark.column))
    }

    @Test func aWrongFormatAndTimedItemsAreRefused() {
        let marked = Marked("format: ⟨format⟩thirds-library/9\nitems:\n  - {id: ev-tip, kind: content, text: \"A tip\", ⟨at⟩at: 2026-12-01T09:00}\n")
        let report = check(["library.yaml": marked.text])
        #expect(report.findings.map(\.message) == [
            "format 'thirds-library/9' is not one this version of thirds reads",
            "'at' has no place in a library item: the solver draws it when a week needs it",
        ], "\(describe(report))")
        #expect(report.findings.map(\.location.line) == [marked.marks["format"]!.line, marked.marks["at"]!.line])
        #expect(report.findings.map(\.location.column) == [marked.marks["format"]!.column, marked.marks["at"]!.column])
    }

    @Test func aLibraryItemWithAPlanItemsIDIsRefused() {
        let library = Self.library(items: "  - {id: c1, kind: engagement, text: \"Same id as the plan's\"}")
        let report = check(["plan.yaml": Self.shortPlan(), "library/evergreen.yaml": library])
        #expect(report.findings.contains { $0.ruleID == "duplicate-id" && $0.location == SourceLocation(file: "plan.yaml", line: 2, column: 10) }, "\(describe(report))")
    }

    @Test func aLibraryItemsAudienceIsCheckedAgainstThePlan() {
        let library = Self.library(items: "  - {id: ev-ask, kind: engagement, text: \"Ask\", audiences: [nobody]}")
        let report = check(["plan.yaml": Self.shortPlan(), "library/evergreen.yaml": library])
        let found = report.findings.filter { $0.ruleID == "undefined-reference" }
        #expect(found.count == 1 && found[0].location.file == "library/evergreen.yaml", "\(describe(report))")
    }

    /// A library post never stands in for a drafted one of its kind: over
    /// random short weeks, whenever a library post of a kind is scheduled,
    /// every drafted post of that kind that has a slot is scheduled too.
    @Test(arguments: 1...12)
    func drawnPostsNeverReplaceDraftedOnes(seed: UInt64) throws {
        var generator = SeededGenerator(seed: seed)
        let kinds = ItemKind.allCases
        var lines: [String] = []
        let count = Int.random(in: 3...8, using: &generator)
        for index in 0..<count {
            let kind = kinds[Int.random(in: 0..<3, using: &generator)]
            let priority = ["low", "normal", "high"][Int.random(in: 0..<3, using: &generator)]
            lines.append("  - {id: d\(index), kind: \(kind.rawValue), text: \"Drafted post number \(index) of the week\", priority: \(priority)}")
        }
        let library = Self.library(cooldown: "1d", items: (0..<6).map { index in
            "  - {id: ev\(index), kind: \(kinds[index % 3].rawValue), text: \"Evergreen post number \(index)\", priority: high}"
        }.joined(separator: "\n"))
        let text = Self.shortPlan(items: lines.joined(separator: "\n"))
        let outcome = try solve(["plan.yaml": text, "library/evergreen.yaml": library], options: SolveOptions(seed: seed, moves: 2_000))
        guard let schedule = outcome.schedules.first else { return }
        for kind in kinds where schedule.posts.contains(where: { $0.occurrence.kind == kind && $0.occurrence.item.library != nil }) {
            let waiting = schedule.deferred.filter { $0.occurrence.kind == kind && $0.occurrence.item.library == nil }
            #expect(waiting.isEmpty, "seed \(seed): \(kind) drawn while \(waiting.map { "\($0.occurrence.id): \($0.reason)" }) wait")
        }
    }

    /// The bundled example through the real binary: the short week is
    /// filled with two engagement posts from examples/library/evergreen.yaml.
    @Test func theExampleWeekIsFilledFromTheLibrary() throws {
        let out = ScheduleCLITests.output("library-example")
        let outcome = try CLITests.run(["schedule", "examples/short-week.yaml", "--out", out.path, "--view"])
        #expect(outcome.status == 0, "\(outcome.stdout)\(outcome.stderr)")
        #expect(outcome.stdout.contains("10 of 10 posts · 2 from the library"), "\(outcome.stdout)")
        let written = try String(contentsOf: out.appendingPathComponent("short-week/schedule.yaml"), encoding: .utf8)
        let document = try YAMLDecoder().decode(ScheduleDocument.self, from: written)
        #expect(document.posts.filter { $0.library == "evergreen" }.map(\.kind) == ["engagement", "engagement"])
        #expect(document.deferred.isEmpty)
        let checked = try CLITests.run(["check", out.appendingPathComponent("short-week/schedule.yaml").path])
        #expect(checked.status == 0, "\(checked.stdout)")
    }
}

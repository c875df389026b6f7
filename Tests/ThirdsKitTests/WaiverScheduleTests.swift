import Foundation
import Testing
@testable import ThirdsCore
@testable import ThirdsText
@testable import ThirdsRules
@testable import ThirdsSolve
@testable import ThirdsCheck
@testable import ThirdsExport
@testable import ThirdsKit

/// Issue 7: a `duplicate-text` waiver honoured by `check` but not by
/// `schedule`. Both now read waivers through `Waivers`, and an error rule the
/// solver cannot keep is reported with its rule, its posts and a fix.
@Suite("Waivers in schedule as in check")
struct WaiverScheduleTests {
    /// Two weeks; the second reposts an evergreen text of the first on purpose.
    static let weeks: [String: String] = [
        "w49.yaml": week("2026-W49", suffix: "", extra: """
              - {id: guide, kind: content, text: "Our evergreen guide to rotas"}
            """),
        "w50.yaml": week("2026-W50", suffix: " b", extra: """
              - id: guide-again
                kind: content
                text: "Our evergreen guide to rotas"
                waive: {duplicate-text: "evergreen, reposted on purpose"}
            """),
    ]

    static func week(_ week: String, suffix: String, extra: String) -> String {
        """
        week: \(week)
        account: {name: acme, timezone: Europe/London, since: 2015-01-01}
        audiences:
          uk: {timezone: Europe/London, size: 100, weight: 1}
        items:
          - {id: c1, kind: content, text: "Content one\(suffix) about queues"}
          - {id: c2, kind: content, text: "Content two\(suffix) about rotas"}
        \(extra)
          - {id: e1, kind: engagement, text: "Engagement one\(suffix): your questions"}
          - {id: e2, kind: engagement, text: "Engagement two\(suffix): replies"}
          - {id: e3, kind: engagement, text: "Engagement three\(suffix): shares"}
          - {id: p1, kind: promotion, text: "Promotion one\(suffix): webinar"}
          - {id: p2, kind: promotion, text: "Promotion two\(suffix): newsletter"}
          - {id: p3, kind: promotion, text: "Promotion three\(suffix): case study"}
        """
    }

    static func directory(_ files: [String: String]) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("thirds-waiver-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("plans"), withIntermediateDirectories: true)
        for (name, text) in files {
            try text.write(to: directory.appendingPathComponent("plans/\(name)"), atomically: true, encoding: .utf8)
        }
        return directory
    }

    @Test func solverHonoursTheWaiverTheCheckerHonours() throws {
        let directory = try Self.directory(Self.weeks)
        defer { try? FileManager.default.removeItem(at: directory) }
        let plans = directory.appendingPathComponent("plans").path
        #expect(try Checker.check(paths: [plans]).findings.isEmpty)
        let outcome = try SchedulePipeline.run(paths: [plans], options: SolveOptions(moves: 3_000))
        #expect(outcome.succeeded)
        let second = try #require(outcome.schedules.first { $0.plan.name == "w50" })
        // Before the fix the waived repost was deferred for breaking duplicate-text.
        #expect(second.deferred.map(\.occurrence.id) == [])
        #expect(second.posts.contains { $0.occurrence.id == "guide-again" })
    }

    @Test func waivedBreakCostsTheSolverNothing() throws {
        let text = plan(items: balancedItems + """

              - {id: again, kind: content, text: "Content one about queues", waive: {duplicate-text: "on purpose"}}
            """)
        let report = check(text)
        #expect(report.findings.isEmpty, "\(describe(report))")
        let schedule = try #require(try solve(["plan.yaml": text]).schedules.first)
        #expect(schedule.deferred.isEmpty)
        #expect(!schedule.violations.contains { $0.ruleID == "duplicate-text" })
        // The same break without the waiver does count.
        let unwaived = text.replacingOccurrences(of: ", waive: {duplicate-text: \"on purpose\"}", with: "")
        #expect(!schedule.problem.waivers.isEmpty)
        #expect(check(unwaived).findings.map(\.ruleID).contains("duplicate-text"))
    }

    /// Week 49 has one promotion too many for the rule of thirds: the lowest
    /// in priority waits. Week 50 reuses its text. The deferred post never
    /// went out, so the check (like the schedule) sees no repeat.
    @Test func historyHoldsWhatTheSelectionKeepsNotWhatItDefers() throws {
        let week49 = Self.week("2026-W49", suffix: "", extra: """
              - {id: c3, kind: content, text: "Content three about shifts"}
              - {id: p4, kind: promotion, text: "Promotion four: podcast"}
              - {id: old-offer, kind: promotion, text: "Our spring offer, last chance", priority: low}
            """)
        let week50 = Self.week("2026-W50", suffix: " b", extra: """
              - {id: offer, kind: content, text: "Our spring offer, last chance"}
            """)
        let report = check(["plans/w49.yaml": week49, "plans/w50.yaml": week50], directory: "plans")
        // Week 49's own warning says the offer waits; week 50 is clean.
        #expect(report.findings.map(\.ruleID) == ["thirds"], "\(describe(report))")
        #expect(report.findings.first?.message.hasPrefix("'old-offer' will have to be deferred") == true, "\(describe(report))")
        let directory = try Self.directory(["w49.yaml": week49, "w50.yaml": week50])
        defer { try? FileManager.default.removeItem(at: directory) }
        let outcome = try SchedulePipeline.run(paths: [directory.appendingPathComponent("plans").path], options: SolveOptions(moves: 3_000))
        #expect(outcome.succeeded)
        #expect(outcome.schedules.first?.deferred.map(\.occurrence.id) == ["old-offer"])
        #expect(outcome.schedules.last?.posts.contains { $0.occurrence.id == "offer" } == true)
    }

    /// Two required posts with one 15-minute slot each, one after the other,
    /// cannot keep a 90-minute gap; the check cannot know (nothing is
    /// pinned), the solver can.
    static let stuck = plan(items: """
          - {id: c1, kind: content, text: "Content one", required: true, not_before: 2026-12-01T09:00, not_after: 2026-12-01T09:15}
          - {id: c2, kind: content, text: "Content two", required: true, not_before: 2026-12-01T09:15, not_after: 2026-12-01T09:30}
          - {id: c3, kind: content, text: "Content three"}
          - {id: e1, kind: engagement, text: "Engagement one"}
          - {id: e2, kind: engagement, text: "Engagement two"}
          - {id: e3, kind: engagement, text: "Engagement three"}
          - {id: p1, kind: promotion, text: "Promotion one"}
          - {id: p2, kind: promotion, text: "Promotion two"}
          - {id: p3, kind: promotion, text: "Promotion three"}
        """)

    @Test func cannotScheduleNamesRulePostsAndFix() throws {
        let directory = try Self.directory(["w49.yaml": Self.stuck])
        defer { try? FileManager.default.removeItem(at: directory) }
        let outcome = try SchedulePipeline.run(paths: [directory.appendingPathComponent("plans/w49.yaml").path], options: SolveOptions(moves: 3_000))
        #expect(outcome.report.findings.isEmpty)
        let finding = try #require(outcome.unschedulable.first)
        #expect(outcome.unschedulable.count == 1)
        #expect(finding.ruleID == "min-gap")
        // c2's entry in the plan: line 15 (`items:` is line 13), at its `{`.
        #expect(finding.location.line == 15 && finding.location.column == 5, "\(finding.location)")
        // The solver puts them as far apart as their windows allow (the break is the same whatever the distance).
        #expect(finding.message == "cannot schedule w49 without breaking min-gap: 'c2' is 30m after 'c1', less than the gap of 90m; 'c2' and 'c1' are required, so the solver cannot defer them")
        #expect(finding.hint == "drop 'required: true' from 'c2' and 'c1'; or add 'waive: {min-gap: \"why\"}' to 'c2'")
    }

    @Test func binaryHonoursTheWaiverAndExplainsWhatItCannotSchedule() throws {
        let directory = try Self.directory(Self.weeks)
        defer { try? FileManager.default.removeItem(at: directory) }
        let checked = try CLITests.run(["check", "plans"], in: directory)
        #expect(checked.status == 0, "\(checked.stdout)")
        let scheduled = try CLITests.run(["schedule", "plans", "--out", "out"], in: directory)
        #expect(scheduled.status == 0, "\(scheduled.stdout)\(scheduled.stderr)")
        #expect(scheduled.stdout.contains("out/w50/schedule.yaml: 9 of 9 posts"), "\(scheduled.stdout)")
        let written = try String(contentsOf: directory.appendingPathComponent("out/w50/schedule.yaml"), encoding: .utf8)
        #expect(written.contains("deferred: []"))

        try Self.stuck.write(to: directory.appendingPathComponent("plans/w51.yaml"), atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(at: directory.appendingPathComponent("out"))
        let stuck = try CLITests.run(["schedule", "plans/w51.yaml", "--out", "out"], in: directory)
        #expect(stuck.status == 1)
        #expect(stuck.stderr.contains("""
            plans/w51.yaml:15:5: error: [min-gap] cannot schedule w51 without breaking min-gap: 'c2' is 15m after 'c1', less than the gap of 90m; 'c2' and 'c1' are required, so the solver cannot defer them
              hint: drop 'required: true' from 'c2' and 'c1'; or add 'waive: {min-gap: "why"}' to 'c2'
            """), "\(stuck.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("out").path))
    }
}

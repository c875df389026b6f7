import Foundation
import Testing
@testable import ThirdsText
@testable import ThirdsRules
@testable import ThirdsSolve
@testable import ThirdsCheck
@testable import ThirdsKit

/// `thirds check FILE…` as pre-commit runs it: each named plan is a week of
/// its folder's sequence (the plans before it give it history), and only the
/// named files are reported on.
@Suite("thirds check on named files")
struct CheckFilesTests {
    static let week49 = WaiverScheduleTests.week("2026-W49", suffix: "", extra: """
          - {id: guide, kind: content, text: "Our evergreen guide to rotas"}
        """)
    /// Week 50 repeats week 49's guide without a waiver.
    static let week50 = WaiverScheduleTests.week("2026-W50", suffix: " b", extra: """
          - {id: guide-again, kind: content, text: "Our evergreen guide to rotas"}
        """)
    /// A broken week of the same folder that the named files do not include.
    static let broken48 = "week: 2026-W48\naccount: {name: acme, timezone: Europe/London}\naudiense: {}\nitems: []\n"

    static func folder() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("thirds-files-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("plans"), withIntermediateDirectories: true)
        for (name, text) in ["2026-W48.yaml": broken48, "2026-W49.yaml": week49, "2026-W50.yaml": week50] {
            try text.write(to: directory.appendingPathComponent("plans/\(name)"), atomically: true, encoding: .utf8)
        }
        return directory
    }

    @Test func namedPlanSeesTheWeeksBeforeIt() throws {
        let directory = try Self.folder()
        defer { try? FileManager.default.removeItem(at: directory) }
        let outcome = try CLITests.run(["check", "plans/2026-W50.yaml"], in: directory)
        #expect(outcome.status == 1)
        // Week 48's own error is not this check's business; week 50's repeat of week 49 is.
        #expect(outcome.stdout == """
            plans/2026-W50.yaml:8:44: error: [duplicate-text] 'guide-again' repeats the text of 'guide' in plans/2026-W49.yaml within 30d
              hint: write it afresh for this audience, or drop one
              see: plans/2026-W49.yaml:8:38
            1 error, 0 warnings in 1 file (1 plan)

            """, "\(outcome.stdout)")
        // The earlier week named alone has nothing before it to repeat.
        let earlier = try CLITests.run(["check", "plans/2026-W49.yaml"], in: directory)
        #expect(earlier.status == 0, "\(earlier.stdout)")
        #expect(earlier.stdout == "no problems in 1 file (1 plan)\n")
    }

    @Test func scheduleReadsANamedFileAsCheckDoes() throws {
        let directory = try Self.folder()
        defer { try? FileManager.default.removeItem(at: directory) }
        let outcome = try CLITests.run(["schedule", "plans/2026-W50.yaml", "--out", "out"], in: directory)
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains("plans/2026-W50.yaml:8:44: error: [duplicate-text] 'guide-again' repeats the text of 'guide' in plans/2026-W49.yaml within 30d"),
                "\(outcome.stdout)\(outcome.stderr)")
        #expect(!outcome.stderr.contains("2026-W48"))
    }

    /// With a 7-day `duplicate-text`, week 49's guide pinned on Sunday 20:00
    /// lets week 50's repost go out only from Sunday 13 December 20:00: the
    /// scheduler of week 50 named alone must know week 49.
    @Test func schedulerOfANamedWeekKnowsTheWeekBefore() throws {
        let rules = "rules:\n  rules:\n    duplicate-text: {within: 7d}\nitems:"
        let week49 = WaiverScheduleTests.week("2026-W49", suffix: "", extra: """
              - {id: guide, kind: content, text: "Our evergreen guide to rotas", at: 2026-12-06T20:00}
            """).replacingOccurrences(of: "items:", with: rules)
        let week50 = Self.week50.replacingOccurrences(of: "items:", with: rules)
        let directory = try WaiverScheduleTests.directory(["2026-W49.yaml": week49, "2026-W50.yaml": week50])
        defer { try? FileManager.default.removeItem(at: directory) }
        let plans = directory.appendingPathComponent("plans").path
        #expect(try Checker.check(paths: [plans + "/2026-W50.yaml"]).findings.isEmpty)
        let outcome = try SchedulePipeline.run(paths: [plans + "/2026-W50.yaml"], options: SolveOptions(moves: 3_000))
        #expect(outcome.succeeded)
        let schedule = try #require(outcome.schedules.first)
        let earliest = try #require(ISO8601DateFormatter().date(from: "2026-12-13T20:00:00Z"))
        let repost = schedule.posts.first { $0.occurrence.id == "guide-again" }
        #expect(repost == nil || repost!.candidate.instant >= earliest, "\(repost!.candidate.instant)")
        #expect(!schedule.violations.contains { $0.ruleID == "duplicate-text" })
        #expect(schedule.problem.context.history.count == 9)
    }

    @Test func libraryReadsANamedFileAsItsFolderDoes() throws {
        let directory = try Self.folder()
        defer { try? FileManager.default.removeItem(at: directory) }
        let plans = directory.appendingPathComponent("plans").path
        let named = try Checker.check(paths: [plans + "/2026-W50.yaml"])
        let folder = try Checker.check(paths: [plans])
        #expect(named.findings.map(\.ruleID) == ["duplicate-text"])
        #expect(named.findings == folder.findings.filter { $0.location.file.hasSuffix("2026-W50.yaml") })
        #expect(named.filesChecked == 1 && named.plansChecked == 1)
    }
}

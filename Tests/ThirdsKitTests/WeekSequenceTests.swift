import Foundation
import Testing
@testable import ThirdsText
@testable import ThirdsRules
@testable import ThirdsSolve
@testable import ThirdsSchedule
@testable import ThirdsCheck
@testable import ThirdsKit

/// A directory of consecutive weekly plans through the pipeline `thirds
/// schedule` runs (SchedulePipeline): each week is scheduled after the ones
/// before it and sees their posts; thirds' rolling `window` counts them.
@Suite("Weeks in sequence")
struct WeekSequenceTests {
    static func directory(_ plans: [String: String]) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("thirds-weeks-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("plans"), withIntermediateDirectories: true)
        for (name, text) in plans { try text.write(to: root.appendingPathComponent("plans/\(name)"), atomically: true, encoding: .utf8) }
        return root
    }

    /// Week 49: eight pinned posts, 3 content, 3 engagement, 2 promotion
    /// (38%, 38%, 25%: inside 1/3 ± 0.1). London is UTC in December.
    static let week49Posts = [
        ("c1", "2026-11-30T09:00:00Z"), ("e1", "2026-11-30T13:00:00Z"), ("c2", "2026-12-01T10:00:00Z"), ("e2", "2026-12-01T14:00:00Z"),
        ("p1", "2026-12-02T12:00:00Z"), ("c3", "2026-12-03T11:00:00Z"), ("e3", "2026-12-03T15:00:00Z"), ("p2", "2026-12-04T16:00:00Z"),
    ]

    static func week49(_ rules: String) -> String {
        plan(items: """
              - {id: c1, kind: content, text: "Queue myths", at: 2026-11-30T09:00}
              - {id: e1, kind: engagement, text: "Your questions", at: 2026-11-30T13:00}
              - {id: c2, kind: content, text: "Rota tips", at: 2026-12-01T10:00}
              - {id: e2, kind: engagement, text: "Reply round", at: 2026-12-01T14:00}
              - {id: p1, kind: promotion, text: "Webinar", at: 2026-12-02T12:00}
              - {id: c3, kind: content, text: "Metrics primer", at: 2026-12-03T11:00}
              - {id: e3, kind: engagement, text: "Ask us anything", at: 2026-12-03T15:00}
              - {id: p2, kind: promotion, text: "Newsletter", at: 2026-12-04T16:00}
            """, rules: rules)
    }

    /// Week 50 alone is promotion-heavy: 1 content, 1 engagement, 2 promotion (50%).
    static func week50(_ rules: String) -> String {
        plan(items: """
              - {id: w50-content, kind: content, text: "Winter staffing"}
              - {id: w50-engagement, kind: engagement, text: "Winter questions"}
              - {id: w50-offer, kind: promotion, text: "Winter offer"}
              - {id: w50-audit, kind: promotion, text: "Free audit"}
            """, rules: rules).replacingOccurrences(of: "week: 2026-W49", with: "week: 2026-W50")
    }

    static func rules(window: String?) -> String {
        "    daily-limit: {min: 0}\n" + (window.map { "    thirds: {window: \($0)}\n" } ?? "")
    }

    static func run(window: String?) throws -> (check: CheckReport, outcome: SchedulePipeline.Outcome) {
        let rules = Self.rules(window: window)
        let root = try directory(["2026-W49.yaml": week49(rules), "2026-W50.yaml": week50(rules)])
        defer { try? FileManager.default.removeItem(at: root) }
        let plans = root.appendingPathComponent("plans").path
        return (try Checker.check(paths: [plans]), try SchedulePipeline.run(paths: [plans], options: SolveOptions(moves: 2_000)))
    }

    /// Over two weeks the shares are (3+1)/12, (3+1)/12, (2+2)/12: a third
    /// each, so week 50 keeps both promotions.
    @Test func aTwoWeekWindowCountsTheWeekBefore() throws {
        let (report, outcome) = try Self.run(window: "2w")
        #expect(!report.findings.contains { $0.ruleID == "thirds" }, "\(describe(report))")
        #expect(outcome.succeeded, "\(outcome.unschedulable)")
        #expect(outcome.schedules.map(\.plan.name) == ["2026-W49", "2026-W50"])
        let week50 = try #require(outcome.schedules.last)
        #expect(week50.posts.count == 4, "\(week50.deferred.map { "\($0.occurrence.id): \($0.reason)" })")
        #expect(week50.violations.isEmpty, "\(week50.violations.map(\.message))")
        // The second week saw the first's posts, where they went out.
        #expect(week50.problem.context.history.map { [$0.occurrence.id, ScheduleDocument.utc($0.instant)] } == Self.week49Posts.map { [$0.0, $0.1] })
        #expect(outcome.schedules[0].problem.context.history.isEmpty)
    }

    /// A one-week window reaches back to Monday 7 December only: week 50 is
    /// judged alone, and 2 promotions of 4 (50%) is over 1/3 + 0.1; one waits.
    @Test(arguments: ["1w", nil] as [String?])
    func withoutTheWeekBeforeAPromotionWaits(window: String?) throws {
        let (report, outcome) = try Self.run(window: window)
        let thirds = report.findings.filter { $0.ruleID == "thirds" }
        // The check warns of the one promotion that has to wait.
        #expect(thirds.count == 1 && thirds.allSatisfy { $0.severity == .warning && $0.location.file.hasSuffix("2026-W50.yaml") }, "\(describe(report))")
        #expect(thirds.allSatisfy { $0.message.contains("will have to be deferred") }, "\(describe(report))")
        #expect(outcome.succeeded, "\(outcome.unschedulable)")
        let week50 = try #require(outcome.schedules.last)
        #expect(KindCounts(kinds: week50.posts.map(\.occurrence.kind)) == KindCounts(content: 1, engagement: 1, promotion: 1))
        #expect(week50.deferred.count == 1 && week50.deferred[0].occurrence.kind == .promotion)
        #expect(week50.problem.context.history.count == 8, "the history is there; the window leaves it out")
    }

    /// `thirds check` on a folder of schedule files reads the window the same
    /// way: week 50's schedule keeps both promotions, which the two-week
    /// window allows (4/12 each) and a one-week window does not (2/4).
    @Test(arguments: [("2w", nil), ("1w", "the schedule's shares content 1/4, engagement 1/4, promotion 2/4 break the rule of thirds (targets content 33.3%, engagement 33.3%, promotion 33.3% ± 10%)")] as [(String, String?)])
    func checkingScheduleFilesCountsTheWindow(window: String, message: String?) throws {
        // The account and first day order a folder's schedules into weeks.
        func schedule(_ week: String, _ start: String, _ posts: [(String, String)]) -> String {
            "format: thirds-schedule/1\nplan: ../../plans/\(week).yaml\naccount: acme\nperiod: {start: '\(start)'}\nposts:\n"
                + posts.map { "- {id: \($0.0), at: '\($0.1)'}" }.joined(separator: "\n") + "\n"
        }
        let rules = Self.rules(window: window)
        let week50Posts = [("w50-content", "2026-12-07T09:00:00Z"), ("w50-offer", "2026-12-08T11:00:00Z"),
                           ("w50-engagement", "2026-12-09T13:00:00Z"), ("w50-audit", "2026-12-10T15:00:00Z")]
        let report = check([
            "plans/2026-W49.yaml": Self.week49(rules), "plans/2026-W50.yaml": Self.week50(rules),
            "out/2026-W49/schedule.yaml": schedule("2026-W49", "2026-11-30", Self.week49Posts),
            "out/2026-W50/schedule.yaml": schedule("2026-W50", "2026-12-07", week50Posts),
        ], directory: ".")
        let found = report.findings.filter { $0.location.file.hasPrefix("out/") && $0.severity == .error }
        #expect(found.map(\.message) == (message.map { [$0] } ?? []), "\(describe(report))")
        #expect(found.allSatisfy { $0.ruleID == "thirds" && $0.location.file == "out/2026-W50/schedule.yaml" })
    }

    /// The week after sees the week before: with duplicate-text over 7 days,
    /// week 49's guide on Sunday 6 December 20:00 lets week 50's repeat go out
    /// only from Sunday 13 December 20:00, the last four hours of its week.
    @Test func theSecondWeekDoesNotRepeatTheFirstTooSoon() throws {
        let rules = "    daily-limit: {min: 0}\n    duplicate-text: {within: 7d}\n"
        let week49 = plan(items: """
              - {id: guide, kind: content, text: "Our evergreen guide to rotas", at: 2026-12-06T20:00}
              - {id: e1, kind: engagement, text: "Your questions"}
              - {id: p1, kind: promotion, text: "Webinar"}
            """, rules: rules)
        let week50 = plan(items: """
              - {id: guide-again, kind: content, text: "Our evergreen guide to rotas", priority: high}
              - {id: e2, kind: engagement, text: "Reply round"}
              - {id: p2, kind: promotion, text: "Newsletter"}
            """, rules: rules).replacingOccurrences(of: "week: 2026-W49", with: "week: 2026-W50")
        let root = try Self.directory(["2026-W49.yaml": week49, "2026-W50.yaml": week50])
        defer { try? FileManager.default.removeItem(at: root) }
        let outcome = try SchedulePipeline.run(paths: [root.appendingPathComponent("plans").path], options: SolveOptions(moves: 2_000))
        #expect(outcome.succeeded, "\(outcome.report.findings) \(outcome.unschedulable)")
        let second = try #require(outcome.schedules.last)
        let repeatPost = try #require(second.posts.first { $0.occurrence.id == "guide-again" }, "the high-priority repeat has room on Sunday evening")
        let earliest = try #require(ScheduleVerifier.utcInstant("2026-12-13T20:00:00Z"))
        let end = try #require(ScheduleVerifier.utcInstant("2026-12-14T00:00:00Z"))
        #expect(repeatPost.candidate.instant >= earliest && repeatPost.candidate.instant < end, "\(ScheduleDocument.utc(repeatPost.candidate.instant))")
        #expect(second.problem.context.history.contains { $0.occurrence.id == "guide" && ScheduleDocument.utc($0.instant) == "2026-12-06T20:00:00Z" })
    }
}

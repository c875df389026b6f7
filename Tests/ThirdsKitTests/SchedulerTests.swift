import Foundation
import Testing
@testable import ThirdsCore
@testable import ThirdsText
@testable import ThirdsModel
@testable import ThirdsRules
@testable import ThirdsSolve
@testable import ThirdsSchedule
@testable import ThirdsCheck
@testable import ThirdsExport
@testable import ThirdsReport
@testable import ThirdsKit

/// Solves plan texts with the pipeline `thirds schedule` runs
/// (SchedulePipeline, not a copy of it): the files are written to a fresh
/// folder (their paths relative to it) and each is named to the pipeline.
func solve(_ files: [String: String], options: SolveOptions = SolveOptions(moves: 3_000)) throws -> SchedulePipeline.Outcome {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("thirds-solve-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: root) }
    for (path, text) in files {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }
    return try SchedulePipeline.run(paths: files.keys.sorted().map { root.path + "/" + $0 }, options: options)
}

/// The schedule written and read back by `thirds check`, as a user's CI would.
func verify(_ schedule: Schedule, planText: String) -> CheckReport {
    let document = ScheduleDocument(schedule, planPath: "../plan.yaml")
    return check(["plan.yaml": planText, "out/schedule.yaml": (try? document.yaml()) ?? ""])
}

@Suite("Scheduler")
struct SchedulerTests {
    @Test func balancedWeekIsScheduledAndVerified() throws {
        let text = plan(items: balancedItems)
        let schedule = try #require(try solve(["plan.yaml": text]).schedules.first)
        #expect(schedule.isFeasible)
        #expect(schedule.posts.count == 9)
        let report = verify(schedule, planText: text)
        #expect(report.errorCount == 0, "\(describe(report))")
    }

    @Test func sameScheduleEveryTime() throws {
        let text = plan(items: balancedItems)
        let first = try ScheduleDocument(try #require(try solve(["plan.yaml": text]).schedules.first), planPath: "p").yaml()
        let second = try ScheduleDocument(try #require(try solve(["plan.yaml": text]).schedules.first), planPath: "p").yaml()
        #expect(first == second)
    }

    @Test func promotionHeavyWeekDefersPromotionsAndSaysWhy() throws {
        let text = plan(items: """
              - {id: c1, kind: content, text: "Queue myths"}
              - {id: c2, kind: content, text: "Rota tips"}
              - {id: e1, kind: engagement, text: "Your questions"}
              - {id: e2, kind: engagement, text: "Reply round"}
              - {id: p1, kind: promotion, text: "Webinar", required: true}
              - {id: p2, kind: promotion, text: "Newsletter", priority: high}
              - {id: p3, kind: promotion, text: "Case study"}
              - {id: p4, kind: promotion, text: "Podcast", priority: low}
              - {id: p5, kind: promotion, text: "Trial offer", priority: low}
              - {id: p6, kind: promotion, text: "Discount"}
            """, rules: "    daily-limit: {min: 0, max: 4}")
        let schedule = try #require(try solve(["plan.yaml": text]).schedules.first)
        #expect(schedule.isFeasible)
        let kinds = KindCounts(kinds: schedule.posts.map(\.occurrence.kind))
        // 3 of 7 is 43%, inside 33% ± 10%; a fourth would make 50%.
        #expect(kinds.promotion == 3, "three promotions go with two content and two engagement posts")
        let promotions = Set(schedule.posts.filter { $0.occurrence.kind == .promotion }.map(\.occurrence.id))
        #expect(promotions.isSuperset(of: ["p1", "p2"]), "the required and the high-priority promotions go first")
        #expect(promotions.intersection(["p3", "p6"]).count == 1, "then a normal one (either: same priority, reach decides)")
        #expect(Set(schedule.deferred.map(\.occurrence.id)).isSuperset(of: ["p4", "p5"]), "the low-priority ones wait")
        for deferral in schedule.deferred {
            #expect(deferral.reason.contains("thirds"), "\(deferral.occurrence.id): \(deferral.reason)")
        }
    }

    @Test func clocksChangeWeekKeepsLocalTimes() throws {
        let root = CLITests.repository
        let text = try String(contentsOf: root.appendingPathComponent("examples/clocks-change.yaml"), encoding: .utf8)
        let schedule = try #require(try solve(["examples/clocks-change.yaml": text]).schedules.first)
        func post(_ id: String) -> Schedule.Entry? { schedule.posts.first { $0.occurrence.id == id } }
        // Saturday is still GMT; Sunday is BST: both at 09:00 on the wall.
        #expect(post("saturday-long-read").map { ScheduleDocument.utc($0.candidate.instant) } == "2026-03-28T09:00:00Z")
        #expect(post("sunday-after-change").map { ScheduleDocument.utc($0.candidate.instant) } == "2026-03-29T08:00:00Z")
        #expect(post("sunday-after-change")?.candidate.local.time == TimeOfDay(hour: 9, minute: 0))
        for entry in schedule.posts {
            let local = ZoneClock(TimeZone(identifier: "Europe/London")!).local(entry.candidate.instant)
            #expect(local == entry.candidate.local, "\(entry.occurrence.id)")
        }
    }

    @Test func engagementOnlyWhenTheOwnerIsAvailable() throws {
        let text = plan(items: balancedItems + "\n  - {id: daily, kind: engagement, text: \"Replies\", repeat: weekdays}",
                        account: "  available: \"Mon-Fri 09:00-17:00\"")
        let schedule = try #require(try solve(["plan.yaml": text]).schedules.first)
        for entry in schedule.posts where entry.occurrence.kind == .engagement {
            let local = entry.candidate.local
            #expect(local.date.isoWeekday <= 5 && local.time >= TimeOfDay(hour: 9, minute: 0) && local.time < TimeOfDay(hour: 17, minute: 0),
                    "\(entry.occurrence.id) at \(local)")
        }
    }

    @Test func explainNamesTheRuleThatKeptAPostFromItsBestSlot() throws {
        let text = plan(items: balancedItems)
        let schedule = try #require(try solve(["plan.yaml": text]).schedules.first)
        let explanations = schedule.problem.context.occurrences.compactMap { Scheduler.explain(schedule, occurrenceID: $0.id) }
        #expect(explanations.count == 9)
        let kept = explanations.filter { $0.alternative != nil }
        #expect(!kept.isEmpty, "nine posts cannot all have the best slot")
        for explanation in kept {
            #expect(explanation.alternative!.reach > explanation.placed!.reach)
            #expect(RuleCatalogue.ids.contains { explanation.keptBy.hasPrefix("forbidden by \($0)") } || explanation.keptBy.hasPrefix("score -"),
                    "\(explanation.occurrence.id): \(explanation.keptBy)")
        }
    }

    @Test func scoreOrdersHardThenPriorityThenReach() {
        let base = Score(hard: 0, priority: 10, reach: 100, penalty: 0)
        #expect(Score(hard: 1, priority: 99, reach: 999, penalty: 0) < base)
        #expect(Score(hard: 0, priority: 9, reach: 999, penalty: 0) < base)
        #expect(Score(hard: 0, priority: 10, reach: 100, penalty: 1) < base)
        #expect(Score(hard: 0, priority: 10, reach: 101, penalty: 0) > base)
    }
}

/// Property: for many random plans, the schedule keeps every error rule (as
/// `thirds check` verifies it, not the solver's own bookkeeping) or is
/// reported as not schedulable; no item is scheduled twice or outside its window.
@Suite("Scheduler properties")
struct SchedulerPropertyTests {
    static func randomPlan(seed: UInt64) -> String {
        var generator = SeededGenerator(seed: seed)
        func pick<T>(_ values: [T]) -> T { values[Int.random(in: 0..<values.count, using: &generator)] }
        let count = Int.random(in: 4...16, using: &generator)
        var items: [String] = []
        for index in 0..<count {
            var fields = ["id: i\(index)", "kind: \(pick(["content", "engagement", "promotion"]))", "text: \"Post number \(index) of plan \(seed)\""]
            fields.append("priority: \(pick(["high", "normal", "low"]))")
            if Int.random(in: 0..<6, using: &generator) == 0 { fields.append("required: true") }
            let day = Int.random(in: 0..<7, using: &generator)
            switch Int.random(in: 0..<8, using: &generator) {
            case 0: fields.append("at: 2026-12-0\(1 + day % 6)T\(String(format: "%02d", Int.random(in: 7...20, using: &generator))):\(pick(["00", "15", "30", "45"]))")
            case 1: fields.append("not_before: 2026-12-0\(1 + day % 5)T08:00")
            case 2: fields.append("not_after: 2026-12-0\(2 + day % 5)T18:00")
            case 3: fields.append("repeat: \(pick(["[mon, thu]", "[tue]", "weekdays"]))")
            default: break
            }
            if Int.random(in: 0..<3, using: &generator) == 0 { fields.append("audiences: [\(pick(["uk", "ny"]))]") }
            items.append("  - {" + fields.joined(separator: ", ") + "}")
        }
        let rules = """
                thirds: {tolerance: \(pick(["0.1", "0.15", "0.2"]))}
                daily-limit: {min: 0, max: \(Int.random(in: 2...5, using: &generator))}
                min-gap: {gap: \(pick(["30m", "60m", "2h"]))}
                promotion-streak: {max: \(Int.random(in: 1...2, using: &generator))}
                quiet-hours: {severity: \(pick(["error", "off"]))}
            """
        return plan(items: items.joined(separator: "\n"), rules: rules, account: "  available: \"Mon-Fri 08:00-19:00\"",
                    audiences: "  uk: {timezone: Europe/London, size: 100, weight: 2}\n  ny: {timezone: America/New_York, size: 40, weight: 1}")
    }

    @Test(arguments: 1...40)
    func scheduleKeepsTheRulesOrSaysWhyNot(seed: UInt64) throws {
        let text = Self.randomPlan(seed: seed)
        // Every fifth plan also checks the search's optimistic bound on every move.
        let outcome = try solve(["plan.yaml": text], options: SolveOptions(seed: seed, moves: 1_500, verify: seed % 5 == 0))
        guard let schedule = outcome.schedules.first else {
            // The check refused the plan: it must say why, with an error.
            #expect(outcome.report.errorCount > 0)
            return
        }
        let ids = schedule.posts.map(\.occurrence.id)
        #expect(Set(ids).count == ids.count, "an item scheduled twice")
        for entry in schedule.posts {
            let occurrence = entry.occurrence
            #expect(entry.candidate.instant >= occurrence.earliest && entry.candidate.instant < occurrence.latest, "\(occurrence.id) outside its window")
            if let fixed = occurrence.fixed { #expect(entry.candidate.instant == fixed) }
        }
        let report = verify(schedule, planText: text)
        let errors = report.findings.filter { $0.severity == .error && $0.location.file.hasPrefix("out/") }
        if schedule.isFeasible {
            #expect(errors.isEmpty, "seed \(seed): the checker finds errors in a schedule the solver called feasible:\n\(describe(report))")
        } else {
            #expect(!schedule.violations.filter { $0.severity == .error }.isEmpty, "infeasible without a reason")
            #expect(!errors.isEmpty, "seed \(seed): the checker finds no error in a schedule the solver called infeasible")
        }
    }
}

import Foundation
import Testing
@testable import ThirdsCore
@testable import ThirdsModel
@testable import ThirdsReach
@testable import ThirdsRules
@testable import ThirdsCheck

/// Reach in people against the old habit, checked against values worked by
/// hand from docs/reach-model.md (the default profile), not by the code.
@Suite("Reach against the habit")
struct ReachSummaryTests {
    static func load(_ text: String) throws -> Plan {
        var findings = FindingList()
        let node = try YAMLReader.read(Data(text.utf8), file: "plan.yaml").get()
        let plan = PlanLoader.load(node, file: "plan.yaml", workspace: Workspace(), findings: &findings)
        #expect(findings.findings.filter { $0.severity == .error }.isEmpty, "\(findings.findings)")
        return try #require(plan)
    }

    /// 144 UK followers, as in the blog the product grew from.
    static func ukPlan(baseline: String = "") throws -> Plan {
        try load(plan(items: "  - {id: c1, kind: content, text: one}", account: baseline,
                      audiences: "  uk: {timezone: Europe/London, size: 144}"))
    }

    /// 09:00 on a weekday, in view until 10:20: 0.04 + 0.04 × 20/60 checks.
    static let nineOClock = 1 - exp(-(0.04 + 0.04 / 3))  // 0.0519361…
    /// 07:00 on a weekday, in view until 08:20: 0.15 + 0.15 × 20/60 checks.
    static let sevenOClock = 1 - exp(-0.2)  // 0.1812692…

    @Test func theDefaultHabitReachesAboutHalfAReadPerFollowerPerFortnight() throws {
        let plan = try Self.ukPlan()
        let summary = ReachSummary(plan: plan, posts: [])
        #expect(summary.habit.text == "weekdays 09:00")
        #expect(summary.habitInstants.count == 5)
        let line = try #require(summary.lines.first)
        // Ten posts a fortnight at 09:00: 10 × 0.0519361 ≈ 0.519 (e^−0.05333 = 0.9480639 by its series).
        #expect(abs(line.habit.readsPerFortnight - 0.519361) < 1e-6)
        #expect(abs(line.habit.reads - 5 * 0.0519361) < 1e-6)
        // A week: 1 − e^(−5 × 0.05333) = 1 − e^(−0.26667) = 0.23407.
        #expect(abs(line.habit.share - 0.234072) < 1e-6)
        #expect(abs(line.habit.people - 144 * 0.234072) < 1e-4)
        // A fortnight: 1 − e^(−0.53333) = 1 − e^(−0.5) × e^(−0.03333) = 1 − 0.6065307 × 0.9672161 = 0.413354.
        #expect(abs(line.habit.sharePerFortnight - 0.413354) < 1e-6)
        #expect(line.planned.posts == 0 && line.planned.reads == 0 && line.ratio == 0)
    }

    @Test func theSamePostsAtSevenReachAboutOnePointEightReads() throws {
        let plan = try Self.ukPlan(baseline: "  baseline: \"weekdays 07:00\"")
        let line = try #require(ReachSummary(plan: plan, posts: []).lines.first)
        #expect(abs(line.habit.readsPerFortnight - 1.812692) < 1e-6)
        #expect(abs(line.habit.reads / 5 - Self.sevenOClock) < 1e-9)
    }

    @Test func plannedPostsCountOnlyForTheirAudiences() throws {
        let plan = try Self.load(plan(items: "  - {id: c1, kind: content, text: one}", audiences: """
              uk: {timezone: Europe/London, size: 144}
              ny: {timezone: America/New_York, size: 31}
            """))
        // Tuesday 1 December 2026 07:00 in London (GMT) and 13:00 (08:00 in New York).
        let seven = ReachModelTests.instant("2026-12-01T07:00:00Z")
        let one = ReachModelTests.instant("2026-12-01T13:00:00Z")
        let summary = ReachSummary(plan: plan, posts: [(seven, ["uk"]), (one, ["ny"])])
        let uk = try #require(summary.lines.first { $0.audience == "uk" })
        let ny = try #require(summary.lines.first { $0.audience == "ny" })
        #expect(uk.planned.posts == 1 && abs(uk.planned.reads - Self.sevenOClock) < 1e-9)
        // 08:00 to 09:20 in New York: 0.15 + 0.04/3.
        #expect(ny.planned.posts == 1 && abs(ny.planned.reads - (1 - exp(-(0.15 + 0.04 / 3)))) < 1e-9)
        #expect(abs(uk.ratio! - Self.sevenOClock / (5 * Self.nineOClock)) < 1e-9)
        // 09:00 in London is 04:00 in New York, when nobody there reads: the habit misses them all.
        #expect(ny.habit.reads == 0 && ny.ratio == nil)
        #expect(summary.sentence(uk) == "uk: 18% see at least one post this week (habit: 23%)")
    }

    @Test func sharesRoundAsAPersonSaysThem() {
        #expect(ReachSummary.percent(0) == "0%")
        #expect(ReachSummary.percent(0.004) == "<1%")
        #expect(ReachSummary.percent(0.614) == "61%")
        #expect(ReachSummary.percent(0.996) == ">99%")
        #expect(ReachSummary.percent(1) == "100%")
    }

    @Test func aHabitOfSeveralGroupsAndDays() throws {
        let habit = try #require(Habit.parse("Mon-Fri 09:00 13:00, sat+sun 10:30, weekdays 13:00"))
        #expect(habit.times(onWeekday: 3) == [TimeOfDay(hour: 9, minute: 0), TimeOfDay(hour: 13, minute: 0)])
        #expect(habit.times(onWeekday: 7) == [TimeOfDay(hour: 10, minute: 30)])
        #expect(Habit.parse("weekdays") == nil)
        #expect(Habit.parse("weekdays 9am") == nil)
        #expect(Habit.parse("someday 09:00") == nil)
        // Days are read as 'available' and a channel's 'window' read them: a span may wrap past Sunday, none may be empty.
        #expect(Habit.parse("fri-mon 08:00")?.groups.first?.weekdays == [5, 6, 7, 1])
        #expect(Availability.parse("Fri-Mon 08:00-09:00")?.windows.first?.weekdays == [5, 6, 7, 1])
        #expect(Habit.parse("mon++tue 09:00") == nil)
        #expect(Availability.parse("Mon++Tue 09:00-17:00") == nil)
        let plan = try Self.ukPlan(baseline: "  baseline: [\"weekdays 09:00\", \"sat 10:30\"]")
        #expect(plan.account.habit.instants(in: plan.period, clock: plan.account.clock).count == 6)
    }

    @Test func aHabitTimeTheClockSkipsIsPostedAfterTheGap() throws {
        // London skips 01:00–02:00 on Sunday 28 March 2027: 01:30 is posted at 02:30 BST, 01:30 UTC.
        let plan = try Self.load("""
            week: 2027-W12
            account: {name: acme, timezone: Europe/London, baseline: "sun 01:30"}
            audiences: {uk: {timezone: Europe/London, size: 10}}
            items: [{id: c1, kind: content, text: one}]
            """)
        let instants = plan.account.habit.instants(in: plan.period, clock: plan.account.clock)
        #expect(instants == [ReachModelTests.instant("2027-03-28T01:30:00Z")])
    }

    @Test func aBrokenBaselineIsReportedWhereItIs() {
        let marked = Marked(plan(items: "  - {id: c1, kind: content, text: one}", account: "  baseline: ⟨invalid-value⟩\"weekdays 9am\""))
        expectFinding("invalid-value", in: marked, message: "'baseline' has 'weekdays 9am'")
        let crowded = (0..<97).map { String(format: "%02d:%02d", $0 / 6 % 24, $0 % 6 * 10) }.joined(separator: " ")
        expectFinding("invalid-value", in: Marked(plan(items: "  - {id: c1, kind: content, text: one}", account: "  baseline: \"daily \(crowded)\"")),
                      message: "more than the limit of 96")
    }
}

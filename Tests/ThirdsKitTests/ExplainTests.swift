import Foundation
import Testing
@testable import ThirdsCore
@testable import ThirdsModel
@testable import ThirdsSolve
@testable import ThirdsSchedule
@testable import ThirdsKit

/// `thirds explain` on plans small enough to work out by hand.
///
/// One audience, `uk`: 100 members in London, weight 1, a post in view for
/// one hour (depth 150 over a feed of 150 an hour), checking only in hour 9:
/// once an hour on weekdays, twice at the weekend. So a post at 09:00 is seen
/// with p = 1 − e^−1 = 0.632121 on a weekday (reach w·n·p = 63.21 weighted
/// people, 63.2 people) and 1 − e^−2 = 0.864665 at the weekend (86.47); at
/// 08:45 or 09:15 it is in view for 45 minutes of hour 9: 1 − e^−0.75 =
/// 0.527633 (52.76) on a weekday, 1 − e^−1.5 = 0.776870 (77.69) at the
/// weekend. Every other time reaches nobody. A normal-priority post counts
/// its reach twice in the score. `thirds` is off and a day may hold one post.
@Suite("explain")
struct ExplainTests {
    static func plan(_ items: String, period: String = "week: 2026-W49", account: String = "") -> String {
        let weekday = (0..<24).map { $0 == 9 ? "1" : "0" }.joined(separator: ", ")
        let weekend = (0..<24).map { $0 == 9 ? "2" : "0" }.joined(separator: ", ")
        return """
            \(period)
            account:
              name: acme
              timezone: Europe/London
              since: 2015-01-01
            \(account)
            rules:
              rules:
                thirds: {severity: off}
                daily-limit: {severity: error, min: 0, max: 1}
            channels:
              x: {handle: acme}
            audiences:
              uk:
                timezone: Europe/London
                size: 100
                depth: 150
                feed: 150
                checks: {weekday: [\(weekday)], weekend: [\(weekend)]}
            items:
            \(items)
            """
    }

    /// The post to place, with its window's keys.
    static func post(_ window: String = "") -> String {
        #"  - {id: post, kind: content, text: "The post to place""# + (window.isEmpty ? "" : ", " + window) + "}"
    }

    static func explanation(_ text: String, _ id: String = "post") throws -> (Scheduler.Explanation, String) {
        let schedule = try #require(try solve(["plan.yaml": text]).schedules.first)
        let explanation = try #require(Scheduler.explain(schedule, occurrenceID: id))
        return (explanation, explanation.text)
    }

    /// Friday or Saturday; Saturday reaches more (86.47 against 63.21), but a
    /// post pinned on Saturday evening fills its one post a day.
    static let forbidding = plan("""
          - {id: pinned, kind: content, text: "Pinned on Saturday evening", at: 2026-12-05T20:00}
        \(post("not_before: 2026-12-04T00:00, not_after: 2026-12-05T23:45"))
        """)

    @Test func aRuleForbidsTheBetterDay() throws {
        let (explanation, text) = try Self.explanation(Self.forbidding)
        #expect(explanation.placed.map { ExplanationDescribe.local($0) } == "Fri 2026-12-04 09:00")
        // Reach a person can read: the chance, the people, the weighted people.
        #expect(text.contains("at Fri 2026-12-04 09:00: reach 63.21 weighted people, 126.42 in the score"), "\(text)")
        #expect(text.contains("uk: seen by 63.2% of members, 63.2 of 100 people; 63.21 weighted people (weight 1)"), "\(text)")
        // The week against the habit (weekdays 09:00: five posts at p = 0.632121,
        // 1 − e^−5 = 99.3% reached, 3.16 reads; the plan: 0.632121 from this
        // post, nothing from the pinned one at 20:00).
        #expect(text.contains("uk: 63% see at least one post this week (habit: 99%); 0.63 reads per member (habit: 3.16)"), "\(text)")
        // Saturday: its best slot, and the rule with its message.
        let saturday = try #require(explanation.days.first { $0.date == LocalDate(year: 2026, month: 12, day: 5) })
        #expect(saturday.verdict?.kind == .forbidden)
        #expect(saturday.verdict?.breaks.map(\.rule) == ["daily-limit"])
        #expect(text.contains("Sat 2026-12-05 09:00  reach 86.47  forbidden by daily-limit: 2 posts on 2026-12-05, more than the daily limit of 1"),
                "\(text)")
        // Nor is any other slot of Saturday; the next best, 08:45 (before the equal 09:15), names the rule.
        #expect(text.contains("is allowed either; the first, 08:45, would break daily-limit"), "\(text)")
        // Friday's next best, 08:45 (earlier than the equal 09:15): 2 × (52.76 − 63.21).
        #expect(text.contains("Fri 2026-12-04 08:45  reach 52.76  (this day's next best) score -20.90 (reach -10.45 × 2)"), "\(text)")
        #expect(explanation.days.count == 2)
        #expect(explanation.alternative.map { ExplanationDescribe.local($0) } == "Sat 2026-12-05 09:00")
        #expect(explanation.keptBy.hasPrefix("forbidden by daily-limit: "), "\(explanation.keptBy)")
    }

    /// Tuesday or Wednesday, the same reach: the solver starts the post at
    /// the earliest of its equal best slots and moves it only for a higher score.
    @Test func aTieIsSaidToBeATieWithItsTieBreak() throws {
        let (explanation, text) = try Self.explanation(Self.plan(Self.post("not_before: 2026-12-01T00:00, not_after: 2026-12-02T23:45")))
        #expect(explanation.placed.map { ExplanationDescribe.local($0) } == "Tue 2026-12-01 09:00")
        let wednesday = try #require(explanation.days.first { !$0.isPlacedDay })
        #expect(wednesday.verdict?.kind == .tie)
        #expect(wednesday.verdict?.scoreChange == 0)
        #expect(text.contains("Wed 2026-12-02 09:00  reach 63.21  a tie: the same score; kept here, the earlier slot"), "\(text)")
        #expect(text.contains("a tie goes to the earlier slot unless the search reached the later one first"), "\(text)")
        #expect(explanation.keptBy == "this is the best slot in its window")
    }

    /// Friday and Saturday both hold a pinned post: the post waits, and each
    /// day's best slot says what it would break.
    @Test func aDeferredPostSaysWhatEachBestDayWouldBreak() throws {
        let (explanation, text) = try Self.explanation(Self.plan("""
              - {id: friday, kind: content, text: "Pinned on Friday evening", at: 2026-12-04T20:00}
              - {id: saturday, kind: content, text: "Pinned on Saturday evening", at: 2026-12-05T20:00}
            \(Self.post("not_before: 2026-12-04T00:00, not_after: 2026-12-05T23:45"))
            """))
        #expect(explanation.placed == nil)
        // The reason it waits is kept.
        #expect(text.contains("deferred: at its best slot (Sat 09:00) it would break daily-limit: 2 posts on 2026-12-05, more than the daily limit of 1"),
                "\(text)")
        #expect(text.contains("Fri 2026-12-04 09:00  reach 63.21  would break daily-limit: 2 posts on 2026-12-04, more than the daily limit of 1"), "\(text)")
        #expect(text.contains("Sat 2026-12-05 09:00  reach 86.47  would break daily-limit: 2 posts on 2026-12-05, more than the daily limit of 1"), "\(text)")
        #expect(explanation.days.map { $0.verdict?.kind } == [.forbidden, .forbidden])
    }

    /// Three weeks, one post anywhere: 20 other days, of which the 7 whose
    /// best slots reach most are listed (the five other weekend days at
    /// 86.47, ties with the placed Saturday, then the first two weekdays at
    /// 63.21), and the cap is said.
    @Test func aLongWindowListsItsBestDaysAndSaysSo() throws {
        let (explanation, text) = try Self.explanation(Self.plan(Self.post(), period: "start: 2026-11-30\ndays: 21"))
        #expect(explanation.placed.map { ExplanationDescribe.local($0) } == "Sat 2026-12-05 09:00")
        #expect(explanation.otherDays == 20)
        let shown = explanation.days.filter { !$0.isPlacedDay }.map { "\($0.date)" }
        #expect(shown == ["2026-11-30", "2026-12-01", "2026-12-06", "2026-12-12", "2026-12-13", "2026-12-19", "2026-12-20"])
        #expect(text.contains("(7 of 20 other days shown, those whose best slots reach most; the other 13 reach 63.21 at most)"), "\(text)")
        // 2 × (63.21 − 86.47) on a weekday.
        #expect(text.contains("Mon 2026-11-30 09:00  reach 63.21  score -46.51 (reach -23.25 × 2)"), "\(text)")
        #expect(text.contains("Sun 2026-12-20 09:00  reach 86.47  a tie: the same score; kept here, the earlier slot"), "\(text)")
        // 2 × (77.69 − 86.47) at 08:45 the same day.
        #expect(text.contains("Sat 2026-12-05 08:45  reach 77.69  (this day's next best) score -17.56 (reach -8.78 × 2)"), "\(text)")
    }

    /// An engagement post, Friday or Saturday, with the owner available
    /// on weekdays from 09:30: Saturday has no slot, and Friday's best,
    /// 09:00, is ruled out, so the post goes at 09:30 (in view for half of
    /// hour 9: 1 − e^−0.5 = 0.393469, 39.35) and its next best is 09:45
    /// (1 − e^−0.25 = 0.221199, 22.12).
    @Test func availabilityRulesOutTimesAndDays() throws {
        let (explanation, text) = try Self.explanation(Self.plan("""
              - {id: post, kind: engagement, text: "Your questions", not_before: 2026-12-04T00:00, not_after: 2026-12-05T23:45}
            """, account: #"  available: "Mon-Fri 09:30-18:00""#))
        #expect(explanation.placed.map { ExplanationDescribe.local($0) } == "Fri 2026-12-04 09:30")
        #expect(text.contains("Fri 2026-12-04 09:45  reach 22.12  (this day's next best) score -34.45 (reach -17.23 × 2)"), "\(text)")
        #expect(text.contains("a better time that day, 09:00 (reach 63.21), is ruled out by availability: no post while the owner is available (Mon-Fri 09:30-18:00)"),
                "\(text)")
        #expect(text.contains("Sat 2026-12-05  no slot that day while the owner is available (Mon-Fri 09:30-18:00) (availability)"), "\(text)")
    }

    @Test func aPinnedPostSaysItIsPinned() throws {
        let (explanation, text) = try Self.explanation(Self.forbidding, "pinned")
        #expect(explanation.isPinned)
        #expect(explanation.days.isEmpty)
        #expect(text.contains("at Sat 2026-12-05 20:00: reach 0.00 weighted people, 0.00 in the score; pinned by the plan ('at')"), "\(text)")
    }

    /// The real binary, on the plan where a rule forbids the better day.
    @Test func theCommandExplainsWhyHereAndNotThere() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("thirds-explain-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try Self.forbidding.write(to: directory.appendingPathComponent("plan.yaml"), atomically: true, encoding: .utf8)
        let outcome = try CLITests.run(["explain", "plan.yaml", "post"], in: directory)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.hasPrefix("post (content, priority normal: its reach counts ×2 in the score)\n"), "\(outcome.stdout)")
        #expect(outcome.stdout.contains("why here and not there"), "\(outcome.stdout)")
        #expect(outcome.stdout.contains("Sat 2026-12-05 09:00  reach 86.47  forbidden by daily-limit: "), "\(outcome.stdout)")
        let schedule = try CLITests.run(["schedule", "plan.yaml", "--explain"], in: directory)
        #expect(schedule.status == 0, "\(schedule.stderr)")
        #expect(schedule.stdout.contains("Fri 2026-12-04 08:45  reach 52.76  (this day's next best) score -20.90"), "\(schedule.stdout)")
        #expect(schedule.stdout.contains("pinned (content, priority normal"), "every post is explained: \(schedule.stdout)")
    }
}

/// A candidate's local time as the explanation writes it.
enum ExplanationDescribe {
    static func local(_ candidate: Candidate) -> String { Scheduler.Explanation.describe(candidate.local) }
}

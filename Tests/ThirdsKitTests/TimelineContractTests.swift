import Foundation
import Testing
@testable import ThirdsCore
@testable import ThirdsText
@testable import ThirdsModel
@testable import ThirdsRules
@testable import ThirdsSchedule
@testable import ThirdsExport

/// The partial-timeline contract: `thirds check` on a plan sees only its
/// pinned posts (a partial timeline) and reports only what no later
/// placement could undo; the same posts as a complete schedule file are
/// judged whole. Week 2026-W49, London, which is UTC in December.
@Suite("Partial and complete timelines")
struct TimelineContractTests {
    /// A schedule file of `plan.yaml` with each post at `at` (UTC).
    static func schedule(_ posts: [(String, String)]) -> String {
        "format: thirds-schedule/1\nplan: ../plan.yaml\nposts:\n" + posts.map { "- {id: \($0.0), at: '\($0.1)'}" }.joined(separator: "\n") + "\n"
    }

    /// Seven posts, all pinned, none on Wednesday 2 December; p1 and p2 follow
    /// each other; four go out between 09:00 and 09:59.
    static let pinned = """
      - {id: c1, kind: content, text: "Content one", at: 2026-11-30T09:00}
      - {id: p1, kind: promotion, text: "Promotion one", at: 2026-12-01T09:00}
      - {id: p2, kind: promotion, text: "Promotion two", at: 2026-12-01T12:00}
      - {id: e1, kind: engagement, text: "Engagement one", at: 2026-12-03T09:00}
      - {id: c2, kind: content, text: "Content two", at: 2026-12-04T09:00}
      - {id: e2, kind: engagement, text: "Engagement two", at: 2026-12-05T11:00}
      - {id: c3, kind: content, text: "Content three", at: 2026-12-06T11:00}
    """
    static let pinnedPosts = [("c1", "2026-11-30T09:00:00Z"), ("p1", "2026-12-01T09:00:00Z"), ("p2", "2026-12-01T12:00:00Z"),
                              ("e1", "2026-12-03T09:00:00Z"), ("c2", "2026-12-04T09:00:00Z"), ("e2", "2026-12-05T11:00:00Z"),
                              ("c3", "2026-12-06T11:00:00Z")]

    @Test func whatALaterPostCouldUndoWaitsForTheWholeSchedule() throws {
        let text = plan(items: Self.pinned)
        // The plan: an empty day could still be filled, and a post between p1
        // and p2 would break their run, so neither is reported. An hour's
        // count only grows with more posts: spread is.
        let planReport = check(text)
        #expect(planReport.findings.map(\.ruleID) == ["spread"], "\(describe(planReport))")
        #expect(planReport.findings.first?.message == "4 posts at 09:00–09:59 local time, more than 2 at the same hour")
        // The same posts as the whole schedule: the empty Wednesday and the run are final.
        let report = check(["plan.yaml": text, "out/schedule.yaml": Self.schedule(Self.pinnedPosts)])
        let found = report.findings.filter { $0.location.file == "out/schedule.yaml" }.map { "\($0.severity) \($0.ruleID): \($0.message)" }.sorted()
        #expect(found == [
            "error daily-limit: 0 posts on 2026-12-02, fewer than the daily minimum of 1",
            "error promotion-streak: 2 promotions in a row ('p1', 'p2'), more than 1",
            "warning spread: 4 posts at 09:00–09:59 local time, more than 2 at the same hour",
        ], "\(describe(report))")
    }

    @Test func dailyMinimumOnACompleteScheduleIsAtThePosts() throws {
        // Without Monday's post, Monday is empty: posts as the plan pins them, c1 left out.
        let items = Self.pinned.split(separator: "\n").filter { !$0.contains("id: c1,") }.joined(separator: "\n")
            + "\n  - {id: c4, kind: content, text: \"Content four\", at: 2026-12-02T09:00}"
        let text = plan(items: items)
        #expect(!check(text).findings.contains { $0.ruleID == "daily-limit" }, "\(describe(check(text)))")
        let posts = Self.pinnedPosts.dropFirst() + [("c4", "2026-12-02T09:00:00Z")]
        let marked = Marked("format: thirds-schedule/1\nplan: ../plan.yaml\nposts:\n⟨daily-limit⟩"
                            + posts.map { "- {id: \($0.0), at: '\($0.1)'}" }.joined(separator: "\n") + "\n")
        let report = check(["plan.yaml": text, "out/schedule.yaml": marked.text])
        let daily = report.findings.filter { $0.ruleID == "daily-limit" }
        #expect(daily.map(\.message) == ["0 posts on 2026-11-30, fewer than the daily minimum of 1"], "\(describe(report))")
        // A day's shortfall belongs to no post: it is reported at the list of posts.
        let mark = try #require(marked.marks["daily-limit"])
        #expect(daily.first?.location == ThirdsCore.SourceLocation(file: "out/schedule.yaml", line: mark.line, column: mark.column))
        #expect(daily.first?.severity == .error)
        // With min 0 the same schedule is clean.
        let relaxed = plan(items: items, rules: "    daily-limit: {min: 0}")
        let clean = check(["plan.yaml": relaxed, "out/schedule.yaml": marked.text])
        #expect(!clean.findings.contains { $0.ruleID == "daily-limit" }, "\(describe(clean))")
    }

    @Test func aDailyMinimumOfTwoCountsEachDay() throws {
        // min 2: every day of the pinned week but Tuesday (p1, p2) has fewer.
        let text = plan(items: Self.pinned, rules: "    daily-limit: {min: 2, max: 4}")
        let report = check(["plan.yaml": text, "out/schedule.yaml": Self.schedule(Self.pinnedPosts)])
        let daily = report.findings.filter { $0.ruleID == "daily-limit" && $0.location.file == "out/schedule.yaml" }.map(\.message).sorted()
        #expect(daily == [
            "0 posts on 2026-12-02, fewer than the daily minimum of 2",
            "1 posts on 2026-11-30, fewer than the daily minimum of 2",
            "1 posts on 2026-12-03, fewer than the daily minimum of 2",
            "1 posts on 2026-12-04, fewer than the daily minimum of 2",
            "1 posts on 2026-12-05, fewer than the daily minimum of 2",
            "1 posts on 2026-12-06, fewer than the daily minimum of 2",
        ], "\(describe(report))")
    }

    @Test func whatNoLaterPostCouldUndoIsReportedAtOnce() throws {
        // e1 30 minutes after c1; five posts on Tuesday; e3 at 23:30, in the quiet hours.
        let marked = Marked(plan(items: """
              - {id: c1, kind: content, text: "Content one", at: 2026-11-30T09:00}
              - ⟨min-gap⟩{id: e1, kind: engagement, text: "Engagement one", at: 2026-11-30T09:30}
              - ⟨daily-limit⟩{id: p1, kind: promotion, text: "Promotion one", at: 2026-12-01T08:00}
              - {id: c2, kind: content, text: "Content two", at: 2026-12-01T10:00}
              - {id: e2, kind: engagement, text: "Engagement two", at: 2026-12-01T12:00}
              - {id: c3, kind: content, text: "Content three", at: 2026-12-01T14:00}
              - {id: p2, kind: promotion, text: "Promotion two", at: 2026-12-01T16:00}
              - ⟨quiet-hours⟩{id: e3, kind: engagement, text: "Engagement three", at: 2026-12-02T23:30}
            """, rules: "    quiet-hours: {severity: error}"))
        let report = check(marked.text)
        #expect(report.findings.map(\.ruleID).sorted() == ["daily-limit", "min-gap", "quiet-hours"], "\(describe(report))")
        let messages = [
            "min-gap": "'e1' is 30m after 'c1', less than the gap of 90m",
            "daily-limit": "5 posts on 2026-12-01, more than the daily limit of 4",
            "quiet-hours": "'e3' at 23:30 falls in the quiet hours 23:00–06:30",
        ]
        for finding in report.findings {
            let mark = try #require(marked.marks[finding.ruleID])
            #expect(finding.location == ThirdsCore.SourceLocation(file: "plan.yaml", line: mark.line, column: mark.column), "\(finding.ruleID) at \(finding.location)")
            #expect(finding.severity == .error)
            #expect(finding.message == messages[finding.ruleID], "\(finding.message)")
        }
    }

    /// At the level of one rule: the same posts, partial and complete.
    @Test func eachRuleOnAPartialAndACompleteTimeline() throws {
        let text = plan(items: Self.pinned)
        guard case .success(let node) = YAMLReader.read(Data(text.utf8), file: "plan.yaml") else { Issue.record("unreadable"); return }
        var findings = FindingList()
        let loaded = try #require(PlanLoader.load(node, file: "plan.yaml", workspace: Workspace(), findings: &findings))
        let occurrences = Expander.occurrences(of: loaded, findings: &findings)
        let context = PlanContext(plan: loaded, occurrences: occurrences)
        let posts = occurrences.map { Post(occurrence: $0, instant: $0.fixed!, clock: context.clock) }
        func ids(_ rule: any Rule, complete: Bool) -> [String] {
            rule.check(Timeline(posts: posts, isComplete: complete), in: context).map(\.ruleID)
        }
        let rules = Dictionary(uniqueKeysWithValues: RuleCatalogue.instantiate(loaded.rules).map { ($0.id, $0) })
        let daily = try #require(rules["daily-limit"]), streak = try #require(rules["promotion-streak"]), spread = try #require(rules["spread"])
        #expect(ids(daily, complete: false).isEmpty && ids(daily, complete: true) == ["daily-limit"])
        #expect(ids(streak, complete: false).isEmpty && ids(streak, complete: true) == ["promotion-streak"])
        #expect(ids(spread, complete: false) == ["spread"] && ids(spread, complete: true) == ["spread"])
        // Shares are a matter of the whole: 2 of 3 promotions is 67% on the
        // complete timeline, and says nothing while more could come.
        let thirds = try #require(rules["thirds"])
        let promotions = posts.filter { $0.occurrence.kind == .promotion } + posts.prefix(1)
        #expect(thirds.check(Timeline(posts: promotions, isComplete: false), in: context).isEmpty)
        #expect(thirds.check(Timeline(posts: promotions, isComplete: true), in: context).map(\.ruleID) == ["thirds"])
    }
}

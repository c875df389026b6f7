import Foundation
import ThirdsCore
import ThirdsText
import ThirdsModel
import ThirdsReach
import ThirdsRules
import ThirdsSolve

/// A solved week: what goes out when, what waits and why, and the score.
public struct Schedule: Sendable {
    public struct Entry: Sendable {
        public var occurrence: Occurrence
        public var candidate: Candidate
        public var weighted: Double { Double(occurrence.item.priority.weight) * candidate.reach }
    }

    public struct Deferral: Sendable {
        public var occurrence: Occurrence
        public var reason: String
    }

    public var problem: Problem
    public var assignment: [Int?]
    public var posts: [Entry]
    public var deferred: [Deferral]
    public var score: Score
    /// The rules the schedule still breaks: warnings, and errors when no
    /// schedule keeps every error rule.
    public var violations: [Violation]
    public var statistics: SearchStatistics

    public var plan: Plan { problem.context.plan }
    public var isFeasible: Bool { score.hard == 0 }
}

public enum Scheduler {
    /// Solves a plan: the posts of `context` placed under its rules.
    public static func schedule(_ context: PlanContext, options: SolveOptions = SolveOptions()) -> Schedule {
        // The clock starts before the reach table is built: the limit bounds the whole run.
        let options = options.started()
        let problem = Problem(context: context)
        let (assignment, statistics) = Solver.solve(problem, options: options)
        let (score, violations) = problem.evaluate(assignment)
        let occurrences = context.occurrences
        let posts = assignment.indices.compactMap { index in
            assignment[index].map { Schedule.Entry(occurrence: occurrences[index], candidate: problem.candidates[index][$0]) }
        }.sorted { ($0.candidate.instant, $0.occurrence.id) < ($1.candidate.instant, $1.occurrence.id) }
        let waiting = assignment.indices.filter { assignment[$0] == nil }
        // One running score for all the deferred posts' trials.
        let state = waiting.isEmpty ? nil : ScoreState(problem, assignment)
        let deferred = waiting.map { index in
            Schedule.Deferral(occurrence: occurrences[index], reason: reason(problem, assignment, index, baseline: violations,
                                                                             timedOut: options.deadline.map { Date() > $0 } ?? false, state: state))
        }
        return Schedule(problem: problem, assignment: assignment, posts: posts, deferred: deferred, score: score,
                        violations: violations.sorted { ($0.severity, $0.ruleID, $0.message) < ($1.severity, $1.ruleID, $1.message) },
                        statistics: statistics)
    }

    /// Why an item is not scheduled: what placing it at its best slots would break.
    /// Past the deadline no slot is tried: the run stays bounded, and the
    /// time limit is the honest reason.
    /// Each trial is read from the rules' tallies of `state` (the same
    /// assignment, kept incrementally; made here when not given).
    package static func reason(_ problem: Problem, _ assignment: [Int?], _ index: Int, baseline: [Violation], timedOut: Bool = false,
                               state: ScoreState? = nil) -> String {
        let occurrence = problem.context.occurrences[index]
        guard !problem.candidates[index].isEmpty else {
            if let forbidden = problem.forbiddenReason(occurrence) { return "no slot in its window \(forbidden)" }
            return "no slot of the grid lies in its window"
        }
        if timedOut { return "the time limit ran out before a place was found for it; allow more time" }
        let known = Set(baseline.map(\.key))
        let state = state ?? ScoreState(problem, assignment)
        var best: (count: Int, violations: [Violation], local: LocalDateTime)?
        for choice in problem.ranked[index].prefix(24) {
            state.set(index, choice)
            let all = state.errorViolations()
            state.set(index, nil)
            let new = all.filter { $0.severity == .error && !known.contains($0.key) }
            if best.map({ new.count < $0.count }) ?? true { best = (new.count, new, problem.candidates[index][choice].local) }
            if new.count == 1 { break }
        }
        guard let best, let first = best.violations.first else {
            return "a post with more priority or reach takes its place"
        }
        let rules = Array(Set(best.violations.map(\.ruleID))).sorted().joined(separator: ", ")
        return "at its best slot (\(weekdayName(best.local)) \(best.local.time)) it would break \(rules): \(first.message)"
    }

    /// Reach per audience and over the week against the habit, and why here
    /// and not there: each other day's best slot and what forbids it or how
    /// much less it scores (see `Explainer`).
    public static func explain(_ schedule: Schedule, occurrenceID: String) -> Explanation? {
        Explainer(schedule).explain(occurrenceID)
    }

    public struct Explanation: Sendable {
        public var occurrence: Occurrence
        public var placed: Candidate?
        /// Each audience's part of the reach where it was placed.
        public var parts: [(audience: String, probability: Double, reach: Double)]
        /// The best other slot with more reach, if any (one of `days`).
        public var alternative: Candidate?
        /// What kept it from `alternative`, or why it waits, or that it is pinned.
        public var keptBy: String
        /// Set by the plan's `at`: no other slot is weighed.
        public var isPinned = false
        /// Each audience's part, with its size and weight (people and weighted people).
        public var audiences: [AudienceReach] = []
        /// The period's figures of the post's audiences against the habit.
        public var week: ReachSummary?
        /// Other days of the window (at most `explainedDays`, in date order)
        /// and the placed day's best other slot.
        public var days: [DayOption] = []
        /// The window's days other than the placed one, shown or not.
        public var otherDays = 0
        /// The most reach of a day left out (when there are more than `explainedDays`).
        public var omittedBestReach: Double?

        public init(occurrence: Occurrence, placed: Candidate?, parts: [(audience: String, probability: Double, reach: Double)],
                    alternative: Candidate?, keptBy: String) {
            self.occurrence = occurrence
            self.placed = placed
            self.parts = parts
            self.alternative = alternative
            self.keptBy = keptBy
        }
    }
}


extension ReachSummary {
    /// The solved week's posts against the plan's habit.
    public init(_ schedule: Schedule) {
        let plan = schedule.plan
        self.init(plan: plan, posts: schedule.posts.map { ($0.candidate.instant, plan.audiences(of: $0.occurrence.item).map(\.id)) })
    }
}

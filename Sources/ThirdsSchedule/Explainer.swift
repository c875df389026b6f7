import Foundation
import ThirdsCore
import ThirdsModel
import ThirdsReach
import ThirdsRules
import ThirdsSolve

extension Scheduler {
    /// Most other days an explanation weighs and lists. A week's window has
    /// six; a longer one lists the days whose best slots reach most, and says
    /// how many it left out, so explaining a quarter stays as fast as a week.
    public static let explainedDays = 7
    /// Most slots of a day tried for one that is allowed, when its best is not.
    public static let explainedTries = 24

    /// A rule a placement breaks, in the rule's words.
    public struct Break: Sendable, Equatable {
        public var rule: String
        public var message: String
    }

    /// What moving a post to another slot (or putting a deferred one there)
    /// does to the schedule, everything else where it is, read from the
    /// rules' tallies.
    public struct Verdict: Sendable {
        public enum Kind: Sendable, Equatable {
            /// It would break an error rule there (`breaks`).
            case forbidden
            /// It would be allowed, with a lower score.
            case worse
            /// The same score: a tie, broken by where the search found the post first.
            case tie
            /// A higher score: the search did not find it.
            case better
        }

        public var kind: Kind
        /// Breaks of error rules the move adds (or makes worse), by violation key.
        public var breaks: [Break]
        /// Breaks of warning rules the move adds (or makes worse).
        public var warnings: [Break]
        /// The score's change, in weighted people: `reachChange − penaltyChange`.
        public var scoreChange: Double
        /// Priority weight × the change of the post's reach R.
        public var reachChange: Double
        /// The change of the warnings' penalty.
        public var penaltyChange: Double
    }

    /// One day of a post's window: its best slot and what placing the post
    /// there would do.
    public struct DayOption: Sendable {
        public var date: LocalDate
        /// The day's best candidate (on the day the post is placed, its best
        /// other one); nil when the day has none.
        public var candidate: Candidate?
        public var isPlacedDay: Bool
        public var verdict: Verdict?
        /// Why the day has no candidate (no slot while the owner is available).
        public var noSlot: Break?
        /// When `candidate` is forbidden: the day's best slot that is not,
        /// among its next `explainedTries`, and what it would do.
        public var allowed: (candidate: Candidate, verdict: Verdict)?
        /// When none of them is allowed: the first tried, and what it breaks.
        public var nextForbidden: (candidate: Candidate, verdict: Verdict)?
        /// The day's other slots tried for `allowed`, and how many others it has.
        public var triedOnDay = 0
        public var slotsOnDay = 0
        /// A time of the day with more reach than `candidate` that an error
        /// rule rules out for this post outright, and which rule.
        public var ruledOut: (local: LocalDateTime, reach: Double, rule: Break)?
    }

    /// One audience's part of a post's reach where it was placed.
    public struct AudienceReach: Sendable {
        public var audience: String
        public var size: Double
        public var weight: Double
        /// The chance one member sees the post.
        public var probability: Double
        /// n · p: members expected to see it.
        public var people: Double { size * probability }
        /// w · n · p: its part of the score, in weighted people.
        public var reach: Double
    }
}

/// Explains posts of one schedule: one running score (the schedule's own
/// assignment, kept in the rules' tallies) and one reach summary serve all
/// of them.
package final class Explainer {
    let schedule: Schedule
    let problem: Problem
    private lazy var state = ScoreState(problem, schedule.assignment)
    private lazy var score = state.score
    private lazy var errorsBefore = Self.magnitudes(state.errorViolations())
    private lazy var warningsBefore = Self.magnitudes(state.warningViolations())
    private lazy var rulesBefore = state.magnitudes
    private lazy var summary = ReachSummary(schedule)

    package init(_ schedule: Schedule) {
        self.schedule = schedule
        problem = schedule.problem
    }

    private static func magnitudes(_ violations: [Violation]) -> [ViolationKey: Int] {
        var found: [ViolationKey: Int] = [:]
        for violation in violations { found[violation.key, default: 0] += violation.magnitude }
        return found
    }

    /// The violations whose magnitude is above what it was: new breaks, or worse ones.
    private static func added(_ violations: [Violation], to before: [ViolationKey: Int]) -> [Scheduler.Break] {
        var now: [ViolationKey: (magnitude: Int, first: Violation)] = [:]
        var order: [ViolationKey] = []
        for violation in violations {
            if let known = now[violation.key] { now[violation.key] = (known.magnitude + violation.magnitude, known.first) } else {
                now[violation.key] = (violation.magnitude, violation)
                order.append(violation.key)
            }
        }
        return order.filter { now[$0]!.magnitude > before[$0] ?? 0 }.map { Scheduler.Break(rule: now[$0]!.first.ruleID, message: now[$0]!.first.message) }
    }

    package func explain(_ occurrenceID: String) -> Scheduler.Explanation? {
        guard let index = problem.context.occurrences.firstIndex(where: { $0.id == occurrenceID }) else { return nil }
        return explain(index)
    }

    package func explain(_ index: Int) -> Scheduler.Explanation {
        let occurrence = problem.context.occurrences[index]
        let plan = problem.context.plan
        let ids = Set(plan.audiences(of: occurrence.item).map(\.id))
        var week = summary
        week.lines = week.lines.filter { ids.contains($0.audience) }
        var explanation = Scheduler.Explanation(occurrence: occurrence, placed: nil, parts: [], alternative: nil, keptBy: "")
        explanation.week = week
        explanation.isPinned = occurrence.fixed != nil
        guard let choice = schedule.assignment[index] else {
            explanation.keptBy = schedule.deferred.first { $0.occurrence.id == occurrence.id }?.reason ?? ""
            // Without a candidate the reason says it all; otherwise its best days follow.
            if occurrence.fixed == nil, !problem.candidates[index].isEmpty {
                (explanation.days, explanation.otherDays, explanation.omittedBestReach) = days(index, placed: nil)
            }
            return explanation
        }
        let placed = problem.candidates[index][choice]
        explanation.placed = placed
        let parts = problem.parts(of: occurrence, at: placed)
        explanation.parts = parts.map { (audience: $0.audience.id, probability: $0.probability, reach: $0.reach) }
        explanation.audiences = parts.map {
            Scheduler.AudienceReach(audience: $0.audience.id, size: $0.audience.size, weight: $0.audience.weight, probability: $0.probability, reach: $0.reach)
        }
        guard occurrence.fixed == nil else {
            explanation.keptBy = "pinned by the plan"
            return explanation
        }
        (explanation.days, explanation.otherDays, explanation.omittedBestReach) = days(index, placed: choice)
        // The best other slot, as before: the one with most reach, if it beats this one.
        let better = explanation.days.filter { ($0.candidate?.reach ?? -1) > placed.reach + 1e-9 }
        if let best = better.max(by: { ($0.candidate!.reach, $1.candidate!.instant) < ($1.candidate!.reach, $0.candidate!.instant) }) {
            explanation.alternative = best.candidate
            explanation.keptBy = best.verdict.map { Scheduler.Explanation.describe($0, weight: occurrence.item.priority.weight) } ?? ""
        } else {
            explanation.keptBy = "this is the best slot in its window"
        }
        return explanation
    }

    /// What putting post `index` at `choice` does, the rest of the schedule as it is.
    func verdict(_ index: Int, _ choice: Int) -> Scheduler.Verdict {
        // The state is always put back: it holds the schedule's own assignment.
        let was = schedule.assignment[index]
        // Read before the move: the lazy figures are the schedule's own.
        let before = score, errorsBefore = errorsBefore, warningsBefore = warningsBefore, rulesBefore = rulesBefore
        state.set(index, choice)
        defer { state.set(index, was) }
        let after = state.score
        // Breaks are read by violation key and magnitude, never by message
        // (the messages' numbers change as posts move), from the rules whose
        // magnitude rose.
        let missing = was == nil && problem.context.occurrences[index].item.required ? 1 : 0
        let breaks = after.hard > before.hard - missing ? Self.added(state.violations(above: rulesBefore, errors: true), to: errorsBefore) : []
        let kind: Scheduler.Verdict.Kind
        if was == nil {
            // Adding a deferred post raises the priority sum: only a break keeps it out.
            kind = breaks.isEmpty ? .better : .forbidden
        } else if after < before {
            kind = after.hard > before.hard ? .forbidden : .worse
        } else {
            kind = after == before ? .tie : .better
        }
        // A forbidden slot's warnings are not told: its break says enough.
        let warnings = kind != .forbidden && after.penalty > before.penalty + 1e-12
            ? Self.added(state.violations(above: rulesBefore, errors: false), to: warningsBefore) : []
        return Scheduler.Verdict(kind: kind, breaks: breaks, warnings: warnings, scoreChange: after.soft - before.soft,
                                 reachChange: after.reach - before.reach, penaltyChange: after.penalty - before.penalty)
    }

    /// One day of a window, scanned slot by slot.
    private struct Day {
        var date: LocalDate
        /// The post's candidates that day (positions in its list), in time order.
        var candidates: [Int] = []
        /// The day's grid slots in the window.
        var firstSlot: Int
        var endSlot: Int
    }

    /// Whether putting post `index` at `choice` breaks no more error rules
    /// than the schedule does (a deferred required post: one fewer, as it is
    /// no longer missing). Reads only the count: cheap enough to try a day's slots.
    private func isAllowed(_ index: Int, _ choice: Int) -> Bool {
        let was = schedule.assignment[index]
        let before = score
        state.set(index, choice)
        defer { state.set(index, was) }
        let missing = was == nil && problem.context.occurrences[index].item.required ? 1 : 0
        return state.hard <= before.hard - missing
    }

    /// The days of a post's window other than `placed`'s, each with its best
    /// slot and verdict, at most `explainedDays` of them (those whose best
    /// slots reach most), in date order; with the placed day's best other
    /// slot; and how many other days there are, and the most the days left
    /// out reach.
    private func days(_ index: Int, placed: Int?) -> ([Scheduler.DayOption], Int, Double?) {
        let occurrence = problem.context.occurrences[index]
        let list = problem.candidates[index]
        guard let table = problem.context.reach, list.off == nil else { return ([], 0, nil) }
        let weights = problem.context.plan.audiences(of: occurrence.item).compactMap { audience in
            table.audienceIndex(audience.id).map { (ReachModel.weight(of: audience), $0) }
        }
        func reach(slot: Int) -> Double {
            var reach = 0.0
            for (weight, audience) in weights { reach += weight * table.probability[audience][slot] }
            return reach
        }
        var first = 0, past = table.slots.count
        while first < past {
            let middle = (first + past) / 2
            if table.slots[middle] < occurrence.earliest { first = middle + 1 } else { past = middle }
        }
        // Slots and candidates are both in time order: one walk over the window.
        var scanned: [Day] = []
        var position = 0
        var slot = first
        let slots = list.slots, count = slots.count
        while slot < table.slots.count, table.slots[slot] < occurrence.latest {
            let date = table.locals[slot].date
            if scanned.last?.date != date { scanned.append(Day(date: date, firstSlot: slot, endSlot: slot)) }
            while position < count, Int(slots[position]) < slot { position += 1 }
            if position < count, Int(slots[position]) == slot { scanned[scanned.count - 1].candidates.append(position) }
            slot += 1
            scanned[scanned.count - 1].endSlot = slot
        }
        // The best slot of a day that is not a candidate (an error rule rules
        // it out for this post), worked out for the days shown only.
        func ruledOut(_ day: Day) -> (slot: Int, reach: Double)? {
            var found: (slot: Int, reach: Double)?
            var next = 0
            for slot in day.firstSlot..<day.endSlot {
                while next < day.candidates.count, Int(slots[day.candidates[next]]) < slot { next += 1 }
                if next < day.candidates.count, Int(slots[day.candidates[next]]) == slot { continue }
                let value = reach(slot: slot)
                if found.map({ value > $0.reach }) ?? true { found = (slot, value) }
            }
            return found
        }
        // Each day's candidates best first, the earliest first among equals
        // (the order the solver tries them in), the placed slot left out.
        func ranked(_ day: Day) -> [Int] {
            let reach = list.reach
            return day.candidates.filter { $0 != placed }.sorted { reach[$0] > reach[$1] || (reach[$0] == reach[$1] && $0 < $1) }
        }
        let placedDate = placed.map { list.local($0).date }
        let others = scanned.filter { $0.date != placedDate }
        var shown = Set(others.map(\.date))
        var omittedBest: Double?
        if others.count > Scheduler.explainedDays {
            let value = { (day: Day) in day.candidates.map { list.reach[$0] }.max() ?? -1 }
            let order = others.map { ($0, value($0)) }.sorted { (-$0.1, $0.0.date) < (-$1.1, $1.0.date) }
            shown = Set(order.prefix(Scheduler.explainedDays).map(\.0.date))
            omittedBest = order.dropFirst(Scheduler.explainedDays).map(\.1).max().map { max(0, $0) }
        }
        let forbidding = problem.rules.filter { $0.severity == .error }.compactMap { rule in
            rule.forbiddenTimes(for: occurrence, in: problem.context).map { (rule.id, $0) }
        }
        func forbidder(_ local: LocalDateTime) -> Scheduler.Break? {
            forbidding.first { $0.1.contains(local) }.map { Scheduler.Break(rule: $0.0, message: $0.1.reason) }
        }
        var options: [Scheduler.DayOption] = []
        for day in scanned where day.date == placedDate || shown.contains(day.date) {
            let isPlaced = day.date == placedDate
            let order = ranked(day)
            if isPlaced && order.isEmpty { continue }
            var option = Scheduler.DayOption(date: day.date, candidate: order.first.map { list[$0] }, isPlacedDay: isPlaced)
            if let best = order.first {
                let verdict = verdict(index, best)
                option.verdict = verdict
                if verdict.kind == .forbidden {
                    // The day's best slot that breaks nothing, among its next few.
                    let tried = order.dropFirst().prefix(Scheduler.explainedTries)
                    option.triedOnDay = tried.count
                    option.slotsOnDay = order.count - 1
                    if let allowed = tried.first(where: { isAllowed(index, $0) }) {
                        option.allowed = (list[allowed], self.verdict(index, allowed))
                    } else if let next = tried.first {
                        // What the next one breaks stands for them (one listing, not 24).
                        option.nextForbidden = (list[next], self.verdict(index, next))
                    }
                }
                if let out = ruledOut(day), out.reach > list.reach[best] + 1e-9, let rule = forbidder(table.locals[out.slot]) {
                    option.ruledOut = (table.locals[out.slot], out.reach, rule)
                }
            } else {
                option.noSlot = forbidder(table.locals[day.firstSlot])
            }
            options.append(option)
        }
        return (options, others.count, omittedBest)
    }
}

import Foundation
import ThirdsCore
import ThirdsText
import ThirdsModel
import ThirdsReach
import ThirdsRules

/// An assignment and its score, kept up to date move by move: each rule's
/// tally takes the posts that come out and go in, and the score is read
/// from the tallies instead of checking the whole schedule again.
package final class ScoreState {
    package let problem: Problem
    /// A complete timeline scores everything; a partial one only the breaks
    /// of error rules that no later placement could undo (for building a
    /// schedule post by post).
    package let isComplete: Bool
    private(set) var assignment: [Int?]
    private struct Judge {
        var rule: any Rule
        var tally: any RuleTally
        var isError: Bool
        /// Some item waives the rule: its violations are read and filtered.
        var waivable: Bool
    }
    private var judges: [Judge] = []
    /// The judges' tallies alone: a move touches every one, and reading them
    /// from here copies no rule.
    private var tallies: [any RuleTally] = []
    private var isError: [Bool] = []
    private(set) var priority = 0
    private(set) var reach = 0.0
    /// Required posts left out.
    private(set) var missing = 0
    /// Movable posts (not pinned, with candidates) in and out of the schedule,
    /// each with its position in its list, for proposing moves without a scan.
    private(set) var placed: [Int] = []
    private(set) var waiting: [Int] = []
    private var position: [Int]
    private let movable: [Bool]
    /// No rule is waived: magnitudes are read straight from the tallies.
    private var plain = true

    package init(_ problem: Problem, _ assignment: [Int?], isComplete: Bool = true) {
        self.problem = problem
        self.isComplete = isComplete
        let context = problem.context
        let count = context.occurrences.count
        self.assignment = Array(repeating: nil, count: count)
        position = Array(repeating: -1, count: count)
        movable = (0..<count).map { context.occurrences[$0].fixed == nil && !problem.candidates[$0].isEmpty }
        let waived = Set(context.occurrences.flatMap { $0.item.waivers.map(\.rule.value) })
        for rule in problem.rules {
            // Rules whose partial check ignores placement add the same to
            // every trial of a comparison while building: left out there.
            if !isComplete, rule.severity != .error || !rule.partialCheckReadsPlacement { continue }
            guard let tally = rule.tally(of: context.occurrences, isComplete: isComplete, in: context) else { continue }
            judges.append(Judge(rule: rule, tally: tally, isError: rule.severity == .error, waivable: waived.contains(rule.id)))
        }
        tallies = judges.map(\.tally)
        isError = judges.map(\.isError)
        plain = !judges.contains(where: \.waivable)
        for index in 0..<count {
            if isComplete, context.occurrences[index].item.required { missing += 1 }
            if movable[index] { enlist(index, in: &waiting) }
        }
        for (index, choice) in assignment.enumerated() where choice != nil { set(index, choice) }
    }

    private func enlist(_ index: Int, in list: inout [Int]) {
        position[index] = list.count
        list.append(index)
    }

    private func delist(_ index: Int, from list: inout [Int]) {
        let at = position[index], last = list.removeLast()
        if last != index {
            list[at] = last
            position[last] = at
        }
    }

    @inline(__always) package func placement(_ index: Int, _ choice: Int) -> Placement {
        let list = problem.candidates[index]
        return Placement(instant: list.instant(choice), local: list.local(choice), order: problem.idRank[index])
    }

    /// Puts post `index` at candidate `choice`, or takes it out (nil).
    package func set(_ index: Int, _ choice: Int?) {
        let old = assignment[index]
        guard old != choice else { return }
        let occurrence = problem.context.occurrences[index]
        let weight = occurrence.item.priority.weight
        let counted = occurrence.item.scorePriority
        if let old {
            let at = placement(index, old)
            for tally in tallies { tally.remove(index, at: at) }
            priority -= counted
            reach -= Double(weight) * problem.candidates[index].reach[old]
        }
        if let choice {
            let at = placement(index, choice)
            for tally in tallies { tally.add(index, at: at) }
            priority += counted
            reach += Double(weight) * problem.candidates[index].reach[choice]
        }
        if isComplete, occurrence.item.required { missing += (choice == nil ? 1 : 0) - (old == nil ? 1 : 0) }
        if movable[index], (old == nil) != (choice == nil) {
            if choice == nil { delist(index, from: &placed); enlist(index, in: &waiting) } else { delist(index, from: &waiting); enlist(index, in: &placed) }
        }
        assignment[index] = choice
    }

    /// Applies a move and returns the move that undoes it.
    @discardableResult
    package func apply(_ move: [(Int, Int?)]) -> [(Int, Int?)] {
        var undo: [(Int, Int?)] = []
        undo.reserveCapacity(move.count)
        for (index, choice) in move {
            undo.append((index, assignment[index]))
            set(index, choice)
        }
        return undo.reversed()
    }

    private func magnitude(_ judge: Judge) -> Int {
        guard judge.waivable else { return judge.tally.magnitude }
        return problem.waivers.standing(judge.tally.violations()).map(\.magnitude).reduce(0, +)
    }

    /// Breaks of error rules (and, complete, required posts left out).
    package var hard: Int {
        var hard = missing
        if plain {
            for position in tallies.indices where isError[position] { hard += tallies[position].magnitude }
            return hard
        }
        for judge in judges where judge.isError { hard += magnitude(judge) }
        return hard
    }

    package var score: Score {
        var hard = missing
        var penalty = 0
        if plain {
            for position in tallies.indices {
                if isError[position] { hard += tallies[position].magnitude } else { penalty += tallies[position].magnitude }
            }
            return Score(hard: hard, priority: priority, reach: reach, penalty: Double(penalty) * problem.penaltyUnit)
        }
        for judge in judges {
            if judge.isError { hard += magnitude(judge) } else { penalty += magnitude(judge) }
        }
        return Score(hard: hard, priority: priority, reach: reach, penalty: Double(penalty) * problem.penaltyUnit)
    }

    /// The violations of the error rules now, waivers applied.
    package func errorViolations() -> [Violation] {
        judges.filter(\.isError).flatMap { problem.waivers.standing($0.tally.violations()) }
    }

    /// The violations of the warning rules now, waivers applied.
    package func warningViolations() -> [Violation] {
        judges.filter { !$0.isError }.flatMap { problem.waivers.standing($0.tally.violations()) }
    }

    /// Each rule's magnitude now, waivers applied, in the state's order.
    package var magnitudes: [Int] { judges.map(magnitude) }

    /// The violations, waivers applied, of only the error (or warning) rules
    /// whose magnitude is above `before` (an earlier `magnitudes`): listing
    /// every rule's violations after each trial would cost more than the trial.
    package func violations(above before: [Int], errors: Bool) -> [Violation] {
        zip(judges, before).filter { $0.0.isError == errors && magnitude($0.0) > $0.1 }
            .flatMap { problem.waivers.standing($0.0.tally.violations()) }
    }

    /// The state against a check from scratch of the same assignment: the
    /// first rule whose tally disagrees with its full check, or the score
    /// part that differs; nil when all agree.
    package func disagreement() -> String? {
        let context = problem.context
        let timeline = problem.timeline(assignment, isComplete: isComplete)
        for judge in judges {
            let full = problem.waivers.standing(judge.rule.check(timeline, in: context)).map(\.magnitude).reduce(0, +)
            let kept = magnitude(judge)
            if full != kept {
                return "rule '\(judge.rule.id)': the tally kept across moves gives \(kept), a check from scratch \(full)"
            }
        }
        guard isComplete else { return nil }
        let fresh = problem.evaluate(assignment).score
        let kept = score
        if fresh.hard != kept.hard || fresh.priority != kept.priority || abs(fresh.reach - kept.reach) > 1e-6 * max(1, abs(fresh.reach))
            || abs(fresh.penalty - kept.penalty) > 1e-6 * max(1, abs(fresh.penalty)) {
            return "score: kept across moves \(kept), from scratch \(fresh)"
        }
        return nil
    }
}

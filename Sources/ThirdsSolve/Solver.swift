import Foundation
import ThirdsCore
import ThirdsText
import ThirdsModel
import ThirdsReach
import ThirdsRules

public struct SolveOptions: Sendable {
    public var seed: UInt64 = 1
    /// Moves the local search tries. The search is bounded by this count, not
    /// by the clock, so the same plan gives the same schedule on any machine.
    public var moves: Int = 20_000
    /// A safety cap in seconds on the whole run (reach table, construction,
    /// search, insertion); the default effort ends long before it.
    public var timeLimit: Double = 30
    /// When the run must be done by: set from `timeLimit` when a run starts
    /// (the pipeline's, for all its plans together), unless given.
    public var deadline: Date?
    /// Score every move in full, including those the search skips on the
    /// strength of its optimistic bound, and stop if the bound was wrong
    /// (slow; for testing the solver).
    public var verify: Bool = false

    public init(seed: UInt64 = 1, moves: Int = 20_000, timeLimit: Double = 30, verify: Bool = false) {
        self.seed = seed
        self.moves = moves
        self.timeLimit = timeLimit
        self.verify = verify
    }

    /// The deadline, starting the clock now if none was set.
    public func started() -> SolveOptions {
        var options = self
        if options.deadline == nil { options.deadline = Date().addingTimeInterval(max(0, timeLimit.isFinite ? timeLimit : 1e9)) }
        return options
    }
}

/// A place an occurrence may go: a grid slot of its window, or its fixed instant.
public struct Candidate: Sendable {
    public var instant: Date
    public var local: LocalDateTime
    /// Expected reach R_i before the priority weight.
    public var reach: Double
}

/// The problem in numbers: each occurrence's candidates with their reach,
/// and the rules that judge a placement.
public struct Problem: Sendable {
    public let context: PlanContext
    public let rules: [any Rule]
    public let candidates: [[Candidate]]
    /// Each occurrence's candidates, best reach first.
    package let ranked: [[Int]]
    /// A warning's penalty per unit of magnitude: a quarter of the reach of a
    /// typical post at its best slot.
    public let penaltyUnit: Double
    /// Each occurrence's place in id order, to break ties in time without strings.
    package let idRank: [Int]
    /// The plan's waivers, read as the checker reads them: a waived break costs nothing.
    public let waivers: Waivers

    public init(context: PlanContext) {
        let table = context.reach ?? ReachTable(plan: context.plan)
        var context = context
        context.reach = table
        self.context = context
        rules = RuleCatalogue.instantiate(context.plan.rules)
        waivers = Waivers(context)
        // Times an error rule forbids a post outright are no candidates at all.
        let forbidding = rules.filter { $0.severity == .error }
        let plan = context.plan
        var all: [[Candidate]] = []
        for occurrence in context.occurrences {
            let audiences = plan.audiences(of: occurrence.item)
            let weights = audiences.map { (ReachModel.weight(of: $0), table.audienceIndex($0.id)!) }
            func candidate(slot: Int) -> Candidate {
                var reach = 0.0
                for (weight, index) in weights { reach += weight * table.probability[index][slot] }
                return Candidate(instant: table.slots[slot], local: table.locals[slot], reach: reach)
            }
            if let fixed = occurrence.fixed {
                if let slot = table.slot(of: fixed) {
                    all.append([candidate(slot: slot)])
                } else {
                    let reach = audiences.map { ReachModel.reach($0, probability: table.probability($0, at: fixed)) }.reduce(0, +)
                    all.append([Candidate(instant: fixed, local: plan.account.clock.local(fixed), reach: reach)])
                }
                continue
            }
            let forbidden = forbidding.compactMap { $0.forbiddenTimes(for: occurrence, in: context) }
            var slots: [Candidate] = []
            // Slots are in time order: start at the window's first instead of scanning the period.
            var first = 0, past = table.slots.count
            while first < past {
                let middle = (first + past) / 2
                if table.slots[middle] < occurrence.earliest { first = middle + 1 } else { past = middle }
            }
            for slot in first..<table.slots.count {
                guard table.slots[slot] < occurrence.latest else { break }
                if forbidden.contains(where: { $0.contains(table.locals[slot]) }) { continue }
                slots.append(candidate(slot: slot))
            }
            all.append(slots)
        }
        let byID = context.occurrences.indices.sorted { context.occurrences[$0].id < context.occurrences[$1].id }
        var rank = [Int](repeating: 0, count: byID.count)
        for (position, index) in byID.enumerated() { rank[index] = position }
        idRank = rank
        candidates = all
        ranked = all.map { list in list.indices.sorted { (-list[$0].reach, $0) < (-list[$1].reach, $1) } }
        let best = zip(context.occurrences, all).compactMap { occurrence, list in
            list.map(\.reach).max().map { $0 * Double(occurrence.item.priority.weight) }
        }
        penaltyUnit = best.isEmpty ? 1 : max(0.25 * best.reduce(0, +) / Double(best.count), 1e-6)
    }

    /// Why an occurrence can have no candidate: the reason of an error rule
    /// that forbids some of its times outright ("while the owner is available …").
    public func forbiddenReason(_ occurrence: Occurrence) -> String? {
        rules.lazy.filter { $0.severity == .error }.compactMap { $0.forbiddenTimes(for: occurrence, in: self.context)?.reason }.first
    }

    /// The candidate of an occurrence at an instant, if it has one there
    /// (candidates are in time order).
    package func candidate(of index: Int, at instant: Date) -> Int? {
        let list = candidates[index]
        var low = 0, high = list.count
        while low < high {
            let middle = (low + high) / 2
            if list[middle].instant < instant { low = middle + 1 } else { high = middle }
        }
        return low < list.count && list[low].instant == instant ? low : nil
    }

    /// Each audience's part of a post's reach: the chance one member sees it, and w · n · p.
    public func parts(of occurrence: Occurrence, at candidate: Candidate) -> [(audience: Audience, probability: Double, reach: Double)] {
        let table = context.reach!
        return context.plan.audiences(of: occurrence.item).map { audience in
            let p = table.probability(audience, at: candidate.instant)
            return (audience, p, ReachModel.reach(audience, probability: p))
        }
    }

    /// The posts of an assignment in time order (ties by id, as `Timeline`
    /// orders them), sorted on plain numbers: this runs for every move.
    package func timeline(_ assignment: [Int?], isComplete: Bool) -> Timeline {
        var placed: [(instant: Double, index: Int)] = []
        placed.reserveCapacity(assignment.count)
        for (index, choice) in assignment.enumerated() {
            if let choice { placed.append((candidates[index][choice].instant.timeIntervalSince1970, index)) }
        }
        let rank = idRank
        placed.sort { a, b in a.instant < b.instant || (a.instant == b.instant && rank[a.index] < rank[b.index]) }
        let posts = placed.map { entry in
            let candidate = candidates[entry.index][assignment[entry.index]!]
            return Post(occurrence: context.occurrences[entry.index], instant: candidate.instant, local: candidate.local)
        }
        return Timeline(ordered: posts, isComplete: isComplete)
    }

    /// Scores an assignment (occurrence index → candidate index) from scratch.
    public func evaluate(_ assignment: [Int?]) -> (score: Score, violations: [Violation]) {
        var priority = 0
        var reach = 0.0
        var hard = 0
        for (index, choice) in assignment.enumerated() {
            let occurrence = context.occurrences[index]
            guard let choice else {
                if occurrence.item.required { hard += 1 }
                continue
            }
            priority += occurrence.item.priority.weight
            reach += Double(occurrence.item.priority.weight) * candidates[index][choice].reach
        }
        let timeline = timeline(assignment, isComplete: true)
        var violations: [Violation] = []
        var penalty = 0.0
        for rule in rules {
            for violation in waivers.standing(rule.check(timeline, in: context)) {
                if violation.severity == .error { hard += violation.magnitude } else { penalty += Double(violation.magnitude) * penaltyUnit }
                violations.append(violation)
            }
        }
        return (Score(hard: hard, priority: priority, reach: reach, penalty: penalty), violations)
    }

    /// Breaks of error rules that no later placement can undo, for building
    /// a schedule post by post.
    package func partialHard(_ assignment: [Int?]) -> Int {
        let timeline = timeline(assignment, isComplete: false)
        // Rules whose partial check ignores placement add the same to every
        // trial of a comparison; leaving them out keeps each trial linear.
        return rules.filter { $0.severity == .error && $0.partialCheckReadsPlacement }.map { rule in
            waivers.standing(rule.check(timeline, in: context)).map(\.magnitude).reduce(0, +)
        }.reduce(0, +)
    }
}

public struct SearchStatistics: Sendable {
    public var moves = 0
    public var evaluations = 0
    public var seconds = 0.0
    public var stoppedByTimeLimit = false
}

/// Construction first, then local search (late acceptance hill climbing).
public enum Solver {
    public static func solve(_ problem: Problem, options: SolveOptions = SolveOptions()) -> (assignment: [Int?], statistics: SearchStatistics) {
        let started = Date()
        let deadline = options.started().deadline!
        var statistics = SearchStatistics()
        let context = problem.context
        let count = context.occurrences.count
        var assignment = construct(problem, deadline: deadline)
        if Date() > deadline { statistics.stoppedByTimeLimit = true }
        var current = problem.evaluate(assignment).score
        var best = (assignment: assignment, score: current)
        var generator = SeededGenerator(seed: options.seed)
        let movable = (0..<count).filter { context.occurrences[$0].fixed == nil && !problem.candidates[$0].isEmpty }
        guard !movable.isEmpty else {
            statistics.seconds = Date().timeIntervalSince(started)
            return (assignment, statistics)
        }
        // A longer memory explores more but settles later: scale it with the effort.
        let historyLength = max(20, options.moves / 800)
        var history = Array(repeating: current, count: historyLength)
        for step in 0..<options.moves {
            // Every move: on a large plan one scoring takes milliseconds.
            if Date() > deadline {
                statistics.stoppedByTimeLimit = true
                break
            }
            statistics.moves += 1
            guard let move = propose(problem, assignment, movable: movable, removing: current.hard > 0, generator: &generator) else { continue }
            var next = assignment
            for (index, choice) in move { next[index] = choice }
            let threshold = min(current, history[step % historyLength])
            if current.hard == 0 {
                let bound = optimistic(problem, from: assignment, to: next, current: current)
                if options.verify {
                    let actual = problem.evaluate(next).score
                    precondition(!(bound < actual), "the optimistic bound \(bound) is below the move's real score \(actual)")
                }
                if bound < threshold { continue }
            }
            let score = problem.evaluate(next).score
            statistics.evaluations += 1
            if score >= threshold {
                assignment = next
                current = score
                if current > best.score { best = (assignment, current) }
            }
            history[step % historyLength] = current
        }
        let repaired = best.score.hard > 0 ? repair(problem, best.assignment, score: best.score, deadline: deadline) : best.assignment
        let polished = addWhatFits(problem, repaired, deadline: deadline)
        if Date() > deadline { statistics.stoppedByTimeLimit = true }
        statistics.seconds = Date().timeIntervalSince(started)
        return (polished, statistics)
    }

    /// The best score a move could reach if every warning went away: moves
    /// that cannot be accepted even then are not worth scoring.
    package static func optimistic(_ problem: Problem, from old: [Int?], to new: [Int?], current: Score) -> Score {
        var priority = current.priority
        var reach = current.reach
        for index in old.indices where old[index] != new[index] {
            let weight = problem.context.occurrences[index].item.priority.weight
            if let choice = old[index] {
                priority -= weight
                reach -= Double(weight) * problem.candidates[index][choice].reach
            }
            if let choice = new[index] {
                priority += weight
                reach += Double(weight) * problem.candidates[index][choice].reach
            }
        }
        return Score(hard: 0, priority: priority, reach: reach, penalty: 0)
    }

    package static func propose(_ problem: Problem, _ assignment: [Int?], movable: [Int], removing: Bool,
                        generator: inout SeededGenerator) -> [(Int, Int?)]? {
        func pick(_ index: Int) -> Int {
            let ranked = problem.ranked[index]
            // Mostly the best slots; sometimes anywhere, to get out of a corner.
            if Int.random(in: 0..<3, using: &generator) > 0 { return ranked[Int.random(in: 0..<min(6, ranked.count), using: &generator)] }
            return ranked[Int.random(in: 0..<ranked.count, using: &generator)]
        }
        let roll = Int.random(in: 0..<100, using: &generator)
        let placed = movable.filter { assignment[$0] != nil }
        let waiting = movable.filter { assignment[$0] == nil }
        if roll < 15, !waiting.isEmpty {
            let index = waiting.randomElement(using: &generator)!
            let choice = pick(index)
            // Replace: it takes the place of a scheduled optional post of the
            // same kind, so the shares stay as they were.
            let kind = problem.context.occurrences[index].kind
            if roll < 5, let other = placed.filter({ problem.context.occurrences[$0].kind == kind && !problem.context.occurrences[$0].item.required })
                .randomElement(using: &generator) {
                let there = problem.candidate(of: index, at: problem.candidates[other][assignment[other]!].instant) ?? choice
                return [(other, nil), (index, there)]
            }
            // Make room: a post of the same day moves elsewhere at the same time.
            let day = problem.candidates[index][choice].local.date
            if roll < 10, let other = placed.filter({ problem.candidates[$0][assignment[$0]!].local.date == day }).randomElement(using: &generator) {
                return [(index, choice), (other, pick(other))]
            }
            return [(index, choice)]
        }
        if roll < 25, removing, let index = placed.filter({ !problem.context.occurrences[$0].item.required }).randomElement(using: &generator) {
            return [(index, nil)]
        }
        guard let first = placed.randomElement(using: &generator) else { return nil }
        if roll < 45, let second = placed.randomElement(using: &generator), second != first,
           let a = assignment[first], let b = assignment[second] {
            // Swap: each takes the other's instant, where its window allows.
            guard let toA = problem.candidate(of: second, at: problem.candidates[first][a].instant),
                  let toB = problem.candidate(of: first, at: problem.candidates[second][b].instant) else { return nil }
            return [(first, toB), (second, toA)]
        }
        if roll < 65, let current = assignment[first] {
            // Shift: a few slots earlier or later, which often keeps the gaps.
            let step = Int.random(in: 1...3, using: &generator) * (Bool.random(using: &generator) ? 1 : -1)
            let target = current + step
            guard problem.candidates[first].indices.contains(target) else { return nil }
            return [(first, target)]
        }
        return [(first, pick(first))]
    }

    /// Greedy construction: pinned posts, then the selection's posts most
    /// important first, each at its best slot that breaks no error rule.
    package static func construct(_ problem: Problem, deadline: Date = .distantFuture) -> [Int?] {
        let context = problem.context
        let hard = problem.rules.filter { $0.severity == .error }
        let selection = Selection.best(of: context.occurrences, rules: hard, in: context)
        let kept = Set((selection?.kept ?? context.occurrences).map(\.id))
        var assignment = [Int?](repeating: nil, count: context.occurrences.count)
        let order = context.occurrences.indices.filter { kept.contains(context.occurrences[$0].id) }.sorted { a, b in
            let x = context.occurrences[a], y = context.occurrences[b]
            return (x.fixed == nil ? 1 : 0, x.item.required ? 0 : 1, -x.item.priority.weight, problem.candidates[a].count, a)
                < (y.fixed == nil ? 1 : 0, y.item.required ? 0 : 1, -y.item.priority.weight, problem.candidates[b].count, b)
        }
        for index in order where !problem.candidates[index].isEmpty {
            // Past the deadline only what must go in goes in, at its best slot.
            if Date() > deadline {
                if context.occurrences[index].item.required || context.occurrences[index].fixed != nil {
                    assignment[index] = problem.ranked[index][0]
                }
                continue
            }
            if let choice = firstFitting(problem, index, in: assignment, deadline: deadline) {
                assignment[index] = choice
            } else {
                // A required or pinned post goes in regardless; the search repairs around it.
                if context.occurrences[index].item.required || context.occurrences[index].fixed != nil {
                    assignment[index] = problem.ranked[index][0]
                }
            }
        }
        return assignment
    }

    /// The best-reach candidate for a post that adds no break of an error
    /// rule that later placements could not undo.
    package static func firstFitting(_ problem: Problem, _ index: Int, in assignment: [Int?], limit: Int = .max,
                             deadline: Date = .distantFuture) -> Int? {
        var trial = assignment
        trial[index] = nil
        let before = problem.partialHard(trial)
        for (tried, choice) in problem.ranked[index].prefix(limit).enumerated() {
            if tried % 16 == 15, Date() > deadline { return nil }
            trial[index] = choice
            if problem.partialHard(trial) <= before { return choice }
        }
        return nil
    }

    /// When the search ends with an error rule broken, optional posts are
    /// taken out, one or two at a time, while that breaks fewer: two, where
    /// taking out either alone breaks another rule (three posts on a day with
    /// a limit of two, and the shares of thirds that need all three kinds).
    /// Runs only on a broken schedule, so a feasible one is never changed.
    package static func repair(_ problem: Problem, _ assignment: [Int?], score: Score, deadline: Date) -> [Int?] {
        var assignment = assignment
        var score = score
        while score.hard > 0, Date() <= deadline {
            let optional = assignment.indices.filter {
                assignment[$0] != nil && problem.context.occurrences[$0].fixed == nil && !problem.context.occurrences[$0].item.required
            }
            var found: (assignment: [Int?], score: Score)?
            search: for (position, first) in optional.enumerated() {
                for second in [nil] + optional[(position + 1)...].map(Optional.some) {
                    if Date() > deadline { break search }
                    var next = assignment
                    next[first] = nil
                    if let second { next[second] = nil }
                    let candidate = problem.evaluate(next).score
                    if candidate.hard < score.hard, found.map({ candidate > $0.score }) ?? true { found = (next, candidate) }
                }
            }
            guard let found else { break }
            (assignment, score) = found
        }
        return assignment
    }

    /// After the search, anything that still fits without harm goes in.
    package static func addWhatFits(_ problem: Problem, _ assignment: [Int?], deadline: Date = .distantFuture) -> [Int?] {
        var assignment = assignment
        var score = problem.evaluate(assignment).score
        let waiting = assignment.indices.filter { assignment[$0] == nil && !problem.candidates[$0].isEmpty }
            .sorted { (-problem.context.occurrences[$0].item.priority.weight, $0) < (-problem.context.occurrences[$1].item.priority.weight, $1) }
        for index in waiting {
            if Date() > deadline { break }
            for next in insertions(problem, index, into: assignment, deadline: deadline) {
                if Date() > deadline { break }
                let candidate = problem.evaluate(next).score
                if candidate > score {
                    assignment = next
                    score = candidate
                    break
                }
            }
        }
        return assignment
    }

    /// Ways to add a waiting post: where it fits as things stand, or at one of
    /// its best slots after moving a post that the rules say is in the way
    /// (the posts a violation names) to the best place that one still fits.
    package static func insertions(_ problem: Problem, _ index: Int, into assignment: [Int?], deadline: Date = .distantFuture) -> [[Int?]] {
        var options: [[Int?]] = []
        if let choice = firstFitting(problem, index, in: assignment, deadline: deadline) {
            var next = assignment
            next[index] = choice
            options.append(next)
        }
        let occurrenceIndex = Dictionary(uniqueKeysWithValues: problem.context.occurrences.enumerated().map { ($0.element.id, $0.offset) })
        let hard = problem.rules.filter { $0.severity == .error }
        // A post with a narrow window is tried in every slot it has.
        let ranked = problem.ranked[index]
        for choice in ranked.prefix(ranked.count <= 48 ? ranked.count : 8) {
            if Date() > deadline { break }
            var trial = assignment
            trial[index] = choice
            let timeline = problem.timeline(trial, isComplete: false)
            let blocking = problem.waivers.standing(hard.flatMap { $0.check(timeline, in: problem.context) })
                .filter { $0.occurrenceIDs.contains(problem.context.occurrences[index].id) }
                .flatMap(\.occurrenceIDs).compactMap { occurrenceIndex[$0] }
                .filter { $0 != index && problem.context.occurrences[$0].fixed == nil }
            for other in Array(Set(blocking)).sorted().prefix(4) {
                var moved = trial
                moved[other] = nil
                guard let elsewhere = firstFitting(problem, other, in: moved, limit: 300, deadline: deadline) else { continue }
                moved[other] = elsewhere
                options.append(moved)
            }
        }
        return options
    }
}

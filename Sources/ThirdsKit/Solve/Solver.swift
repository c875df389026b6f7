import Foundation

public struct SolveOptions: Sendable {
    public var seed: UInt64 = 1
    /// Moves the local search tries. The search is bounded by this count, not
    /// by the clock, so the same plan gives the same schedule on any machine.
    public var moves: Int = 20_000
    /// A safety cap in seconds; the default effort ends long before it.
    public var timeLimit: Double = 30
    /// Recompute the score from scratch after every accepted move and compare
    /// (slow; for testing the solver).
    public var verify: Bool = false

    public init(seed: UInt64 = 1, moves: Int = 20_000, timeLimit: Double = 30, verify: Bool = false) {
        self.seed = seed
        self.moves = moves
        self.timeLimit = timeLimit
        self.verify = verify
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
    let ranked: [[Int]]
    /// A warning's penalty per unit of magnitude: a quarter of the reach of a
    /// typical post at its best slot.
    public let penaltyUnit: Double

    public init(context: PlanContext) {
        let table = context.reach ?? ReachTable(plan: context.plan)
        var context = context
        context.reach = table
        self.context = context
        rules = RuleCatalogue.instantiate(context.plan.rules)
        let availability = rules.first { $0 is AvailabilityRule && $0.severity == .error } as? AvailabilityRule
        let plan = context.plan
        var all: [[Candidate]] = []
        for occurrence in context.occurrences {
            let audiences = plan.audiences(of: occurrence.item)
            let weights = audiences.map { ($0.weight * $0.size, table.audienceIndex($0.id)!) }
            func candidate(slot: Int) -> Candidate {
                var reach = 0.0
                for (weight, index) in weights { reach += weight * table.probability[index][slot] }
                return Candidate(instant: table.slots[slot], local: table.locals[slot], reach: reach)
            }
            if let fixed = occurrence.fixed {
                if let slot = table.slot(of: fixed) {
                    all.append([candidate(slot: slot)])
                } else {
                    let reach = audiences.map { ReachModel.reach($0, at: fixed) }.reduce(0, +)
                    all.append([Candidate(instant: fixed, local: plan.account.clock.local(fixed), reach: reach)])
                }
                continue
            }
            var slots: [Candidate] = []
            for slot in table.slots.indices where table.slots[slot] >= occurrence.earliest && table.slots[slot] < occurrence.latest {
                if occurrence.kind == .engagement, let availability, !availability.isAvailable(table.locals[slot], in: context) { continue }
                slots.append(candidate(slot: slot))
            }
            all.append(slots)
        }
        candidates = all
        ranked = all.map { list in list.indices.sorted { (-list[$0].reach, $0) < (-list[$1].reach, $1) } }
        let best = zip(context.occurrences, all).compactMap { occurrence, list in
            list.map(\.reach).max().map { $0 * Double(occurrence.item.priority.weight) }
        }
        penaltyUnit = best.isEmpty ? 1 : max(0.25 * best.reduce(0, +) / Double(best.count), 1e-6)
    }

    /// Each audience's part of a post's reach: the chance one member sees it, and w · n · p.
    public func parts(of occurrence: Occurrence, at candidate: Candidate) -> [(audience: Audience, probability: Double, reach: Double)] {
        let table = context.reach!
        return context.plan.audiences(of: occurrence.item).map { audience in
            let p = table.slot(of: candidate.instant).map { table.probability[table.audienceIndex(audience.id)!][$0] }
                ?? ReachModel.probability(audience, seesPostAt: candidate.instant)
            return (audience, p, audience.weight * audience.size * p)
        }
    }

    /// Scores an assignment (occurrence index → candidate index) from scratch.
    public func evaluate(_ assignment: [Int?]) -> (score: Score, violations: [Violation]) {
        var posts: [Post] = []
        var priority = 0
        var reach = 0.0
        var hard = 0
        for (index, choice) in assignment.enumerated() {
            let occurrence = context.occurrences[index]
            guard let choice else {
                if occurrence.item.required { hard += 1 }
                continue
            }
            let candidate = candidates[index][choice]
            posts.append(Post(occurrence: occurrence, instant: candidate.instant, local: candidate.local))
            priority += occurrence.item.priority.weight
            reach += Double(occurrence.item.priority.weight) * candidate.reach
        }
        let timeline = Timeline(posts: posts, isComplete: true)
        var violations: [Violation] = []
        var penalty = 0.0
        for rule in rules {
            for violation in rule.check(timeline, in: context) {
                if violation.severity == .error { hard += violation.magnitude } else { penalty += Double(violation.magnitude) * penaltyUnit }
                violations.append(violation)
            }
        }
        return (Score(hard: hard, priority: priority, reach: reach, penalty: penalty), violations)
    }

    /// Breaks of error rules that no later placement can undo, for building
    /// a schedule post by post.
    func partialHard(_ assignment: [Int?]) -> Int {
        let posts = assignment.enumerated().compactMap { index, choice in
            choice.map { Post(occurrence: context.occurrences[index], instant: candidates[index][$0].instant, local: candidates[index][$0].local) }
        }
        let timeline = Timeline(posts: posts, isComplete: false)
        return rules.filter { $0.severity == .error }.map { rule in
            rule.check(timeline, in: context).map(\.magnitude).reduce(0, +)
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
        var statistics = SearchStatistics()
        let context = problem.context
        let count = context.occurrences.count
        var assignment = construct(problem)
        var current = problem.evaluate(assignment).score
        var best = (assignment: assignment, score: current)
        var generator = SeededGenerator(seed: options.seed)
        let movable = (0..<count).filter { context.occurrences[$0].fixed == nil && !problem.candidates[$0].isEmpty }
        guard !movable.isEmpty else {
            statistics.seconds = Date().timeIntervalSince(started)
            return (assignment, statistics)
        }
        let historyLength = 40
        var history = Array(repeating: current, count: historyLength)
        for step in 0..<options.moves {
            if step % 512 == 0, Date().timeIntervalSince(started) > options.timeLimit {
                statistics.stoppedByTimeLimit = true
                break
            }
            statistics.moves += 1
            guard let move = propose(problem, assignment, movable: movable, removing: current.hard > 0, generator: &generator) else { continue }
            var next = assignment
            for (index, choice) in move { next[index] = choice }
            let threshold = min(current, history[step % historyLength])
            if current.hard == 0, optimistic(problem, from: assignment, to: next, current: current) < threshold { continue }
            let score = problem.evaluate(next).score
            statistics.evaluations += 1
            if score >= threshold {
                assignment = next
                current = score
                if options.verify {
                    precondition(problem.evaluate(assignment).score == current, "incremental score differs from a fresh evaluation")
                }
                if current > best.score { best = (assignment, current) }
            }
            history[step % historyLength] = current
        }
        let polished = addWhatFits(problem, best.assignment)
        statistics.seconds = Date().timeIntervalSince(started)
        return (polished, statistics)
    }

    /// The best score a move could reach if every warning went away: moves
    /// that cannot be accepted even then are not worth scoring.
    static func optimistic(_ problem: Problem, from old: [Int?], to new: [Int?], current: Score) -> Score {
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

    static func propose(_ problem: Problem, _ assignment: [Int?], movable: [Int], removing: Bool,
                        generator: inout SeededGenerator) -> [(Int, Int?)]? {
        func pick(_ index: Int) -> Int {
            let ranked = problem.ranked[index]
            // Mostly the best slots; sometimes anywhere, to get out of a corner.
            if Int.random(in: 0..<3, using: &generator) > 0 { return ranked[Int.random(in: 0..<min(12, ranked.count), using: &generator)] }
            return ranked[Int.random(in: 0..<ranked.count, using: &generator)]
        }
        let roll = Int.random(in: 0..<100, using: &generator)
        let placed = movable.filter { assignment[$0] != nil }
        let waiting = movable.filter { assignment[$0] == nil }
        if roll < 15, !waiting.isEmpty {
            let index = waiting.randomElement(using: &generator)!
            return [(index, pick(index))]
        }
        if roll < 25, removing, let index = placed.filter({ !problem.context.occurrences[$0].item.required }).randomElement(using: &generator) {
            return [(index, nil)]
        }
        guard let first = placed.randomElement(using: &generator) else { return nil }
        if roll < 45, let second = placed.randomElement(using: &generator), second != first,
           let a = assignment[first], let b = assignment[second] {
            // Swap: each takes the other's instant, where its window allows.
            let instantA = problem.candidates[first][a].instant, instantB = problem.candidates[second][b].instant
            guard let toA = problem.candidates[second].firstIndex(where: { $0.instant == instantA }),
                  let toB = problem.candidates[first].firstIndex(where: { $0.instant == instantB }) else { return nil }
            return [(first, toB), (second, toA)]
        }
        return [(first, pick(first))]
    }

    /// Greedy construction: pinned posts, then the selection's posts most
    /// important first, each at its best slot that breaks no error rule.
    static func construct(_ problem: Problem) -> [Int?] {
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
        var breaks = problem.partialHard(assignment)
        for index in order where !problem.candidates[index].isEmpty {
            var placed = false
            for choice in problem.ranked[index] {
                assignment[index] = choice
                let after = problem.partialHard(assignment)
                if after <= breaks {
                    breaks = after
                    placed = true
                    break
                }
            }
            if !placed {
                // A required or pinned post goes in regardless; the search repairs around it.
                if context.occurrences[index].item.required || context.occurrences[index].fixed != nil {
                    assignment[index] = problem.ranked[index][0]
                    breaks = problem.partialHard(assignment)
                } else {
                    assignment[index] = nil
                }
            }
        }
        return assignment
    }

    /// After the search, anything that still fits without harm goes in.
    static func addWhatFits(_ problem: Problem, _ assignment: [Int?]) -> [Int?] {
        var assignment = assignment
        var score = problem.evaluate(assignment).score
        let waiting = assignment.indices.filter { assignment[$0] == nil && !problem.candidates[$0].isEmpty }
            .sorted { (-problem.context.occurrences[$0].item.priority.weight, $0) < (-problem.context.occurrences[$1].item.priority.weight, $1) }
        for index in waiting {
            for choice in problem.ranked[index].prefix(24) {
                var next = assignment
                next[index] = choice
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
}

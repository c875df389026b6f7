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
    /// Check every move, accepted or rejected, against a check from scratch
    /// (each rule's full check of the schedule), and stop at the first
    /// difference, named in `SearchStatistics.verifyFailure` (slow; for
    /// testing the solver).
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

/// The grid's instants and wall-clock times, shared by every candidate list.
package final class SlotTimes: Sendable {
    package let slots: [Date]
    package let locals: [LocalDateTime]

    package init(slots: [Date], locals: [LocalDateTime]) {
        self.slots = slots
        self.locals = locals
    }
}

/// An occurrence's candidates in time order, held compactly: slot numbers of
/// the shared grid and their reach (a candidate record is made when read).
public struct CandidateList: RandomAccessCollection, Sendable {
    package let times: SlotTimes
    package let slots: [Int32]
    /// Each candidate's expected reach R_i before the priority weight.
    public let reach: [Double]
    /// A pinned instant off the grid: the list's only candidate.
    package let off: Candidate?

    package init(times: SlotTimes, slots: [Int32], reach: [Double]) {
        self.times = times
        self.slots = slots
        self.reach = reach
        off = nil
    }

    package init(off candidate: Candidate, times: SlotTimes) {
        self.times = times
        slots = []
        reach = [candidate.reach]
        off = candidate
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { reach.count }

    public subscript(position: Int) -> Candidate {
        off ?? Candidate(instant: times.slots[Int(slots[position])], local: times.locals[Int(slots[position])], reach: reach[position])
    }

    @inline(__always) package func instant(_ position: Int) -> Date { off?.instant ?? times.slots[Int(slots[position])] }
    @inline(__always) package func local(_ position: Int) -> LocalDateTime { off?.local ?? times.locals[Int(slots[position])] }
}

/// The problem in numbers: each occurrence's candidates with their reach,
/// and the rules that judge a placement.
public struct Problem: Sendable {
    public let context: PlanContext
    public let rules: [any Rule]
    public let candidates: [CandidateList]
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
        let times = SlotTimes(slots: table.slots, locals: table.locals)
        // Posts with the same window, audiences and kind of slot filter have
        // the same candidates: one list serves them all (a long plan's posts
        // would otherwise each hold every slot of the period).
        var shared: [String: (list: CandidateList, ranked: [Int])] = [:]
        var all: [CandidateList] = []
        var ranked: [[Int]] = []
        func ranking(_ list: CandidateList) -> [Int] {
            list.indices.sorted { (-list.reach[$0], $0) < (-list.reach[$1], $1) }
        }
        for occurrence in context.occurrences {
            let audiences = plan.audiences(of: occurrence.item)
            let weights = audiences.map { (ReachModel.weight(of: $0), table.audienceIndex($0.id)!) }
            func reach(slot: Int) -> Double {
                var reach = 0.0
                for (weight, index) in weights { reach += weight * table.probability[index][slot] }
                return reach
            }
            if let fixed = occurrence.fixed {
                let list: CandidateList
                if let slot = table.slot(of: fixed) {
                    list = CandidateList(times: times, slots: [Int32(slot)], reach: [reach(slot: slot)])
                } else {
                    let reach = audiences.map { ReachModel.reach($0, probability: table.probability($0, at: fixed)) }.reduce(0, +)
                    list = CandidateList(off: Candidate(instant: fixed, local: plan.account.clock.local(fixed), reach: reach), times: times)
                }
                all.append(list)
                ranked.append([0])
                continue
            }
            // Slots are in time order: start at the window's first instead of scanning the period.
            var first = 0, past = table.slots.count
            while first < past {
                let middle = (first + past) / 2
                if table.slots[middle] < occurrence.earliest { first = middle + 1 } else { past = middle }
            }
            let forbidden = forbidding.compactMap { $0.forbiddenTimes(for: occurrence, in: context) }
            // A rule's forbidden times are told apart by their reason (which
            // names what forbids them): posts with the same reasons share a list.
            let key = "\(first) \(occurrence.latest.timeIntervalSinceReferenceDate) \(forbidden.map(\.reason)) \(weights.map { "\($0.0)@\($0.1)" }.joined(separator: ","))"
            if let known = shared[key] {
                all.append(known.list)
                ranked.append(known.ranked)
                continue
            }
            var slots: [Int32] = []
            var reaches: [Double] = []
            for slot in first..<table.slots.count {
                guard table.slots[slot] < occurrence.latest else { break }
                if forbidden.contains(where: { $0.contains(table.locals[slot]) }) { continue }
                slots.append(Int32(slot))
                reaches.append(reach(slot: slot))
            }
            let list = CandidateList(times: times, slots: slots, reach: reaches)
            let order = ranking(list)
            shared[key] = (list, order)
            all.append(list)
            ranked.append(order)
        }
        let byID = context.occurrences.indices.sorted { context.occurrences[$0].id < context.occurrences[$1].id }
        var rank = [Int](repeating: 0, count: byID.count)
        for (position, index) in byID.enumerated() { rank[index] = position }
        idRank = rank
        candidates = all
        self.ranked = ranked
        let best = zip(context.occurrences, zip(all, ranked)).compactMap { occurrence, list in
            list.1.first.map { list.0.reach[$0] * Double(occurrence.item.priority.weight) }
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
            if list.instant(middle) < instant { low = middle + 1 } else { high = middle }
        }
        return low < list.count && list.instant(low) == instant ? low : nil
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
            priority += occurrence.item.scorePriority
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

}

public struct SearchStatistics: Sendable {
    public var moves = 0
    public var evaluations = 0
    public var seconds = 0.0
    public var stoppedByTimeLimit = false
    /// With `SolveOptions.verify`: the first move whose score kept across
    /// moves differs from a check from scratch, naming the rule.
    public var verifyFailure: String?
}

/// Construction first, then local search (late acceptance hill climbing).
/// Every move is applied to the rules' tallies, scored from them, and
/// undone when rejected.
public enum Solver {
    public static func solve(_ problem: Problem, options: SolveOptions = SolveOptions()) -> (assignment: [Int?], statistics: SearchStatistics) {
        let started = Date()
        let deadline = options.started().deadline!
        var statistics = SearchStatistics()
        let built = construct(problem, deadline: deadline)
        if Date() > deadline { statistics.stoppedByTimeLimit = true }
        let state = ScoreState(problem, built)
        var current = state.score
        var best = (assignment: state.assignment, score: current)
        var generator = SeededGenerator(seed: options.seed)
        guard !(state.placed.isEmpty && state.waiting.isEmpty) else {
            statistics.seconds = Date().timeIntervalSince(started)
            return (built, statistics)
        }
        // A longer memory explores more but settles later: scale it with the effort.
        let historyLength = max(20, options.moves / 800)
        var history = Array(repeating: current, count: historyLength)
        for step in 0..<options.moves {
            if step % 64 == 0, Date() > deadline {
                statistics.stoppedByTimeLimit = true
                break
            }
            statistics.moves += 1
            // One move in twenty rebuilds a few posts at once.
            let proposed = Int.random(in: 0..<100, using: &generator) < 5
                ? ruinAndRecreate(problem, state, generator: &generator)
                : propose(problem, state, removing: current.hard > 0, generator: &generator)
            guard let move = proposed, !move.isEmpty else { continue }
            let threshold = min(current, history[step % historyLength])
            // Moves that could not be accepted even if every warning went away are not worth scoring.
            let hopeless = current.hard == 0 && optimistic(problem, state.assignment, move, current: current) < threshold
            if hopeless, !options.verify { continue }
            let undo = state.apply(move)
            let score = state.score
            statistics.evaluations += 1
            if options.verify {
                var difference = state.disagreement()
                if difference == nil, hopeless, score >= threshold {
                    difference = "the optimistic bound is below the move's real score \(score)"
                }
                if let difference {
                    statistics.verifyFailure = "move \(step): \(difference)"
                    state.apply(undo)
                    break
                }
            }
            if hopeless {
                state.apply(undo)
                if options.verify, let difference = state.disagreement() {
                    statistics.verifyFailure = "move \(step), undone: \(difference)"
                    break
                }
                continue
            }
            if score >= threshold {
                current = score
                if current > best.score { best = (state.assignment, current) }
            } else {
                state.apply(undo)
                if options.verify, let difference = state.disagreement() {
                    statistics.verifyFailure = "move \(step), undone: \(difference)"
                    break
                }
            }
            history[step % historyLength] = current
        }
        if statistics.verifyFailure != nil {
            statistics.seconds = Date().timeIntervalSince(started)
            return (best.assignment, statistics)
        }
        let repaired = best.score.hard > 0 ? repair(problem, best.assignment, score: best.score, deadline: deadline) : best.assignment
        let polished = preferDrafted(problem, addWhatFits(problem, descend(problem, repaired, deadline: deadline), deadline: deadline), deadline: deadline)
        if Date() > deadline { statistics.stoppedByTimeLimit = true }
        statistics.seconds = Date().timeIntervalSince(started)
        return (polished, statistics)
    }

    /// The best score a move could reach if every warning went away.
    package static func optimistic(_ problem: Problem, _ assignment: [Int?], _ move: [(Int, Int?)], current: Score) -> Score {
        var priority = current.priority
        var reach = current.reach
        var seen: [Int] = []
        for (index, choice) in move where !seen.contains(index) {
            seen.append(index)
            let weight = problem.context.occurrences[index].item.priority.weight
            let counted = problem.context.occurrences[index].item.scorePriority
            if let old = assignment[index] {
                priority -= counted
                reach -= Double(weight) * problem.candidates[index].reach[old]
            }
            // A post a move names twice ends where it names it last.
            let final = move.last { $0.0 == index }!.1 ?? choice
            if let final {
                priority += counted
                reach += Double(weight) * problem.candidates[index].reach[final]
            }
        }
        return Score(hard: 0, priority: priority, reach: reach, penalty: 0)
    }

    /// Ruin and recreate: one to four posts close in time come out, then
    /// they and up to four waiting posts go back in, most important first, each
    /// where it scores best (or stays out). Moves several posts at once,
    /// where moving any one alone breaks a rule (a better post in a worse
    /// one's place, a neighbour pushed aside). Returns the net move; `state`
    /// is left as it was.
    package static func ruinAndRecreate(_ problem: Problem, _ state: ScoreState, generator: inout SeededGenerator) -> [(Int, Int?)]? {
        let placed = state.placed
        guard let center = placed.randomElement(using: &generator) else { return nil }
        let original = state.assignment
        let at = problem.candidates[center].instant(original[center]!)
        let size = Int.random(in: 1...4, using: &generator)
        let ruined = placed.map { index in (abs(problem.candidates[index].instant(original[index]!).timeIntervalSince(at)), index) }
            .sorted { $0 < $1 }.prefix(size).map(\.1)
        var log: [(Int, Int?)] = []
        for index in ruined {
            log.append((index, original[index]))
            state.set(index, nil)
        }
        var pool = ruined
        var others = state.waiting.filter { !ruined.contains($0) }
        for _ in 0..<min(4, others.count) {
            pool.append(others.remove(at: Int.random(in: 0..<others.count, using: &generator)))
        }
        pool.shuffle(using: &generator)
        let weight = { (index: Int) in problem.context.occurrences[index].item.priority.weight }
        pool.sort { weight($0) > weight($1) }
        // Twice: the second pass takes out or moves what the first put in
        // too soon (a post that breaks the shares once the others are in).
        for _ in 0..<2 {
            for index in pool {
                let ranked = problem.ranked[index]
                let was = state.assignment[index]
                state.set(index, nil)
                var best: (choice: Int?, score: Score) = (nil, state.score)
                // A short window's every slot; a long one's best 16 and 8 others anywhere.
                var tried = ranked.count <= 64 ? Array(ranked) : Array(ranked.prefix(16))
                if ranked.count > 64 {
                    for _ in 0..<8 { tried.append(ranked[Int.random(in: 0..<ranked.count, using: &generator)]) }
                }
                for choice in tried {
                    state.set(index, choice)
                    let score = state.score
                    if score > best.score { best = (choice, score) }
                }
                state.set(index, was)
                if best.choice != was {
                    log.append((index, was))
                    state.set(index, best.choice)
                }
            }
        }
        var move: [(Int, Int?)] = []
        for index in Set(log.map(\.0)).sorted() where state.assignment[index] != original[index] {
            move.append((index, state.assignment[index]))
        }
        for (index, old) in log.reversed() { state.set(index, old) }
        return move
    }

    /// A slot for a post: one time in four, any of its best 48 (a short
    /// window's every slot); otherwise rank-biased over the whole window:
    /// mostly good slots, on any day, now and then a poor one (u⁵: the best
    /// 13% two times in three).
    package static func pick(_ problem: Problem, _ index: Int, _ generator: inout SeededGenerator) -> Int {
        let ranked = problem.ranked[index]
        if Int.random(in: 0..<4, using: &generator) == 0 { return ranked[Int.random(in: 0..<min(48, ranked.count), using: &generator)] }
        let u = Double.random(in: 0..<1, using: &generator)
        return ranked[min(ranked.count - 1, Int(Double(ranked.count) * u * u * u * u * u))]
    }

    package static func propose(_ problem: Problem, _ state: ScoreState, removing: Bool, generator: inout SeededGenerator) -> [(Int, Int?)]? {
        func pick(_ index: Int) -> Int { Solver.pick(problem, index, &generator) }
        let assignment = state.assignment
        let occurrences = problem.context.occurrences
        let roll = Int.random(in: 0..<100, using: &generator)
        let placed = state.placed, waiting = state.waiting
        if roll < 15, !waiting.isEmpty {
            let index = waiting.randomElement(using: &generator)!
            let choice = pick(index)
            // Replace: it takes the place of a scheduled optional post of the
            // same kind, so the shares stay as they were.
            let kind = occurrences[index].kind
            if roll < 5, let other = placed.filter({ occurrences[$0].kind == kind && !occurrences[$0].item.required })
                .randomElement(using: &generator) {
                let there = problem.candidate(of: index, at: problem.candidates[other].instant(assignment[other]!)) ?? choice
                return [(other, nil), (index, there)]
            }
            // Make room: a post of the same day moves elsewhere at the same time.
            let day = problem.candidates[index].local(choice).date
            if roll < 10, let other = placed.filter({ problem.candidates[$0].local(assignment[$0]!).date == day }).randomElement(using: &generator) {
                return [(index, choice), (other, pick(other))]
            }
            return [(index, choice)]
        }
        if roll < 25, removing, let index = placed.filter({ !occurrences[$0].item.required }).randomElement(using: &generator) {
            return [(index, nil)]
        }
        guard let first = placed.randomElement(using: &generator) else { return nil }
        if roll < 45, let second = placed.randomElement(using: &generator), second != first,
           let a = assignment[first], let b = assignment[second] {
            // Swap: each takes the other's instant, where its window allows.
            guard let toA = problem.candidate(of: second, at: problem.candidates[first].instant(a)),
                  let toB = problem.candidate(of: first, at: problem.candidates[second].instant(b)) else { return nil }
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
        let state = ScoreState(problem, Array(repeating: nil, count: context.occurrences.count), isComplete: false)
        let order = context.occurrences.indices.filter { kept.contains(context.occurrences[$0].id) }.sorted { a, b in
            let x = context.occurrences[a], y = context.occurrences[b]
            return (x.fixed == nil ? 1 : 0, x.item.required ? 0 : 1, -x.item.priority.weight, problem.candidates[a].count, a)
                < (y.fixed == nil ? 1 : 0, y.item.required ? 0 : 1, -y.item.priority.weight, problem.candidates[b].count, b)
        }
        for index in order where !problem.candidates[index].isEmpty {
            // Past the deadline only what must go in goes in, at its best slot.
            if Date() > deadline {
                if context.occurrences[index].item.required || context.occurrences[index].fixed != nil {
                    state.set(index, problem.ranked[index][0])
                }
                continue
            }
            if let choice = firstFitting(state, index, deadline: deadline) {
                state.set(index, choice)
            } else {
                // A required or pinned post goes in regardless; the search repairs around it.
                if context.occurrences[index].item.required || context.occurrences[index].fixed != nil {
                    state.set(index, problem.ranked[index][0])
                }
            }
        }
        return state.assignment
    }

    /// The best-reach candidate for a post that adds no break of an error
    /// rule that later placements could not undo; `state` (partial) is left
    /// as it was.
    package static func firstFitting(_ state: ScoreState, _ index: Int, limit: Int = .max, deadline: Date = .distantFuture) -> Int? {
        let problem = state.problem
        let was = state.assignment[index]
        defer { state.set(index, was) }
        state.set(index, nil)
        let before = state.hard
        for (tried, choice) in problem.ranked[index].prefix(limit).enumerated() {
            if tried % 16 == 15, Date() > deadline { return nil }
            state.set(index, choice)
            if state.hard <= before { return choice }
        }
        return nil
    }

    /// When the search ends with an error rule broken, optional posts are
    /// taken out, one or two at a time, while that breaks fewer: two, where
    /// taking out either alone breaks another rule (three posts on a day with
    /// a limit of two, and the shares of thirds that need all three kinds).
    /// Runs only on a broken schedule, so a feasible one is never changed.
    package static func repair(_ problem: Problem, _ assignment: [Int?], score: Score, deadline: Date) -> [Int?] {
        let state = ScoreState(problem, assignment)
        var score = score
        while score.hard > 0, Date() <= deadline {
            let optional = state.assignment.indices.filter {
                state.assignment[$0] != nil && problem.context.occurrences[$0].fixed == nil && !problem.context.occurrences[$0].item.required
            }
            var found: (move: [(Int, Int?)], score: Score)?
            search: for (position, first) in optional.enumerated() {
                for second in [nil] + optional[(position + 1)...].map(Optional.some) {
                    if Date() > deadline { break search }
                    var move: [(Int, Int?)] = [(first, nil)]
                    if let second { move.append((second, nil)) }
                    let undo = state.apply(move)
                    let candidate = state.score
                    state.apply(undo)
                    if candidate.hard < score.hard, found.map({ candidate > $0.score }) ?? true { found = (move, candidate) }
                }
            }
            guard let found else { break }
            state.apply(found.move)
            score = found.score
        }
        return state.assignment
    }

    /// After the search, each post in turn moves to the place that scores
    /// best with the others where they are (its best 64 slots and those
    /// within half an hour of where it is), round after round (at most
    /// five) until no post gains.
    package static func descend(_ problem: Problem, _ assignment: [Int?], deadline: Date) -> [Int?] {
        let state = ScoreState(problem, assignment)
        var score = state.score
        // A few rounds: later ones gain little on a large plan.
        for _ in 0..<5 {
            var improved = false
            for index in state.placed.sorted() {
                if Date() > deadline { return state.assignment }
                let was = state.assignment[index]!
                let ranked = problem.ranked[index]
                var tried = Array(ranked.prefix(64))
                if ranked.count > 64 { tried += (max(0, was - 6)...min(ranked.count - 1, was + 6)).map { $0 } }
                var best = (choice: was, score: score)
                for choice in tried where choice != was {
                    state.set(index, choice)
                    let candidate = state.score
                    if candidate > best.score { best = (choice, candidate) }
                }
                state.set(index, best.choice)
                if best.choice != was {
                    score = best.score
                    improved = true
                }
            }
            if !improved { break }
        }
        return state.assignment
    }

    /// A library post never stands in for a drafted post of its kind: where
    /// one is placed while a drafted post of that kind waits, the drafted
    /// post takes its instant, or its own best place once the library post
    /// is out, when the schedule scores better (no more error rules broken:
    /// a drafted post adds priority, a library post none).
    package static func preferDrafted(_ problem: Problem, _ assignment: [Int?], deadline: Date) -> [Int?] {
        let occurrences = problem.context.occurrences
        guard occurrences.contains(where: { $0.item.library != nil }) else { return assignment }
        let state = ScoreState(problem, assignment)
        for index in assignment.indices where assignment[index] == nil && occurrences[index].item.library == nil && !problem.candidates[index].isEmpty {
            let kind = occurrences[index].kind
            let drawn = state.assignment.indices.filter { state.assignment[$0] != nil && occurrences[$0].kind == kind && occurrences[$0].item.library != nil }
            let before = state.score
            search: for other in drawn {
                if Date() > deadline { return state.assignment }
                let at = problem.candidates[other].instant(state.assignment[other]!)
                let out = state.apply([(other, nil)])
                var options: [Int] = []
                if let there = problem.candidate(of: index, at: at) { options.append(there) }
                if let fitting = firstFitting(state, index, limit: 300, deadline: deadline) { options.append(fitting) }
                for choice in options {
                    state.set(index, choice)
                    if state.score > before { break search }
                    state.set(index, nil)
                }
                state.apply(out)
            }
        }
        return state.assignment
    }

    /// After the search, anything that still fits without harm goes in.
    package static func addWhatFits(_ problem: Problem, _ assignment: [Int?], deadline: Date = .distantFuture) -> [Int?] {
        let state = ScoreState(problem, assignment)
        let partial = ScoreState(problem, assignment, isComplete: false)
        let occurrenceIndex = Dictionary(uniqueKeysWithValues: problem.context.occurrences.enumerated().map { ($0.element.id, $0.offset) })
        var score = state.score
        let waiting = assignment.indices.filter { assignment[$0] == nil && !problem.candidates[$0].isEmpty }
            .sorted { (-problem.context.occurrences[$0].item.priority.weight, $0) < (-problem.context.occurrences[$1].item.priority.weight, $1) }
        for index in waiting {
            if Date() > deadline { break }
            for move in insertions(partial, index, byID: occurrenceIndex, deadline: deadline) {
                if Date() > deadline { break }
                let undo = state.apply(move)
                let candidate = state.score
                if candidate > score {
                    score = candidate
                    partial.apply(move)
                    break
                }
                state.apply(undo)
            }
        }
        return state.assignment
    }

    /// Ways to add a waiting post: where it fits as things stand, or at one of
    /// its best slots after moving a post that the rules say is in the way
    /// (the posts a violation names) to the best place that one still fits.
    /// `state` (partial) is left as it was.
    package static func insertions(_ state: ScoreState, _ index: Int, byID occurrenceIndex: [String: Int], deadline: Date = .distantFuture) -> [[(Int, Int?)]] {
        let problem = state.problem
        var options: [[(Int, Int?)]] = []
        if let choice = firstFitting(state, index, deadline: deadline) { options.append([(index, choice)]) }
        let id = problem.context.occurrences[index].id
        // A post with a narrow window is tried in every slot it has.
        let ranked = problem.ranked[index]
        for choice in ranked.prefix(ranked.count <= 48 ? ranked.count : 8) {
            if Date() > deadline { break }
            let before = state.hard
            let undo = state.apply([(index, choice)])
            // Breaks that name the post are breaks it adds: none if the count stayed.
            let blocking = state.hard == before ? [] : state.errorViolations()
                .filter { $0.occurrenceIDs.contains(id) }
                .flatMap(\.occurrenceIDs).compactMap { occurrenceIndex[$0] }
                .filter { $0 != index && problem.context.occurrences[$0].fixed == nil }
            for other in Array(Set(blocking)).sorted().prefix(4) {
                let out = state.apply([(other, nil)])
                if let elsewhere = firstFitting(state, other, limit: 300, deadline: deadline) {
                    options.append([(index, choice), (other, elsewhere)])
                }
                state.apply(out)
            }
            state.apply(undo)
        }
        return options
    }
}



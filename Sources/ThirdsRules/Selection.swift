import Foundation
import ThirdsCore
import ThirdsText
import ThirdsModel

/// Which posts can go out at all, judged only by how many of each kind there
/// are: the rules about shares and totals (`thirds`, `ramp-up`,
/// `daily-limit`) answer through `Rule.admits`. Required posts are always in;
/// among the rest the most important go first.
public struct Selection: Sendable {
    /// Kept posts, in plan order, and deferred ones.
    public var kept: [Occurrence]
    public var deferred: [Occurrence]
    public var counts: KindCounts

    /// The selection with the largest priority sum that every rule admits, or
    /// nil when none exists.
    public static func best(of occurrences: [Occurrence], rules: [any Rule], in context: PlanContext) -> Selection? {
        let pools = Pools(occurrences)
        guard let counts = pools.bestCounts(rules: rules, context: context) else { return nil }
        return pools.selection(counts, from: occurrences)
    }

    /// The posts of each kind, best first, with running sums of their weights.
    package struct Pools {
        package var ordered: [ItemKind: [Occurrence]] = [:]
        package var required: KindCounts = KindCounts()
        package var available: KindCounts = KindCounts()
        package var prefix: [ItemKind: [Int]] = [:]

        package init(_ occurrences: [Occurrence]) {
            for kind in ItemKind.allCases {
                // A post drawn from the library comes after every drafted one and weighs nothing.
                let pool = occurrences.enumerated().filter { $0.element.kind == kind }.sorted { a, b in
                    (a.element.item.required ? 0 : 1, a.element.item.library == nil ? 0 : 1, -a.element.item.priority.weight, a.offset)
                        < (b.element.item.required ? 0 : 1, b.element.item.library == nil ? 0 : 1, -b.element.item.priority.weight, b.offset)
                }.map(\.element)
                ordered[kind] = pool
                required[kind] = pool.filter(\.item.required).count
                available[kind] = pool.count
                prefix[kind] = pool.reduce(into: [0]) { $0.append($0.last! + $1.item.scorePriority) }
            }
        }

        package func bestCounts(rules: [any Rule], context: PlanContext, extra: KindCounts = KindCounts()) -> KindCounts? {
            func weight(_ kind: ItemKind, _ n: Int) -> Int {
                let weights = prefix[kind]!
                // Hypothetical extra posts weigh as normal ones.
                return n < weights.count ? weights[n] : weights.last! + (n - weights.count + 1) * Priority.normal.weight
            }
            // Each rule's range of promotion counts, so that a pair of content
            // and engagement counts costs a few steps, not one per promotion count.
            let ranges = rules.compactMap { $0.promotionRange(in: context) }
            // Ties go to the mix closest to the shares a rule asks for (the
            // configured targets of thirds), or else to the most even one.
            let even = 1 / Double(ItemKind.allCases.count)
            let targets = rules.lazy.compactMap { $0.targetShares(in: context) }.first
                ?? Dictionary(uniqueKeysWithValues: ItemKind.allCases.map { ($0, even) })
            var best: (score: Int, counts: KindCounts, spread: Double)?
            let most = KindCounts(content: available.content + extra.content, engagement: available.engagement + extra.engagement,
                                  promotion: available.promotion + extra.promotion)
            for c in required.content...most.content {
                for e in required.engagement...most.engagement {
                    let base = weight(.content, c) + weight(.engagement, e)
                    // The score grows with every post, so the first promotion count
                    // admitted from the top is this pair's best; skip pairs that
                    // cannot beat the best even with every promotion.
                    if let best, base + weight(.promotion, most.promotion) < best.score { continue }
                    var low = required.promotion, high = most.promotion
                    for range in ranges {
                        guard let admitted = range(c, e) else { high = low - 1; break }
                        low = max(low, admitted.lowerBound)
                        high = min(high, admitted.upperBound)
                    }
                    guard low <= high else { continue }
                    for p in stride(from: high, through: low, by: -1) {
                        let counts = KindCounts(content: c, engagement: e, promotion: p)
                        guard counts.total > 0, rules.allSatisfy({ $0.admits(counts, in: context) }) else { continue }
                        let score = base + weight(.promotion, p)
                        // Ties go to more posts, then to the mix closest to the
                        // targets (by more than rounding: a third is inexact).
                        let spread = ItemKind.allCases.map { abs(Double(counts[$0]) - (targets[$0] ?? 0) * Double(counts.total)) }.reduce(0, +)
                        if best == nil || (score, counts.total) > (best!.score, best!.counts.total)
                            || ((score, counts.total) == (best!.score, best!.counts.total) && spread < best!.spread - 1e-9) {
                            best = (score, counts, spread)
                        }
                        break
                    }
                }
            }
            return best?.counts
        }

        package func selection(_ counts: KindCounts, from occurrences: [Occurrence]) -> Selection {
            let keptIDs = Set(ItemKind.allCases.flatMap { ordered[$0]!.prefix(counts[$0]).map(\.id) })
            return Selection(kept: occurrences.filter { keptIDs.contains($0.id) },
                             deferred: occurrences.filter { !keptIDs.contains($0.id) }, counts: counts)
        }
    }
}

/// Why no selection works, and the smallest changes that would make one.
public struct SelectionConflict: Sendable {
    /// The rules that, with the others, leave no possible selection.
    public var rules: [String]
    public var required: KindCounts
    public var available: KindCounts
    /// Ways out, such as "2 more engagement items" or "thirds tolerance 0.2".
    public var remedies: [String]

    public static func diagnose(_ occurrences: [Occurrence], rules: [any Rule], in context: PlanContext) -> SelectionConflict {
        let pools = Selection.Pools(occurrences)
        // A rule is to blame when dropping it alone lets a selection through.
        var culprits = rules.filter { rule in
            pools.bestCounts(rules: rules.filter { $0.id != rule.id }, context: context) != nil
        }.map(\.id)
        if culprits.isEmpty { culprits = rules.filter { rule in
            pools.bestCounts(rules: [rule], context: context) == nil
        }.map(\.id) }
        if culprits.isEmpty { culprits = rules.map(\.id) }
        var remedies: [String] = []
        // More items of one kind, or failing that of two kinds at once.
        let kinds = ItemKind.allCases
        let single = kinds.map { [$0] }
        let pairs = [[kinds[0], kinds[1]], [kinds[0], kinds[2]], [kinds[1], kinds[2]]]
        for group in [single, pairs] {
            for combination in group {
                guard let needed = smallest(upTo: 32, where: { extra in
                    var more = KindCounts()
                    for kind in combination { more[kind] = extra }
                    return pools.bestCounts(rules: rules, context: context, extra: more) != nil
                }) else { continue }
                let names = combination.map(\.rawValue).joined(separator: " and ")
                remedies.append("\(needed) more \(names) item\(needed == 1 ? "" : "s")" + (combination.count > 1 ? " each" : ""))
            }
            if !remedies.isEmpty { break }
        }
        // A setting a rule lets loosen (thirds' tolerance), at the least that lets a selection through.
        for rule in rules {
            guard let loosening = rule.loosening() else { continue }
            let others = rules.filter { $0.id != rule.id }
            if let step = smallest(upTo: loosening.steps, where: { step in
                pools.bestCounts(rules: others + [loosening.rule(step)], context: context) != nil
            }), let remedy = loosening.remedy(step) {
                remedies.append(remedy)
            }
        }
        return SelectionConflict(rules: culprits, required: pools.required, available: pools.available, remedies: remedies)
    }

    /// The least n in 1...limit for which a monotone test holds.
    package static func smallest(upTo limit: Int, where test: (Int) -> Bool) -> Int? {
        guard test(limit) else { return nil }
        var low = 0, high = limit  // test(low) unknown/false, test(high) true
        while high - low > 1 {
            let middle = (low + high) / 2
            if test(middle) { high = middle } else { low = middle }
        }
        return high
    }
}

import Foundation
import ThirdsCore
import ThirdsModel

/// What a week draws from its plan's evergreen library (docs/scheduling.md#the-library):
/// only when the error rules about counts (`thirds`, `daily-limit`,
/// `ramp-up`) would defer drafted posts, or admit no selection at all, and
/// only as many posts of each kind as let the most drafted posts out. A
/// library post of a kind is drawn only after every drafted post of that kind.
public struct LibraryDraw: Sendable {
    /// The posts drawn, by kind, least recently used first.
    public var drawn: [Occurrence]
    /// Posts of each kind the week would draw from a library without limits.
    public var needed: KindCounts
    /// The library's usable posts of each kind this week.
    public var usable: KindCounts
    /// Why the other items cannot be drawn this week.
    public var unusable: [(id: String, kind: ItemKind, reason: String)]

    /// Posts of each kind the week needs and the library cannot give.
    public var shortfall: KindCounts {
        KindCounts(content: max(0, needed.content - usable.content), engagement: max(0, needed.engagement - usable.engagement),
                   promotion: max(0, needed.promotion - usable.promotion))
    }

    /// Drawn beyond its usable posts, the week could keep this many more
    /// drafted posts' weight; the search goes at most this far past them.
    package static let lookAhead = 32
    /// Most posts of one kind a plan draws: keeps the search over counts
    /// (drafted plus drawn, squared) as cheap as the selection's own.
    public static let maxDrawn = 100

    /// The draw for a plan's week; nil when the plan names no library.
    public static func draw(_ context: PlanContext, rules: [any Rule]) -> LibraryDraw? {
        guard let library = context.plan.library?.library else { return nil }
        let hard = rules.filter { $0.severity == .error }
        let drafted = context.occurrences.filter { $0.item.library == nil }
        let (usablePosts, unusable) = usableOccurrences(library, context: context, drafted: drafted)
        let found = KindCounts(kinds: usablePosts.map(\.kind))
        let usable = KindCounts(content: min(found.content, maxDrawn), engagement: min(found.engagement, maxDrawn),
                                promotion: min(found.promotion, maxDrawn))
        let pools = Selection.Pools(drafted)
        // Every drafted post fits the counts: nothing to draw.
        if pools.available.total > 0, hard.allSatisfy({ $0.admits(pools.available, in: context) }) {
            return LibraryDraw(drawn: [], needed: KindCounts(), usable: usable, unusable: unusable)
        }
        let unlimited = KindCounts(content: min(usable.content + lookAhead, maxDrawn), engagement: min(usable.engagement + lookAhead, maxDrawn),
                                   promotion: min(usable.promotion + lookAhead, maxDrawn))
        let ideal = bestExtra(pools, limit: unlimited, rules: hard, context: context)
        let actual = bestExtra(pools, limit: usable, rules: hard, context: context)
        var drawn: [Occurrence] = []
        if let actual {
            for kind in ItemKind.allCases { drawn += usablePosts.filter { $0.kind == kind }.prefix(actual.extra[kind]) }
        }
        // The week needs more than the library gives only when the ideal keeps more drafted weight.
        var needed = actual?.extra ?? KindCounts()
        if let ideal, actual.map({ ideal.weight > $0.weight }) ?? true { needed = ideal.extra }
        return LibraryDraw(drawn: drawn, needed: needed, usable: usable, unusable: unusable)
    }

    /// Each library item that may go out this week as a post over the days
    /// it may: inside the active range, a cooldown after its last use, under
    /// `max_uses`, and not the text of a drafted post. A use is a post of the
    /// item in an earlier week's schedule (`history`), at its scheduled time.
    package static func usableOccurrences(_ library: Library, context: PlanContext, drafted: [Occurrence])
        -> (usable: [Occurrence], unusable: [(id: String, kind: ItemKind, reason: String)]) {
        let period = context.plan.period
        var uses: [String: [Date]] = [:]
        for post in context.history where post.occurrence.item.library?.file == library.file && post.instant < period.endInstant {
            uses[post.occurrence.item.id.value, default: []].append(post.instant)
        }
        let texts = Dictionary(drafted.filter { !$0.item.isTask }.map { ($0.textKey, $0.id) }, uniquingKeysWith: { first, _ in first })
        let window = library.window(in: period)
        var usable: [(occurrence: Occurrence, last: Date?, order: Int)] = []
        var unusable: [(id: String, kind: ItemKind, reason: String)] = []
        for (order, item) in library.items.enumerated() {
            let id = item.id.value, kind = item.kind.value
            let used = uses[id] ?? []
            let last = used.max()
            guard let window else {
                unusable.append((id, kind, "the library is not active in this period"))
                continue
            }
            if let most = library.maxUses, used.count >= most {
                unusable.append((id, kind, "used \(used.count) times, its max_uses"))
                continue
            }
            let earliest = max(window.earliest, last.map { $0.addingTimeInterval(Double(library.cooldown)) } ?? window.earliest)
            if earliest >= window.latest {
                let clock = context.plan.account.clock
                unusable.append((id, kind, "last used \(last.map { clock.local($0).date.description } ?? "?"), in its cooldown of \(ValueText.durationText(library.cooldown))"))
                continue
            }
            let occurrence = Occurrence(id: id, item: item, day: nil, earliest: earliest, latest: window.latest, fixed: nil)
            if !item.isTask, let same = texts[occurrence.textKey] {
                unusable.append((id, kind, "has the text of the drafted '\(same)'"))
                continue
            }
            usable.append((occurrence, last, order))
        }
        // Never used first, then the longest unused; ties in the library's order.
        usable.sort { a, b in
            (a.last == nil ? 0 : 1, a.last ?? .distantPast, a.order) < (b.last == nil ? 0 : 1, b.last ?? .distantPast, b.order)
        }
        return (usable.map(\.occurrence), unusable)
    }

    /// The extra posts of each kind, at most `limit`, that let the most
    /// drafted weight out, then the fewest extras, then the mix closest to
    /// the targets; nil when no selection is admitted even with them.
    package static func bestExtra(_ pools: Selection.Pools, limit: KindCounts, rules: [any Rule], context: PlanContext)
        -> (extra: KindCounts, weight: Int)? {
        let required = pools.required, available = pools.available
        func weight(_ kind: ItemKind, _ n: Int) -> Int { pools.prefix[kind]![min(n, available[kind])] }
        let ranges = rules.compactMap { $0.promotionRange(in: context) }
        let even = 1 / Double(ItemKind.allCases.count)
        let targets = rules.lazy.compactMap { $0.targetShares(in: context) }.first
            ?? Dictionary(uniqueKeysWithValues: ItemKind.allCases.map { ($0, even) })
        var best: (weight: Int, extras: Int, spread: Double, counts: KindCounts)?
        func consider(_ counts: KindCounts) {
            guard counts.total > 0, rules.allSatisfy({ $0.admits(counts, in: context) }) else { return }
            let value = ItemKind.allCases.map { weight($0, counts[$0]) }.reduce(0, +)
            let extras = ItemKind.allCases.map { max(0, counts[$0] - available[$0]) }.reduce(0, +)
            let spread = ItemKind.allCases.map { abs(Double(counts[$0]) - (targets[$0] ?? 0) * Double(counts.total)) }.reduce(0, +)
            if let current = best {
                if value != current.weight { guard value > current.weight else { return } }
                else if extras != current.extras { guard extras < current.extras else { return } }
                else { guard spread < current.spread - 1e-9 else { return } }
            }
            best = (value, extras, spread, counts)
        }
        for c in required.content...(available.content + limit.content) {
            for e in required.engagement...(available.engagement + limit.engagement) {
                var low = required.promotion, high = available.promotion + limit.promotion
                for range in ranges {
                    guard let admitted = range(c, e) else { high = low - 1; break }
                    low = max(low, admitted.lowerBound)
                    high = min(high, admitted.upperBound)
                }
                guard low <= high else { continue }
                // Drafted promotions first: the most admitted up to them, then the fewest extras beyond.
                for p in stride(from: min(high, available.promotion), through: low, by: -1) {
                    let counts = KindCounts(content: c, engagement: e, promotion: p)
                    if counts.total > 0, rules.allSatisfy({ $0.admits(counts, in: context) }) { consider(counts); break }
                }
                if high > available.promotion {
                    for p in max(low, available.promotion + 1)...high {
                        let counts = KindCounts(content: c, engagement: e, promotion: p)
                        if rules.allSatisfy({ $0.admits(counts, in: context) }) { consider(counts); break }
                    }
                }
            }
        }
        return best.map { best in
            (KindCounts(content: max(0, best.counts.content - available.content), engagement: max(0, best.counts.engagement - available.engagement),
                        promotion: max(0, best.counts.promotion - available.promotion)), best.weight)
        }
    }
}

import Foundation
import ThirdsCore
import ThirdsText
import ThirdsModel
import ThirdsReach

/// Where a post stands, as a tally reads it: the instant, the account's wall
/// clock then, and its rank among posts at the same instant (a timeline is in
/// order of instant, then id).
public struct Placement: Sendable {
    public var instant: Date
    public var local: LocalDateTime
    public var order: Int

    public init(instant: Date, local: LocalDateTime, order: Int) {
        self.instant = instant
        self.local = local
        self.order = order
    }

    /// Timeline order.
    @inline(__always) package func precedes(_ other: Placement) -> Bool {
        instant < other.instant || (instant == other.instant && order < other.order)
    }
}

/// A rule's running account of a timeline: posts go in and come out one at a
/// time, and what the rule finds broken can be read at any moment. A rule's
/// `check(timeline)` folds the timeline's posts into a fresh tally and reads
/// its violations; the solver keeps one tally per rule across its moves and
/// reads `magnitude` after each. So each rule's logic exists once.
public protocol RuleTally: AnyObject {
    /// Post `index` (of the occurrences the tally was made for) goes in at `placement`.
    func add(_ index: Int, at placement: Placement)
    /// Post `index` comes out; it went in at `placement`.
    func remove(_ index: Int, at placement: Placement)
    /// The sum of the magnitudes of `violations()`, before waivers; cheap to read.
    var magnitude: Int { get }
    /// The violations now, in the order the rule reports them.
    func violations() -> [Violation]
}

extension Rule {
    /// The check of a timeline: its posts folded into a fresh tally.
    package func foldedCheck(_ timeline: Timeline, in context: PlanContext) -> [Violation] {
        guard let tally = tally(of: timeline.posts.map(\.occurrence), isComplete: timeline.isComplete, in: context) else { return [] }
        for (index, post) in timeline.posts.enumerated() {
            tally.add(index, at: Placement(instant: post.instant, local: post.local, order: index))
        }
        return tally.violations()
    }
}

/// The posts a tally holds, by index, listed in timeline order when a rule
/// writes its violations (rarely: the solver reads magnitudes).
package struct PlacedPosts {
    private(set) var at: [Placement?]

    package init(count: Int) { at = Array(repeating: nil, count: count) }

    package mutating func add(_ index: Int, _ placement: Placement) { at[index] = placement }
    package mutating func remove(_ index: Int) { at[index] = nil }

    package func inOrder() -> [(index: Int, placement: Placement)] {
        at.indices.compactMap { index in at[index].map { (index, $0) } }.sorted { $0.placement.precedes($1.placement) }
    }
}

/// Posts kept in timeline order, for rules about neighbours in time (gaps,
/// runs): an insertion or removal reports its position, so a tally looks at
/// the posts on either side only.
package struct TimeOrder {
    package struct Entry {
        package var instant: Double
        package var order: Int
        package var index: Int
    }

    private(set) var entries: [Entry] = []

    /// The position of an entry, or where it would go.
    package func position(of placement: Placement) -> Int {
        let instant = placement.instant.timeIntervalSinceReferenceDate
        var low = 0, high = entries.count
        while low < high {
            let middle = (low + high) / 2
            let entry = entries[middle]
            if entry.instant < instant || (entry.instant == instant && entry.order < placement.order) { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// Inserts and returns the new entry's position.
    package mutating func insert(_ index: Int, _ placement: Placement) -> Int {
        let at = position(of: placement)
        entries.insert(Entry(instant: placement.instant.timeIntervalSinceReferenceDate, order: placement.order, index: index), at: at)
        return at
    }

    /// Removes and returns the position the entry had.
    package mutating func remove(_ index: Int, _ placement: Placement) -> Int {
        var at = position(of: placement)
        while entries[at].index != index { at += 1 }
        entries.remove(at: at)
        return at
    }
}

/// Rules about the mix of kinds (thirds, ramp-up): counts by kind, judged
/// whole. `broken` is read on every move, `judge` (the violation, with its
/// words) only when asked; `judge` is nil exactly when `broken` is false.
package final class KindsTally: RuleTally {
    private let kinds: [ItemKind]
    private let broken: (KindCounts) -> Bool
    private let judge: (KindCounts) -> Violation?
    private var counts = KindCounts()

    package init(_ occurrences: [Occurrence], broken: @escaping (KindCounts) -> Bool, judge: @escaping (KindCounts) -> Violation?) {
        kinds = occurrences.map(\.kind)
        self.broken = broken
        self.judge = judge
    }

    package func add(_ index: Int, at placement: Placement) { counts[kinds[index]] += 1 }
    package func remove(_ index: Int, at placement: Placement) { counts[kinds[index]] -= 1 }
    package var magnitude: Int { broken(counts) ? 1 : 0 }
    package func violations() -> [Violation] { judge(counts).map { [$0] } ?? [] }
}

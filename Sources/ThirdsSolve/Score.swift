import Foundation
import ThirdsText
import ThirdsRules

/// How good a schedule is, compared in order: fewer breaks of error rules,
/// then a larger priority sum of scheduled items, then more weighted reach
/// less the penalties of warnings.
public struct Score: Sendable, Comparable, Hashable {
    public var hard: Int
    public var priority: Int
    public var reach: Double
    public var penalty: Double

    public var soft: Double { reach - penalty }

    public static let worst = Score(hard: .max, priority: 0, reach: 0, penalty: .infinity)

    public static func < (lhs: Score, rhs: Score) -> Bool {
        if lhs.hard != rhs.hard { return lhs.hard > rhs.hard }
        if lhs.priority != rhs.priority { return lhs.priority < rhs.priority }
        return lhs.soft < rhs.soft - 1e-9
    }

    public static func == (lhs: Score, rhs: Score) -> Bool { !(lhs < rhs) && !(rhs < lhs) }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(hard)
        hasher.combine(priority)
    }
}

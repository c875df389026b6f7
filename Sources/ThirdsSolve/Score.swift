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

/// A small, fast, seeded generator (SplitMix64): the same seed gives the same
/// schedule on every machine.
package struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    package init(seed: UInt64) { state = seed }

    package mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

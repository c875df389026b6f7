import Foundation

/// A small, fast, seeded generator (SplitMix64): the same seed gives the same
/// schedule on every machine, and the same generated history in the tests
/// and the benchmarks.
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

    /// Uniform in [0, 1).
    package mutating func uniform() -> Double { Double(next() >> 11) / Double(1 << 53) }

    /// 0 up to n − 1 (modulo bias is immaterial for the small n drawn here).
    package mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }

    /// Knuth's method, on pieces of mean at most 30 (a sum of Poisson draws is
    /// a Poisson draw of the summed mean), so e^−mean never underflows.
    package mutating func poisson(_ mean: Double) -> Double {
        var remaining = mean
        var total = 0.0
        while remaining > 0 {
            let piece = min(30, remaining)
            remaining -= piece
            let limit = exp(-piece)
            var product = uniform()
            while product > limit {
                total += 1
                product *= uniform()
            }
        }
        return total
    }
}

import Foundation

/// Arithmetic that cannot trap. Every value a plan sets is range-checked at
/// load (docs/diagnostics.md#limits), but rules and the solver can also be
/// built from code: there a conversion or product saturates instead of
/// crashing the process.
extension Int {
    /// `Int(value)` rounded toward zero, with NaN as 0 and values beyond
    /// Int's range as its nearest end.
    package init(saturating value: Double) {
        if value.isNaN {
            self = 0
        } else if value >= 9.2e18 {
            self = .max
        } else if value <= -9.2e18 {
            self = .min
        } else {
            self = Int(value)
        }
    }

    /// `self × other`, or Int's nearest end when the product overflows.
    package func saturatingMultiplied(by other: Int) -> Int {
        let (product, overflow) = multipliedReportingOverflow(by: other)
        guard overflow else { return product }
        return (self < 0) == (other < 0) ? .max : .min
    }
}

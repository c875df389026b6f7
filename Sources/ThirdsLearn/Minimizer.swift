import Foundation

/// Limited-memory BFGS with a backtracking (Armijo) line search: small,
/// deterministic and bounded, for the fit's 49 parameters. No randomness, and
/// the same arithmetic in the same order on every run.
struct Minimizer {
    var memory = 15
    var maximumIterations = 2_000
    /// Stops when a step lowers the objective by less than this, relative, three times running.
    var relativeTolerance = 1e-10

    struct Outcome {
        var point: [Double]
        var value: Double
        var iterations: Int
        var converged: Bool
    }

    /// Minimises `objective`, which returns the value and writes the gradient.
    func minimize(from start: [Double], objective: ([Double], inout [Double]) -> Double) -> Outcome {
        let count = start.count
        var x = start
        var gradient = [Double](repeating: 0, count: count)
        var value = objective(x, &gradient)
        guard value.isFinite else { return Outcome(point: x, value: value, iterations: 0, converged: false) }
        var steps: [[Double]] = []
        var changes: [[Double]] = []
        var quiet = 0
        var iteration = 0
        while iteration < maximumIterations {
            iteration += 1
            if maxNorm(gradient) < 1e-9 { return Outcome(point: x, value: value, iterations: iteration, converged: true) }
            var direction = twoLoop(gradient, steps, changes).map { -$0 }
            var slope = dot(direction, gradient)
            if !(slope < 0) || !slope.isFinite {
                // Not a descent direction: forget the history and go downhill.
                steps.removeAll()
                changes.removeAll()
                direction = gradient.map { -$0 }
                slope = dot(direction, gradient)
            }
            // The first step of steepest descent is kept short: the scale is unknown.
            var step = steps.isEmpty ? min(1, 1 / max(1e-12, maxNorm(gradient))) : 1
            var candidate = x
            var candidateGradient = gradient
            var candidateValue = Double.infinity
            var accepted = false
            for _ in 0..<40 {
                for i in 0..<count { candidate[i] = x[i] + step * direction[i] }
                candidateValue = objective(candidate, &candidateGradient)
                if candidateValue.isFinite, candidateValue <= value + 1e-4 * step * slope {
                    accepted = true
                    break
                }
                step *= 0.5
            }
            // No step lowers the objective any more: it is at its minimum to rounding.
            guard accepted else { return Outcome(point: x, value: value, iterations: iteration, converged: true) }
            let s = (0..<count).map { candidate[$0] - x[$0] }
            let y = (0..<count).map { candidateGradient[$0] - gradient[$0] }
            if dot(s, y) > 1e-12 {
                steps.append(s)
                changes.append(y)
                if steps.count > memory {
                    steps.removeFirst()
                    changes.removeFirst()
                }
            }
            let drop = value - candidateValue
            x = candidate
            gradient = candidateGradient
            let previous = value
            value = candidateValue
            quiet = drop <= relativeTolerance * max(1, abs(previous)) ? quiet + 1 : 0
            if quiet >= 3 { return Outcome(point: x, value: value, iterations: iteration, converged: true) }
        }
        return Outcome(point: x, value: value, iterations: iteration, converged: false)
    }

    private func twoLoop(_ gradient: [Double], _ steps: [[Double]], _ changes: [[Double]]) -> [Double] {
        var q = gradient
        var alphas = [Double](repeating: 0, count: steps.count)
        for j in stride(from: steps.count - 1, through: 0, by: -1) {
            let rho = 1 / dot(changes[j], steps[j])
            alphas[j] = rho * dot(steps[j], q)
            for i in 0..<q.count { q[i] -= alphas[j] * changes[j][i] }
        }
        if let s = steps.last, let y = changes.last {
            let scale = dot(s, y) / dot(y, y)
            for i in 0..<q.count { q[i] *= scale }
        }
        for j in 0..<steps.count {
            let rho = 1 / dot(changes[j], steps[j])
            let beta = rho * dot(changes[j], q)
            for i in 0..<q.count { q[i] += (alphas[j] - beta) * steps[j][i] }
        }
        return q
    }

    private func dot(_ a: [Double], _ b: [Double]) -> Double {
        var total = 0.0
        for i in 0..<a.count { total += a[i] * b[i] }
        return total
    }

    private func maxNorm(_ a: [Double]) -> Double { a.reduce(0) { max($0, abs($1)) } }
}

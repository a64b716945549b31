/// Limited-memory BFGS (Nocedal & Wright, Algorithm 7.4/7.5) with a backtracking Armijo line search,
/// for smooth convex objectives such as the logistic-regression loss. Deterministic.
struct LBFGSMinimizer {
    /// Iteration limit.
    var maximumIterations: Int
    /// Converged when max |gradient component| ≤ this.
    var gradientTolerance: Double
    /// Correction pairs kept.
    var memory = 10

    /// Minimises `objective` (returns the value and fills the gradient) from `start`.
    func minimize(start: [Double], objective: ([Double], inout [Double]) -> Double) -> (point: [Double], value: Double, iterations: Int) {
        let n = start.count
        var x = start
        var gradient = [Double](repeating: 0, count: n)
        var value = objective(x, &gradient)
        var steps: [[Double]] = []
        var changes: [[Double]] = []
        var iteration = 0
        var candidateGradient = [Double](repeating: 0, count: n)
        while iteration < maximumIterations, (gradient.map(abs).max() ?? 0) > gradientTolerance {
            iteration += 1
            // Two-loop recursion: direction = −H·gradient.
            var q = gradient
            var alphas = [Double](repeating: 0, count: steps.count)
            for i in stride(from: steps.count - 1, through: 0, by: -1) {
                let rho = 1 / dot(changes[i], steps[i])
                alphas[i] = rho * dot(steps[i], q)
                for j in 0..<n { q[j] -= alphas[i] * changes[i][j] }
            }
            if let s = steps.last, let y = changes.last {
                let scale = dot(s, y) / dot(y, y)
                for j in 0..<n { q[j] *= scale }
            }
            for i in 0..<steps.count {
                let rho = 1 / dot(changes[i], steps[i])
                let beta = rho * dot(changes[i], q)
                for j in 0..<n { q[j] += steps[i][j] * (alphas[i] - beta) }
            }
            var direction = q.map { -$0 }
            var slope = dot(direction, gradient)
            if !(slope < 0) {
                // Not a descent direction (numerical trouble): restart from steepest descent.
                steps.removeAll()
                changes.removeAll()
                direction = gradient.map { -$0 }
                slope = dot(direction, gradient)
            }
            var stepLength = steps.isEmpty ? min(1, 1 / (gradient.map(abs).max() ?? 1)) : 1
            var candidate = x
            var candidateValue = value
            var accepted = false
            for _ in 0..<60 {
                for j in 0..<n { candidate[j] = x[j] + stepLength * direction[j] }
                candidateValue = objective(candidate, &candidateGradient)
                if candidateValue <= value + 1e-4 * stepLength * slope { accepted = true; break }
                stepLength *= 0.5
            }
            guard accepted else { break }
            let s = (0..<n).map { candidate[$0] - x[$0] }
            let y = (0..<n).map { candidateGradient[$0] - gradient[$0] }
            if dot(s, y) > 1e-12 * dot(y, y).squareRoot() * dot(s, s).squareRoot() {
                steps.append(s)
                changes.append(y)
                if steps.count > memory { steps.removeFirst(); changes.removeFirst() }
            }
            x = candidate
            value = candidateValue
            gradient = candidateGradient
        }
        return (x, value, iteration)
    }

    private func dot(_ a: [Double], _ b: [Double]) -> Double {
        var sum = 0.0
        for i in a.indices { sum += a[i] * b[i] }
        return sum
    }
}

/// A natural cubic spline through strictly ascending knots (second derivative zero at both ends).
public struct NaturalCubicSpline: Sendable {
    /// Knot positions, strictly ascending.
    public let x: [Double]
    /// Knot values.
    public let y: [Double]
    /// Second derivatives at the knots.
    public let secondDerivatives: [Double]

    /// Fits the spline; `x` must be strictly ascending with at least 2 knots.
    public init(x: [Double], y: [Double]) {
        self.x = x
        self.y = y
        let n = x.count
        var m = [Double](repeating: 0, count: n)
        if n > 2 {
            // Tridiagonal system for the interior second derivatives (Thomas algorithm).
            var diag = [Double](repeating: 0, count: n)
            var rhs = [Double](repeating: 0, count: n)
            var upper = [Double](repeating: 0, count: n)
            for i in 1..<(n - 1) {
                let h0 = x[i] - x[i - 1], h1 = x[i + 1] - x[i]
                diag[i] = 2 * (h0 + h1)
                upper[i] = h1
                rhs[i] = 6 * ((y[i + 1] - y[i]) / h1 - (y[i] - y[i - 1]) / h0)
            }
            for i in 2..<(n - 1) {
                let lower = x[i] - x[i - 1]
                let factor = lower / diag[i - 1]
                diag[i] -= factor * upper[i - 1]
                rhs[i] -= factor * rhs[i - 1]
            }
            m[n - 2] = rhs[n - 2] / diag[n - 2]
            if n > 3 {
                for i in stride(from: n - 3, through: 1, by: -1) {
                    m[i] = (rhs[i] - upper[i] * m[i + 1]) / diag[i]
                }
            }
        }
        secondDerivatives = m
    }

    /// Spline values at ascending `targets`; `fill` outside the knots' range.
    public func values(at targets: [Double], fill: Double) -> [Double] {
        var out = [Double](repeating: fill, count: targets.count)
        guard let first = x.first, let last = x.last, x.count >= 2 else { return out }
        var k = 0
        for (i, t) in targets.enumerated() where t >= first && t <= last {
            while k < x.count - 2 && x[k + 1] < t { k += 1 }
            let h = x[k + 1] - x[k]
            let a = (x[k + 1] - t) / h, b = (t - x[k]) / h
            let m0 = secondDerivatives[k], m1 = secondDerivatives[k + 1]
            out[i] = a * y[k] + b * y[k + 1] + ((a * a * a - a) * m0 + (b * b * b - b) * m1) * h * h / 6
        }
        return out
    }
}

import SpectraCore
import SpectraNN

/// Central finite differences against analytic gradients, in Float32.
///
/// Tolerance 2e-3 (relative, on the whole gradient vector's L2 norm): with step h = 1e-2 the
/// truncation error of a central difference is h²/6·|f‴| ≈ 2e-5 relative for these smooth
/// kernels, and Float32 rounding of a loss of magnitude ~1 summed in Double contributes
/// ≈ 6e-8·√N / (2h) ≈ 1e-5–1e-4; 2e-3 leaves an order of magnitude of margin, while a wrong
/// gradient (a missing term, a transposed index) gives errors of 1e-1 or more.
enum GradientCheck {
    static let tolerance = 2e-3

    /// Random values in [-1, 1).
    static func random(_ count: Int, _ generator: inout SeededGenerator, scale: Double = 1) -> [Float] {
        (0..<count).map { _ in Float(generator.uniform(-scale, scale)) }
    }

    /// Numeric gradient of `loss` with respect to the `count` values read by `value` and written by `set`.
    static func numeric(count: Int, step h: Float = 1e-2, value: (Int) -> Float, set: (Int, Float) -> Void,
                        loss: () -> Double) -> [Double] {
        (0..<count).map { i in
            let saved = value(i)
            set(i, saved + h)
            let plus = loss()
            set(i, saved - h)
            let minus = loss()
            set(i, saved)
            return (plus - minus) / Double(2 * h)
        }
    }

    /// ‖analytic − numeric‖ / max(‖numeric‖, 1e-8).
    static func relativeError(_ analytic: [Float], _ numeric: [Double]) -> Double {
        var diff = 0.0, norm = 0.0
        for (a, n) in zip(analytic, numeric) {
            diff += (Double(a) - n) * (Double(a) - n)
            norm += n * n
        }
        return diff.squareRoot() / max(norm.squareRoot(), 1e-8)
    }

    /// Σ out·weights in Double (the scalar loss whose gradient w.r.t. out is `weights`).
    static func dot(_ out: UnsafePointer<Float>, _ weights: [Float]) -> Double {
        var s = 0.0
        for i in 0..<weights.count { s += Double(out[i]) * Double(weights[i]) }
        return s
    }
}

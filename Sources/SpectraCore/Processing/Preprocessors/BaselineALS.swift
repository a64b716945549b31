/// Removes a smooth background by asymmetric least squares (Eilers & Boelens 2005).
///
/// The baseline z minimises `Σ wᵢ (yᵢ − zᵢ)² + λ Σ (Δ²z)ᵢ²`; points above the current baseline get
/// weight `p`, points below `1 − p`, and the weights are updated `iterations` times. Each solve uses
/// the pentadiagonal band of `W + λ DᵀD` (banded Cholesky, O(N) time and memory; no N×N matrix).
/// `lambda` is per point², so it depends on the point count, not the x unit; typical values
/// 10²–10⁹, p 0.001–0.1. Points are sorted by x first; the baseline is subtracted.
public struct BaselineALS: Preprocessor, Equatable {
    public static let stepName = "baseline-als"
    public static let summary = "Subtract an asymmetric-least-squares background (smoothness lambda, asymmetry p, iterations)"

    /// Smoothness penalty on second differences.
    public var lambda: Double
    /// Weight of points above the baseline (0 < p < 1).
    public var p: Double
    /// Number of reweighting passes.
    public var iterations: Int

    public init(lambda: Double = 1e5, p: Double = 0.01, iterations: Int = 10) throws {
        let name = Self.stepName
        guard lambda > 0, lambda < 1e15 else {
            throw ProcessingError(reason: "step '\(name)': lambda must be between 0 and 1e15 (exclusive), got \(lambda)")
        }
        guard p > 0, p < 1 else { throw ProcessingError(reason: "step '\(name)': p must be between 0 and 1 (exclusive), got \(p)") }
        guard (1...1000).contains(iterations) else {
            throw ProcessingError(reason: "step '\(name)': iterations must be from 1 to 1000, got \(iterations)")
        }
        self.lambda = lambda
        self.p = p
        self.iterations = iterations
    }

    public init(parameters: StepParameters) throws {
        let name = Self.stepName
        try parameters.requireOnly(["lambda", "p", "iterations"], step: name)
        try self.init(lambda: parameters.double("lambda", step: name, default: 1e5),
                      p: parameters.double("p", step: name, default: 0.01),
                      iterations: parameters.int("iterations", step: name, default: 10))
    }

    public var parameters: StepParameters {
        ["lambda": .number(lambda), "p": .number(p), "iterations": .number(Double(iterations))]
    }

    public func process(_ spectrum: Spectrum) throws -> Spectrum {
        try spectrum.requireUsable(step: Self.stepName, minimumPoints: 3)
        let sorted = spectrum.sortedByX()
        let z = baseline(sorted.y)
        var out = sorted
        out.y = zip(sorted.y, z).map { $0 - $1 }
        return out
    }

    /// The ALS baseline of `y` (at least 3 values).
    public func baseline(_ y: [Double]) -> [Double] {
        let n = y.count
        guard n >= 3 else { return y }
        // Bands of λ DᵀD: d0 on the diagonal, d1 and d2 above it (symmetric).
        var d0 = [Double](repeating: 0, count: n)
        var d1 = [Double](repeating: 0, count: n)
        var d2 = [Double](repeating: 0, count: n)
        let stencil = [1.0, -2.0, 1.0]
        for r in 0..<(n - 2) {
            for a in 0..<3 {
                d0[r + a] += lambda * stencil[a] * stencil[a]
                if a < 2 { d1[r + a] += lambda * stencil[a] * stencil[a + 1] }
            }
            d2[r] += lambda * stencil[0] * stencil[2]
        }
        var w = [Double](repeating: 1, count: n)
        var z = y
        for _ in 0..<iterations {
            z = Self.solvePentadiagonal(diagonal: zip(d0, w).map { $0 + $1 }, first: d1, second: d2,
                                        rhs: zip(w, y).map { $0 * $1 })
            var changed = false
            for i in 0..<n {
                let nw = y[i] > z[i] ? p : 1 - p
                if nw != w[i] { w[i] = nw; changed = true }
            }
            if !changed { break }
        }
        return z
    }

    /// Solves a symmetric positive-definite pentadiagonal system by banded LDLᵀ factorisation.
    /// `first[i]` is A[i][i+1], `second[i]` is A[i][i+2].
    static func solvePentadiagonal(diagonal: [Double], first: [Double], second: [Double], rhs: [Double]) -> [Double] {
        let n = diagonal.count
        var d = [Double](repeating: 0, count: n)   // D of LDLᵀ
        var l1 = [Double](repeating: 0, count: n)  // L[i+1][i]
        var l2 = [Double](repeating: 0, count: n)  // L[i+2][i]
        for i in 0..<n {
            var di = diagonal[i]
            if i >= 1 { di -= l1[i - 1] * l1[i - 1] * d[i - 1] }
            if i >= 2 { di -= l2[i - 2] * l2[i - 2] * d[i - 2] }
            d[i] = di
            if i + 1 < n {
                var a = first[i]
                if i >= 1 { a -= l2[i - 1] * l1[i - 1] * d[i - 1] }
                l1[i] = a / di
            }
            if i + 2 < n { l2[i] = second[i] / di }
        }
        var z = rhs
        for i in 0..<n {
            if i >= 1 { z[i] -= l1[i - 1] * z[i - 1] }
            if i >= 2 { z[i] -= l2[i - 2] * z[i - 2] }
        }
        for i in 0..<n { z[i] /= d[i] }
        for i in stride(from: n - 1, through: 0, by: -1) {
            if i + 1 < n { z[i] -= l1[i] * z[i + 1] }
            if i + 2 < n { z[i] -= l2[i] * z[i + 2] }
        }
        return z
    }
}

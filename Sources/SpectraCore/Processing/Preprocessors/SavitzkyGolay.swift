/// Savitzky–Golay smoothing (or differentiation): each point is replaced by the value (or
/// derivative) at that point of the least-squares polynomial of degree `order` through the
/// `window` points centred on it.
///
/// The first and last `window / 2` points, which have no centred window, take the values of the
/// polynomial fitted to the first (last) `window` points, as `scipy.signal.savgol_filter(...,
/// mode='interp')` does. Points are sorted by x first and assumed evenly spaced; derivatives are
/// per x unit, using the median spacing (`delta` in scipy). Needs at least `window` points.
public struct SavitzkyGolay: Preprocessor, Equatable {
    public static let stepName = "savitzky-golay"
    public static let summary = "Savitzky–Golay smoothing: polynomial of degree order over window (odd, points); derivative per x unit"

    /// Window length in points (odd, ≥ 3).
    public var window: Int
    /// Polynomial degree (0 ≤ order < window, at most `maximumOrder`).
    public var order: Int
    /// Derivative to return (0 = smoothed values), at most `order`.
    public var derivative: Int

    /// Highest polynomial degree accepted; higher degrees make the normal equations ill-conditioned.
    public static let maximumOrder = 10

    public init(window: Int, order: Int, derivative: Int = 0) throws {
        let name = Self.stepName
        guard window >= 3, window % 2 == 1, window <= 1001 else {
            throw ProcessingError(reason: "step '\(name)': window must be an odd number of points from 3 to 1001, got \(window)")
        }
        guard order >= 0, order < window, order <= Self.maximumOrder else {
            throw ProcessingError(reason: "step '\(name)': order must be from 0 to min(window − 1, \(Self.maximumOrder)), got \(order)")
        }
        guard derivative >= 0, derivative <= order else {
            throw ProcessingError(reason: "step '\(name)': derivative must be from 0 to order (\(order)), got \(derivative)")
        }
        self.window = window
        self.order = order
        self.derivative = derivative
    }

    public init(parameters: StepParameters) throws {
        let name = Self.stepName
        try parameters.requireOnly(["window", "order", "derivative"], step: name)
        try self.init(window: parameters.int("window", step: name), order: parameters.int("order", step: name),
                      derivative: parameters.int("derivative", step: name, default: 0))
    }

    public var parameters: StepParameters {
        ["window": .number(Double(window)), "order": .number(Double(order)), "derivative": .number(Double(derivative))]
    }

    public func process(_ spectrum: Spectrum) throws -> Spectrum {
        try spectrum.requireUsable(step: Self.stepName, minimumPoints: window)
        let sorted = spectrum.sortedByX()
        let delta = derivative == 0 ? 1 : sorted.medianStep
        guard derivative == 0 || delta > 0 else {
            throw ProcessingError(reason: "step '\(Self.stepName)': a derivative needs distinct x values")
        }
        var out = sorted
        out.y = filter(sorted.y, spacing: delta)
        return out
    }

    /// Filters evenly spaced samples `y` (spacing in x units, used only for derivatives).
    public func filter(_ y: [Double], spacing: Double) -> [Double] {
        let n = y.count, half = window / 2
        guard n >= window else { return y }
        // Weights evaluating the fit at every offset -half...half of a window; row `half` is the centre.
        let weights = (-half...half).map { coefficients(at: Double($0)) }
        var scale = 1.0
        for _ in 0..<derivative { scale /= spacing }
        var out = [Double](repeating: 0, count: n)
        y.withUnsafeBufferPointer { yp in
            let centre = weights[half]
            for i in half..<(n - half) {
                var sum = 0.0
                for j in 0..<window { sum += centre[j] * yp[i - half + j] }
                out[i] = sum * scale
            }
            for e in 0..<half {
                var head = 0.0, tail = 0.0
                for j in 0..<window {
                    head += weights[e][j] * yp[j]
                    tail += weights[half + 1 + e][j] * yp[n - window + j]
                }
                out[e] = head * scale
                out[n - half + e] = tail * scale
            }
        }
        return out
    }

    /// Weights w such that Σ w_j y_j is the `derivative`-th derivative (per sample) at offset `t`
    /// (in samples from the window centre) of the degree-`order` least-squares fit to the window.
    func coefficients(at t: Double) -> [Double] {
        let half = Double(window / 2)
        let p = order + 1
        // Positions scaled to [-1, 1] keep the normal equations well conditioned.
        let u = (0..<window).map { (Double($0) - half) / half }
        var gram = [Double](repeating: 0, count: p * p)
        for k in 0..<p {
            for l in 0..<p {
                gram[k * p + l] = u.reduce(0) { $0 + pow($1, k + l) }
            }
        }
        // e = d^derivative/du^derivative of [1, u, u², …] at u0, times (du/dt)^derivative.
        let u0 = t / half
        var e = [Double](repeating: 0, count: p)
        for k in derivative..<p {
            var factor = 1.0
            for f in 0..<derivative { factor *= Double(k - f) }
            e[k] = factor * pow(u0, k - derivative)
        }
        for _ in 0..<derivative { e = e.map { $0 / half } }
        let c = Self.solve(gram, e, size: p)
        return u.map { uj in (0..<p).reduce(0) { $0 + c[$1] * pow(uj, $1) } }
    }

    private func pow(_ base: Double, _ exponent: Int) -> Double {
        var r = 1.0
        for _ in 0..<exponent { r *= base }
        return r
    }

    /// Solves the symmetric system `a x = b` by Gaussian elimination with partial pivoting.
    static func solve(_ a: [Double], _ b: [Double], size n: Int) -> [Double] {
        var a = a, b = b
        for col in 0..<n {
            var pivot = col
            for r in (col + 1)..<max(col + 1, n) where abs(a[r * n + col]) > abs(a[pivot * n + col]) { pivot = r }
            if pivot != col {
                for k in 0..<n { a.swapAt(col * n + k, pivot * n + k) }
                b.swapAt(col, pivot)
            }
            let d = a[col * n + col]
            guard d != 0 else { continue }
            for r in (col + 1)..<max(col + 1, n) {
                let f = a[r * n + col] / d
                if f == 0 { continue }
                for k in col..<n { a[r * n + k] -= f * a[col * n + k] }
                b[r] -= f * b[col]
            }
        }
        var x = [Double](repeating: 0, count: n)
        for r in stride(from: n - 1, through: 0, by: -1) {
            var s = b[r]
            for k in (r + 1)..<max(r + 1, n) { s -= a[r * n + k] * x[k] }
            let d = a[r * n + r]
            x[r] = d == 0 ? 0 : s / d
        }
        return x
    }
}

import Foundation

/// Removes a smooth background with SNIP (statistics-sensitive non-linear iterative peak clipping;
/// Ryan et al. 1988, in Morháč's increasing-window form).
///
/// Intensities go through the LLS transform `v = ln(ln(√(y+1) + 1) + 1)`, which compresses peaks
/// so the clipping follows the background; then for window half-widths p = 1 … m every point is
/// replaced by `min(v[i], (v[i−p] + v[i+p]) / 2)`; the inverse transform gives the baseline, which
/// is subtracted. `width` is the largest clipping window (2m + 1 points) in x units, converted to
/// points with the median x spacing: choose it wider than the broadest peak. `iterations` spreads
/// that many clipping passes evenly over p = 1 … m (default m, one pass per half-width). LLS needs
/// y ≥ 0: a spectrum with negative values is shifted up by its minimum for the fit.
/// Points are sorted by x first.
public struct BaselineSNIP: Preprocessor, Equatable {
    public static let stepName = "baseline-snip"
    public static let summary = "Subtract a SNIP background (LLS transform) with clipping window width in x units"

    /// Full clipping-window width in x units.
    public var width: Double
    /// Number of clipping passes; nil = one per half-width.
    public var iterations: Int?

    public init(width: Double, iterations: Int? = nil) throws {
        guard width > 0 else {
            throw ProcessingError(reason: "step '\(Self.stepName)': width must be positive (x units), got \(width)")
        }
        if let iterations, !(1...100_000).contains(iterations) {
            throw ProcessingError(reason: "step '\(Self.stepName)': iterations must be from 1 to 100000, got \(iterations)")
        }
        self.width = width
        self.iterations = iterations
    }

    public init(parameters: StepParameters) throws {
        let name = Self.stepName
        try parameters.requireOnly(["width", "iterations"], step: name)
        let iterations = parameters["iterations"] == nil ? nil : try parameters.int("iterations", step: name)
        try self.init(width: parameters.double("width", step: name), iterations: iterations)
    }

    public var parameters: StepParameters {
        var p: StepParameters = ["width": .number(width)]
        if let iterations { p["iterations"] = .number(Double(iterations)) }
        return p
    }

    public func process(_ spectrum: Spectrum) throws -> Spectrum {
        let (sorted, m) = try prepared(spectrum)
        let background = baseline(sorted.y, halfWindow: m)
        var out = sorted
        out.y = zip(sorted.y, background).map { $0 - $1 }
        return out
    }

    /// The background SNIP finds under `spectrum` (sorted by x), in its intensity units.
    public func background(of spectrum: Spectrum) throws -> Spectrum {
        let (sorted, m) = try prepared(spectrum)
        var out = sorted
        out.y = baseline(sorted.y, halfWindow: m)
        return out
    }

    /// The spectrum sorted by x and the largest clipping half-width in points (at least 1, short of
    /// half the spectrum).
    private func prepared(_ spectrum: Spectrum) throws -> (Spectrum, Int) {
        try spectrum.requireUsable(step: Self.stepName, minimumPoints: 3)
        let sorted = spectrum.sortedByX()
        let step = sorted.medianStep
        guard step > 0 else {
            throw ProcessingError(reason: "step '\(Self.stepName)': x values must be distinct to convert width to points")
        }
        let m = Int(min((width / step / 2).rounded(), 1e9))
        return (sorted, max(1, min(m, (sorted.count - 1) / 2)))
    }

    /// SNIP baseline of `y` with half-widths up to `m` points.
    func baseline(_ y: [Double], halfWindow m: Int) -> [Double] {
        let n = y.count
        let offset = min(0, y.min() ?? 0)
        // Two buffers used in turn: each pass reads the previous pass's values from one and writes
        // the clipped values into the other, so no pass sees its own updates and nothing is copied
        // but the 2p edge points.
        var v = y.map { log(log(($0 - offset + 1).squareRoot() + 1) + 1) }
        var other = v
        let passes = iterations ?? m
        for pass in 1...passes {
            // Half-widths rise evenly from 1 to m over the passes.
            let p = passes == 1 ? m : max(1, Int((1 + Double(pass - 1) * Double(m - 1) / Double(passes - 1)).rounded()))
            guard p < n - p else { continue }
            v.withUnsafeBufferPointer { source in
                other.withUnsafeMutableBufferPointer { target in
                    for i in 0..<p { target[i] = source[i] }
                    for i in (n - p)..<n { target[i] = source[i] }
                    for i in p..<(n - p) {
                        // min without a branch: which points get clipped is data-dependent and unpredictable.
                        target[i] = Swift.min(source[i], 0.5 * (source[i - p] + source[i + p]))
                    }
                }
            }
            swap(&v, &other)
        }
        return v.map { value in
            let s = exp(exp(value) - 1) - 1
            return s * s - 1 + offset
        }
    }
}

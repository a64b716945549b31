import Foundation
import SpectraCore

/// A smooth random background added under the peaks: a low-order polynomial (air scatter,
/// fluorescence, sample holder), an exponential decay at low angle (direct-beam and air scatter
/// near the beam stop) and a broad amorphous hump (glass holder, disordered or solvent-filled
/// fraction, typically 15–30° 2θ for Cu Kα). Simulations have none of it; the measured
/// preprocessing removes most of it again, so training on it teaches the model what that removal
/// leaves behind.
///
/// Amplitudes are relative to the spectrum's maximum (so they mean the same on counts and on 0–1
/// data) and drawn uniformly per spectrum; shapes likewise. Parameters (defaults, limits):
/// `minPolynomial`…`maxPolynomial` 0…0.05 (0–10), `order` 2 (0–5; the polynomial takes random
/// values in 0–1 at order+1 evenly spaced nodes, interpolated through them and clipped at 0),
/// `minDecay`…`maxDecay` 0…0.1 (0–10) with `minDecayDegrees`…`maxDecayDegrees` 2…8 (0.1–90, the
/// 1/e length in 2θ from the first point), `minHump`…`maxHump` 0…0.1 (0–10) with
/// `minHumpCenterDegrees`…`maxHumpCenterDegrees` 15…30 (0–180) and
/// `minHumpWidthDegrees`…`maxHumpWidthDegrees` 6…14 (FWHM, 0.1–90), `probability` 1.
public struct RandomBackground: Augmenter {
    public static let stepName = "xrd-background"
    public static let summary = "Smooth random background: polynomial + low-angle decay + amorphous hump (relative to max)"

    /// Every range, keyed by its parameter stem (`Polynomial`, `DecayDegrees`, ...).
    let ranges: [String: ParameterRange]
    /// Polynomial order.
    public let order: Int
    /// Chance the step acts on a spectrum.
    public let probability: Double

    /// Parameter stems with their defaults and limits.
    static let specification: [(name: String, defaults: ClosedRange<Double>, limits: ClosedRange<Double>)] = [
        ("Polynomial", 0...0.05, 0...10), ("Decay", 0...0.1, 0...10), ("DecayDegrees", 2...8, 0.1...90),
        ("Hump", 0...0.1, 0...10), ("HumpCenterDegrees", 15...30, 0...180), ("HumpWidthDegrees", 6...14, 0.1...90),
    ]

    public init(parameters: StepParameters) throws {
        let name = Self.stepName
        var known: Set<String> = ["order", "probability"]
        var ranges: [String: ParameterRange] = [:]
        for spec in Self.specification {
            known.insert("min" + spec.name)
            known.insert("max" + spec.name)
        }
        try parameters.requireOnly(known, step: name)
        for spec in Self.specification {
            ranges[spec.name] = try ParameterRange(parameters, name: spec.name, step: name, defaults: spec.defaults, limits: spec.limits)
        }
        self.ranges = ranges
        order = try parameters.int("order", step: name, default: 2)
        guard (0...5).contains(order) else {
            throw ProcessingError(reason: "step '\(name)': order must be from 0 to 5, got \(order)")
        }
        probability = try ParameterRange.probability(parameters, step: name)
    }

    public var parameters: StepParameters {
        var p: StepParameters = ["order": .number(Double(order)), "probability": .number(probability)]
        for (name, range) in ranges { range.write(to: &p, name: name) }
        return p
    }

    private func range(_ name: String) -> ParameterRange {
        // Every stem of `specification` is filled in by init.
        ranges[name] ?? ParameterRange(lower: 0, upper: 0)
    }

    public func augment(_ spectrum: Spectrum, using rng: inout SeededGenerator) throws -> Spectrum {
        let grid = try PatternGrid(spectrum, step: Self.stepName)
        guard rng.bernoulli(probability) else { return spectrum }
        let scale = spectrum.y.max() ?? 0
        guard scale > 0 else { return spectrum }
        let background = draw(grid: grid, using: &rng)
        var out = spectrum
        out.y = zip(spectrum.y, background).map { $0 + scale * $1 }
        return out
    }

    /// One random background on `grid`, relative to a maximum of 1.
    func draw(grid: PatternGrid, using rng: inout SeededGenerator) -> [Double] {
        let polynomialAmplitude = range("Polynomial").uniform(&rng)
        let nodes = (0...order).map { _ in rng.uniform() }
        let decayAmplitude = range("Decay").uniform(&rng)
        let decayLength = range("DecayDegrees").uniform(&rng)
        let humpAmplitude = range("Hump").uniform(&rng)
        let humpCenter = range("HumpCenterDegrees").uniform(&rng)
        let humpWidth = range("HumpWidthDegrees").uniform(&rng)
        let span = Double(grid.count - 1) * grid.stepDegrees
        let humpSigma = humpWidth / (2 * (2 * log(2.0)).squareRoot())
        return (0..<grid.count).map { i in
            let twoTheta = grid.twoTheta(i)
            let t = (twoTheta - grid.startDegrees) / span
            let polynomial = max(0, Self.lagrange(nodes, at: t))
            let decay = exp(-(twoTheta - grid.startDegrees) / decayLength)
            let d = twoTheta - humpCenter
            let hump = exp(-d * d / (2 * humpSigma * humpSigma))
            return polynomialAmplitude * polynomial + decayAmplitude * decay + humpAmplitude * hump
        }
    }

    /// The polynomial through (k/order, values[k]) evaluated at t ∈ [0, 1] (a constant for order 0).
    static func lagrange(_ values: [Double], at t: Double) -> Double {
        let n = values.count
        guard n > 1 else { return values.first ?? 0 }
        var sum = 0.0
        for k in 0..<n {
            var term = values[k]
            let tk = Double(k) / Double(n - 1)
            for m in 0..<n where m != k {
                let tm = Double(m) / Double(n - 1)
                term *= (t - tm) / (tk - tm)
            }
            sum += term
        }
        return sum
    }
}

import Foundation
import SpectraCore

/// Preferred orientation (texture) after March–Dollase: in a pressed or packed powder, plates or
/// needles align, and a reflection whose plane normal makes angle α with the preferred axis is
/// scaled by P(α) = (r² cos²α + sin²α / r)^(−3/2), where r < 1 for plates, r > 1 for needles and
/// r = 1 for a random powder. P averages to 1 over all directions, so total intensity is kept.
///
/// A profile carries no (hkl), so α is unknown. This step stays honest to the model's statistics
/// instead: it draws r log-uniformly per spectrum, places knots every `knotSpacingDegrees` (with a
/// random phase), gives each knot the factor P(α) of an independent random direction (cos α
/// uniform on 0–1, the distribution of a random plane normal) and interpolates log P smoothly
/// (cosine easing) between knots. Peaks more than a knot spacing apart get independent
/// March–Dollase factors; a peak narrower than the spacing is scaled almost uniformly. What it
/// cannot reproduce: that symmetry-equivalent or harmonic reflections (hkl, 2h2k2l) share one α.
///
/// Parameters (defaults): `minRatio`…`maxRatio` r 0.7…1.3 (limits 0.2–5), `knotSpacingDegrees`
/// 1.5 (limits 0.1–45; choose it above the broadest peak), `probability` 1.
public struct PreferredOrientation: Augmenter {
    public static let stepName = "xrd-preferred-orientation"
    public static let summary = "March–Dollase texture: intensities scaled by P(α) of random directions, r random"

    /// Range of the March–Dollase ratio r (unitless).
    public let ratio: ClosedRange<Double>
    /// Distance between independent factors, degrees 2θ.
    public let knotSpacingDegrees: Double
    /// Chance the step acts on a spectrum.
    public let probability: Double

    public init(ratio: ClosedRange<Double> = 0.7...1.3, knotSpacingDegrees: Double = 1.5, probability: Double = 1) throws {
        var p: StepParameters = ["knotSpacingDegrees": .number(knotSpacingDegrees), "probability": .number(probability)]
        ParameterRange(lower: ratio.lowerBound, upper: ratio.upperBound).write(to: &p, name: "Ratio")
        try self.init(parameters: p)
    }

    public init(parameters: StepParameters) throws {
        let name = Self.stepName
        try parameters.requireOnly(["minRatio", "maxRatio", "knotSpacingDegrees", "probability"], step: name)
        let r = try ParameterRange(parameters, name: "Ratio", step: name, defaults: 0.7...1.3, limits: 0.2...5)
        knotSpacingDegrees = try parameters.double("knotSpacingDegrees", step: name, default: 1.5)
        guard (0.1...45).contains(knotSpacingDegrees) else {
            throw ProcessingError(reason: "step '\(name)': knotSpacingDegrees must be from 0.1 to 45°, got \(knotSpacingDegrees)")
        }
        ratio = r.lower...r.upper
        probability = try ParameterRange.probability(parameters, step: name)
    }

    public var parameters: StepParameters {
        var p: StepParameters = ["knotSpacingDegrees": .number(knotSpacingDegrees), "probability": .number(probability)]
        ParameterRange(lower: ratio.lowerBound, upper: ratio.upperBound).write(to: &p, name: "Ratio")
        return p
    }

    /// The March–Dollase factor for ratio r and cos α.
    public static func marchDollase(ratio r: Double, cosAlpha c: Double) -> Double {
        pow(r * r * c * c + (1 - c * c) / r, -1.5)
    }

    public func augment(_ spectrum: Spectrum, using rng: inout SeededGenerator) throws -> Spectrum {
        let grid = try PatternGrid(spectrum, step: Self.stepName)
        guard rng.bernoulli(probability) else { return spectrum }
        let r = ParameterRange(lower: ratio.lowerBound, upper: ratio.upperBound).logUniform(&rng)
        let factors = modulation(grid: grid, ratio: r, using: &rng)
        var out = spectrum
        out.y = zip(spectrum.y, factors).map { $0 * $1 }
        return out
    }

    /// The multiplicative factor at every grid point for ratio r.
    func modulation(grid: PatternGrid, ratio r: Double, using rng: inout SeededGenerator) -> [Double] {
        let phase = rng.uniform() * knotSpacingDegrees
        let first = grid.startDegrees - phase
        let span = Double(grid.count - 1) * grid.stepDegrees + phase
        let knotCount = Int((span / knotSpacingDegrees).rounded(.up)) + 1
        let logFactors = (0..<knotCount).map { _ in log(Self.marchDollase(ratio: r, cosAlpha: rng.uniform())) }
        return (0..<grid.count).map { i in
            let position = (grid.twoTheta(i) - first) / knotSpacingDegrees
            let k = min(knotCount - 2, max(0, Int(position)))
            let t = min(1, max(0, position - Double(k)))
            let eased = (1 - cos(.pi * t)) / 2
            return exp(logFactors[k] + eased * (logFactors[k + 1] - logFactors[k]))
        }
    }
}

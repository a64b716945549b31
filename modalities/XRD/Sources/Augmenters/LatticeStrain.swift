import Foundation
import SpectraCore

/// Isotropic lattice strain: the whole cell scales by 1 + ε (ε drawn uniformly per spectrum), so
/// every spacing becomes d(1 + ε) and, by Bragg's law λ = 2d sin θ, a peak at θ moves to θ' with
/// sin θ' = sin θ / (1 + ε): expansion (ε > 0) moves peaks to lower angle, more so at high angle.
/// Simulated cells come from one temperature and solvation state; measured MOFs breathe, swell
/// and contract by a few tenths of a percent (up to percents for flexible frameworks).
///
/// Parameters (defaults): `minStrain`…`maxStrain` −0.005…0.005 (limits ±0.05, unitless),
/// `probability` 1. The wavelength cancels out, so none is needed.
public struct LatticeStrain: Augmenter {
    public static let stepName = "xrd-lattice-strain"
    public static let summary = "Isotropic cell scaling d → d(1+ε): peaks move by Bragg's law, ε random"

    /// Range of the strain ε (unitless, 0.01 = 1 % larger cell).
    public let strain: ClosedRange<Double>
    /// Chance the step acts on a spectrum.
    public let probability: Double

    public init(strain: ClosedRange<Double> = -0.005...0.005, probability: Double = 1) throws {
        var p: StepParameters = ["probability": .number(probability)]
        ParameterRange(lower: strain.lowerBound, upper: strain.upperBound).write(to: &p, name: "Strain")
        try self.init(parameters: p)
    }

    public init(parameters: StepParameters) throws {
        try parameters.requireOnly(["minStrain", "maxStrain", "probability"], step: Self.stepName)
        let range = try ParameterRange(parameters, name: "Strain", step: Self.stepName, defaults: -0.005...0.005, limits: -0.05...0.05)
        strain = range.lower...range.upper
        probability = try ParameterRange.probability(parameters, step: Self.stepName)
    }

    public var parameters: StepParameters {
        var p: StepParameters = ["probability": .number(probability)]
        ParameterRange(lower: strain.lowerBound, upper: strain.upperBound).write(to: &p, name: "Strain")
        return p
    }

    /// Where a peak at `twoThetaDegrees` lands for strain ε, or nil if it leaves the 0–180° range.
    public static func strainedTwoTheta(_ twoThetaDegrees: Double, strain: Double) -> Double? {
        let s = sin(PatternGrid.thetaRadians(twoThetaDegrees: twoThetaDegrees)) / (1 + strain)
        guard s >= 0, s <= 1 else { return nil }
        return 2 * asin(s) * 180 / .pi
    }

    public func augment(_ spectrum: Spectrum, using rng: inout SeededGenerator) throws -> Spectrum {
        let grid = try PatternGrid(spectrum, step: Self.stepName)
        guard rng.bernoulli(probability) else { return spectrum }
        let epsilon = ParameterRange(lower: strain.lowerBound, upper: strain.upperBound).uniform(&rng)
        var out = spectrum
        out.y = Self.apply(strain: epsilon, to: spectrum.y, grid: grid)
        return out
    }

    /// Output 2θ' shows the input at the unstrained angle: sin θ = (1 + ε) sin θ'.
    static func apply(strain epsilon: Double, to y: [Double], grid: PatternGrid) -> [Double] {
        grid.remap(y) { twoThetaPrime in
            let s = (1 + epsilon) * sin(PatternGrid.thetaRadians(twoThetaDegrees: twoThetaPrime))
            guard s >= 0, s <= 1 else { return nil }
            return 2 * asin(s) * 180 / .pi
        }
    }
}

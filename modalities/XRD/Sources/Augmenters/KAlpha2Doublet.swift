import Foundation
import SpectraCore

/// The Kα2 line of a copper tube without a monochromator (a Bruker D8 Advance as usually set up):
/// every reflection appears twice, at the Kα1 angle and at the Kα2 angle
/// 2θ₂ = 2·asin(sin θ₁ · λ₂/λ₁), with about half the intensity. The split grows with angle
/// (0.01° at 10°, 0.12° at 50° 2θ for Cu), so at high angle a simulated single line becomes a
/// doublet in a measured pattern. The input is taken as the Kα1 pattern; output point 2θ gains
/// `ratio` × the input at the Kα1 angle whose Kα2 line falls there.
///
/// Parameters (defaults): `minRatio`…`maxRatio` 0.45…0.55 (Kα2/Kα1 intensity; limits 0…1),
/// `kAlpha1Angstrom` 1.540562, `kAlpha2Angstrom` 1.544390 (Cu), `probability` 1.
public struct KAlpha2Doublet: Augmenter {
    public static let stepName = "xrd-kalpha2"
    public static let summary = "Adds the Kα2 line (2θ₂ = 2·asin(sinθ₁·λ₂/λ₁), ratio ~0.5) of every reflection"

    /// Range of the Kα2/Kα1 intensity ratio.
    public let ratio: ClosedRange<Double>
    /// Wavelengths, ångström.
    public let kAlpha1Angstrom: Double, kAlpha2Angstrom: Double
    /// Chance the step acts on a spectrum.
    public let probability: Double

    public init(ratio: ClosedRange<Double> = 0.45...0.55, kAlpha1Angstrom: Double = 1.540562,
                kAlpha2Angstrom: Double = 1.544390, probability: Double = 1) throws {
        var p: StepParameters = ["kAlpha1Angstrom": .number(kAlpha1Angstrom), "kAlpha2Angstrom": .number(kAlpha2Angstrom),
                                 "probability": .number(probability)]
        ParameterRange(lower: ratio.lowerBound, upper: ratio.upperBound).write(to: &p, name: "Ratio")
        try self.init(parameters: p)
    }

    public init(parameters: StepParameters) throws {
        let name = Self.stepName
        try parameters.requireOnly(["minRatio", "maxRatio", "kAlpha1Angstrom", "kAlpha2Angstrom", "probability"], step: name)
        let r = try ParameterRange(parameters, name: "Ratio", step: name, defaults: 0.45...0.55, limits: 0...1)
        kAlpha1Angstrom = try parameters.double("kAlpha1Angstrom", step: name, default: 1.540562)
        kAlpha2Angstrom = try parameters.double("kAlpha2Angstrom", step: name, default: 1.544390)
        guard (0.1...5).contains(kAlpha1Angstrom), (0.1...5).contains(kAlpha2Angstrom), kAlpha2Angstrom >= kAlpha1Angstrom else {
            throw ProcessingError(reason: "step '\(name)': wavelengths must be from 0.1 to 5 Å with kAlpha2Angstrom ≥ kAlpha1Angstrom, got \(kAlpha1Angstrom) and \(kAlpha2Angstrom)")
        }
        ratio = r.lower...r.upper
        probability = try ParameterRange.probability(parameters, step: name)
    }

    public var parameters: StepParameters {
        var p: StepParameters = ["kAlpha1Angstrom": .number(kAlpha1Angstrom), "kAlpha2Angstrom": .number(kAlpha2Angstrom),
                                 "probability": .number(probability)]
        ParameterRange(lower: ratio.lowerBound, upper: ratio.upperBound).write(to: &p, name: "Ratio")
        return p
    }

    public func augment(_ spectrum: Spectrum, using rng: inout SeededGenerator) throws -> Spectrum {
        let grid = try PatternGrid(spectrum, step: Self.stepName)
        guard rng.bernoulli(probability) else { return spectrum }
        let r = ParameterRange(lower: ratio.lowerBound, upper: ratio.upperBound).uniform(&rng)
        var out = spectrum
        out.y = apply(ratio: r, to: spectrum.y, grid: grid)
        return out
    }

    /// y + ratio · y(2θ₁(2θ)), where 2θ₁(2θ) = 2·asin(sin θ · λ₁/λ₂) is the Kα1 angle whose Kα2
    /// line lies at 2θ. Below the grid's start the Kα2 contribution is the first point's.
    func apply(ratio r: Double, to y: [Double], grid: PatternGrid) -> [Double] {
        let shifted = grid.remap(y) { twoTheta in
            2 * asin(sin(PatternGrid.thetaRadians(twoThetaDegrees: twoTheta)) * kAlpha1Angstrom / kAlpha2Angstrom) * 180 / .pi
        }
        return zip(y, shifted).map { $0 + r * $1 }
    }
}

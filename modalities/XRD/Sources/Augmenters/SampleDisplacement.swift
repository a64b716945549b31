import Foundation
import SpectraCore

/// Sample-displacement and zero-offset error of a Bragg–Brentano diffractometer: a sample surface
/// s millimetres off the focusing circle of radius R shifts every peak by
/// Δ2θ = −2 s cos θ / R (radians), plus a constant zero offset of the goniometer. Both are drawn
/// uniformly per spectrum. Simulations have neither; every measured pattern has some.
///
/// Parameters (defaults): `minDisplacementMm`…`maxDisplacementMm` −0.2…0.2 mm (limits ±2 mm;
/// positive = sample above the circle, peaks move to lower angle), `radiusMm` 240 (the Empyrean's
/// goniometer; Bruker D8s use 200–300; limits 50–1000), `minZeroOffsetDegrees`…`maxZeroOffsetDegrees`
/// −0.02…0.02 (limits ±1°), `probability` 1.
public struct SampleDisplacement: Augmenter {
    public static let stepName = "xrd-sample-displacement"
    public static let summary = "Peak shift Δ2θ = −2s·cosθ/R (sample height s, radius R, mm) plus a zero offset (°)"

    /// Range of the displacement s, millimetres.
    public let displacementMm: ClosedRange<Double>
    /// Goniometer radius R, millimetres.
    public let radiusMm: Double
    /// Range of the constant zero offset, degrees 2θ.
    public let zeroOffsetDegrees: ClosedRange<Double>
    /// Chance the step acts on a spectrum.
    public let probability: Double

    public init(displacementMm: ClosedRange<Double> = -0.2...0.2, radiusMm: Double = 240,
                zeroOffsetDegrees: ClosedRange<Double> = -0.02...0.02, probability: Double = 1) throws {
        var p: StepParameters = ["radiusMm": .number(radiusMm), "probability": .number(probability)]
        ParameterRange(lower: displacementMm.lowerBound, upper: displacementMm.upperBound).write(to: &p, name: "DisplacementMm")
        ParameterRange(lower: zeroOffsetDegrees.lowerBound, upper: zeroOffsetDegrees.upperBound).write(to: &p, name: "ZeroOffsetDegrees")
        try self.init(parameters: p)
    }

    public init(parameters: StepParameters) throws {
        let name = Self.stepName
        try parameters.requireOnly(["minDisplacementMm", "maxDisplacementMm", "radiusMm", "minZeroOffsetDegrees",
                                    "maxZeroOffsetDegrees", "probability"], step: name)
        let s = try ParameterRange(parameters, name: "DisplacementMm", step: name, defaults: -0.2...0.2, limits: -2...2, unit: " mm")
        let zero = try ParameterRange(parameters, name: "ZeroOffsetDegrees", step: name, defaults: -0.02...0.02, limits: -1...1, unit: "°")
        radiusMm = try parameters.double("radiusMm", step: name, default: 240)
        guard (50...1000).contains(radiusMm) else {
            throw ProcessingError(reason: "step '\(name)': radiusMm must be from 50 to 1000 mm, got \(radiusMm)")
        }
        displacementMm = s.lower...s.upper
        zeroOffsetDegrees = zero.lower...zero.upper
        probability = try ParameterRange.probability(parameters, step: name)
    }

    public var parameters: StepParameters {
        var p: StepParameters = ["radiusMm": .number(radiusMm), "probability": .number(probability)]
        ParameterRange(lower: displacementMm.lowerBound, upper: displacementMm.upperBound).write(to: &p, name: "DisplacementMm")
        ParameterRange(lower: zeroOffsetDegrees.lowerBound, upper: zeroOffsetDegrees.upperBound).write(to: &p, name: "ZeroOffsetDegrees")
        return p
    }

    /// Shift in degrees 2θ of a peak at `twoThetaDegrees` for displacement `sMm` and `zeroDegrees`.
    public func shiftDegrees(twoThetaDegrees: Double, displacementMm sMm: Double, zeroOffsetDegrees zeroDegrees: Double) -> Double {
        let theta = PatternGrid.thetaRadians(twoThetaDegrees: twoThetaDegrees)
        return -2 * sMm * cos(theta) / radiusMm * 180 / .pi + zeroDegrees
    }

    public func augment(_ spectrum: Spectrum, using rng: inout SeededGenerator) throws -> Spectrum {
        let grid = try PatternGrid(spectrum, step: Self.stepName)
        guard rng.bernoulli(probability) else { return spectrum }
        let s = ParameterRange(lower: displacementMm.lowerBound, upper: displacementMm.upperBound).uniform(&rng)
        let zero = ParameterRange(lower: zeroOffsetDegrees.lowerBound, upper: zeroOffsetDegrees.upperBound).uniform(&rng)
        var out = spectrum
        out.y = apply(displacementMm: s, zeroOffsetDegrees: zero, to: spectrum.y, grid: grid)
        return out
    }

    /// A peak at 2θ lands at 2θ + Δ(2θ); output point 2θ' shows the input at the 2θ solving
    /// 2θ + Δ(2θ) = 2θ'. Δ varies slowly (|dΔ/d2θ| < s/R ≪ 1), so three fixed-point steps converge
    /// to well below 1e-9°.
    func apply(displacementMm s: Double, zeroOffsetDegrees zero: Double, to y: [Double], grid: PatternGrid) -> [Double] {
        grid.remap(y) { twoThetaPrime in
            var source = twoThetaPrime
            for _ in 0..<3 {
                source = twoThetaPrime - shiftDegrees(twoThetaDegrees: source, displacementMm: s, zeroOffsetDegrees: zero)
            }
            return source
        }
    }
}

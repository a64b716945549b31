import Foundation
import SpectraCore

/// Crystallite-size (Scherrer) broadening: the pattern is convolved with a pseudo-Voigt whose FWHM
/// grows with angle as β(2θ) = K·λ / (L·cos θ) (radians of 2θ), for a crystallite size L drawn
/// log-uniformly per spectrum. Simulations assume infinite crystals; real MOF powders have
/// 10–200 nm domains, whose peaks broaden more at high angle.
///
/// Parameters (defaults): `minSizeNm`…`maxSizeNm` 20…200 (limits 1–10000 nm), `shapeFactor` K 0.9
/// (0.5–2), `wavelengthAngstrom` 1.54184 (Cu Kα), `minLorentzian`…`maxLorentzian` η 0…0.5 (the
/// Lorentzian fraction of the pseudo-Voigt, 0 = Gaussian), `probability` 1.
///
/// Each input point spreads its intensity with the kernel of its own angle (normalised on the
/// grid, so integrated intensity is kept). For Gaussian input peaks and η = 0 the output FWHM is
/// √(FWHM₀² + β²). Kernels are computed once per 0.5° block, where 1/cos θ changes by < 0.5 %.
public struct CrystalliteSizeBroadening: Augmenter {
    public static let stepName = "xrd-crystallite-size"
    public static let summary = "Scherrer broadening: convolve with a pseudo-Voigt of FWHM K·λ/(L·cosθ), L random (nm)"

    /// Crystallite size range, nanometres.
    public let sizeNm: ClosedRange<Double>
    /// Scherrer constant K (0.9 for spherical crystallites and FWHM).
    public let shapeFactor: Double
    /// X-ray wavelength, ångström.
    public let wavelengthAngstrom: Double
    /// Range of the Lorentzian fraction η of the pseudo-Voigt kernel.
    public let lorentzianFraction: ClosedRange<Double>
    /// Chance the step acts on a spectrum.
    public let probability: Double

    public init(sizeNm: ClosedRange<Double> = 20...200, shapeFactor: Double = 0.9,
                wavelengthAngstrom: Double = 1.54184,
                lorentzianFraction: ClosedRange<Double> = 0...0.5, probability: Double = 1) throws {
        var p: StepParameters = ["shapeFactor": .number(shapeFactor), "wavelengthAngstrom": .number(wavelengthAngstrom),
                                 "probability": .number(probability)]
        ParameterRange(lower: sizeNm.lowerBound, upper: sizeNm.upperBound).write(to: &p, name: "SizeNm")
        ParameterRange(lower: lorentzianFraction.lowerBound, upper: lorentzianFraction.upperBound).write(to: &p, name: "Lorentzian")
        try self.init(parameters: p)
    }

    public init(parameters: StepParameters) throws {
        let name = Self.stepName
        try parameters.requireOnly(["minSizeNm", "maxSizeNm", "shapeFactor", "wavelengthAngstrom", "minLorentzian",
                                    "maxLorentzian", "probability"], step: name)
        let size = try ParameterRange(parameters, name: "SizeNm", step: name, defaults: 20...200, limits: 1...10_000, unit: " nm")
        let eta = try ParameterRange(parameters, name: "Lorentzian", step: name, defaults: 0...0.5, limits: 0...1)
        shapeFactor = try parameters.double("shapeFactor", step: name, default: 0.9)
        wavelengthAngstrom = try parameters.double("wavelengthAngstrom", step: name, default: PatternGrid.copperKAlphaAngstrom)
        guard (0.5...2).contains(shapeFactor) else {
            throw ProcessingError(reason: "step '\(name)': shapeFactor must be from 0.5 to 2, got \(shapeFactor)")
        }
        guard (0.1...5).contains(wavelengthAngstrom) else {
            throw ProcessingError(reason: "step '\(name)': wavelengthAngstrom must be from 0.1 to 5 Å, got \(wavelengthAngstrom)")
        }
        sizeNm = size.lower...size.upper
        lorentzianFraction = eta.lower...eta.upper
        probability = try ParameterRange.probability(parameters, step: name)
    }

    public var parameters: StepParameters {
        var p: StepParameters = ["shapeFactor": .number(shapeFactor), "wavelengthAngstrom": .number(wavelengthAngstrom),
                                 "probability": .number(probability)]
        ParameterRange(lower: sizeNm.lowerBound, upper: sizeNm.upperBound).write(to: &p, name: "SizeNm")
        ParameterRange(lower: lorentzianFraction.lowerBound, upper: lorentzianFraction.upperBound).write(to: &p, name: "Lorentzian")
        return p
    }

    /// Scherrer FWHM in degrees 2θ at `twoThetaDegrees` for crystallites of `sizeNm`.
    public func fwhmDegrees(twoThetaDegrees: Double, sizeNm: Double) -> Double {
        let theta = PatternGrid.thetaRadians(twoThetaDegrees: twoThetaDegrees)
        let betaRadians = shapeFactor * wavelengthAngstrom / (sizeNm * 10 * cos(theta))
        return betaRadians * 180 / .pi
    }

    public func augment(_ spectrum: Spectrum, using rng: inout SeededGenerator) throws -> Spectrum {
        let grid = try PatternGrid(spectrum, step: Self.stepName)
        guard rng.bernoulli(probability) else { return spectrum }
        let size = ParameterRange(lower: sizeNm.lowerBound, upper: sizeNm.upperBound).logUniform(&rng)
        let eta = ParameterRange(lower: lorentzianFraction.lowerBound, upper: lorentzianFraction.upperBound).uniform(&rng)
        var out = spectrum
        out.y = broaden(spectrum.y, grid: grid, sizeNm: size, eta: eta)
        return out
    }

    /// The convolution for one size and η (deterministic; `augment` draws them).
    func broaden(_ y: [Double], grid: PatternGrid, sizeNm: Double, eta: Double) -> [Double] {
        let n = grid.count
        var out = [Double](repeating: 0, count: n)
        let blockPoints = max(1, Int((0.5 / grid.stepDegrees).rounded()))
        var blockStart = 0
        while blockStart < n {
            let blockEnd = min(n, blockStart + blockPoints)
            let centre = grid.twoTheta((blockStart + blockEnd - 1) / 2)
            // Near 2θ = 180° cos θ → 0; the width is capped at the pattern length.
            let fwhm = min(fwhmDegrees(twoThetaDegrees: min(centre, 179), sizeNm: sizeNm),
                           Double(n) * grid.stepDegrees)
            let kernel = Self.pseudoVoigtKernel(fwhmPoints: fwhm / grid.stepDegrees, eta: eta, maximumHalfWidth: n)
            let half = kernel.count / 2
            for j in blockStart..<blockEnd where y[j] != 0 {
                let lo = max(0, j - half), hi = min(n - 1, j + half)
                // Weights falling off the grid are renormalised away, so edge peaks keep their height.
                var inside = 0.0
                for i in lo...hi { inside += kernel[i - j + half] }
                let scale = y[j] / inside
                for i in lo...hi { out[i] += scale * kernel[i - j + half] }
            }
            blockStart = blockEnd
        }
        return out
    }

    /// A pseudo-Voigt sampled at integer offsets, normalised to sum 1. Half-width: 3 FWHM for the
    /// Gaussian part, 12 FWHM when there is a Lorentzian part (its tails hold ~5 % beyond that).
    static func pseudoVoigtKernel(fwhmPoints: Double, eta: Double, maximumHalfWidth: Int) -> [Double] {
        let reach = eta > 0 ? 12.0 : 3.0
        let half = max(1, min(maximumHalfWidth, Int((reach * fwhmPoints).rounded(.up))))
        if fwhmPoints < 1e-6 {
            var delta = [Double](repeating: 0, count: 2 * half + 1)
            delta[half] = 1
            return delta
        }
        let sigma = fwhmPoints / (2 * (2 * log(2.0)).squareRoot())
        let gamma = fwhmPoints / 2
        var kernel = [Double](repeating: 0, count: 2 * half + 1)
        var total = 0.0
        for k in -half...half {
            let d = Double(k)
            let gaussian = exp(-d * d / (2 * sigma * sigma)) / (sigma * (2 * .pi).squareRoot())
            let lorentzian = gamma / (.pi * (d * d + gamma * gamma))
            let value = (1 - eta) * gaussian + eta * lorentzian
            kernel[k + half] = value
            total += value
        }
        for k in kernel.indices { kernel[k] /= total }
        return kernel
    }
}

import Foundation
import SpectraCore

/// Poisson counting noise: a detector counts photons, so an intensity of N counts fluctuates with
/// variance N. The pattern is scaled so its maximum is `peakCounts` (drawn log-uniformly per
/// spectrum), every point is replaced by a Poisson draw of that mean (exact inversion below 30
/// counts, the normal approximation N + √N·z above, clipped at 0), and scaled back. The variance
/// of the result is therefore y · max(y) / peakCounts: proportional to intensity, with weak
/// patterns noisier than strong ones.
///
/// Parameters (defaults): `minPeakCounts`…`maxPeakCounts` 300…30000 (limits 1–1e9),
/// `probability` 1. Negative intensities count as zero (they cannot be counts).
public struct CountingNoise: Augmenter {
    public static let stepName = "xrd-counting-noise"
    public static let summary = "Poisson counting noise with the maximum scaled to a random peak count"

    /// Range of counts at the pattern maximum.
    public let peakCounts: ClosedRange<Double>
    /// Chance the step acts on a spectrum.
    public let probability: Double

    public init(peakCounts: ClosedRange<Double> = 300...30_000, probability: Double = 1) throws {
        var p: StepParameters = ["probability": .number(probability)]
        ParameterRange(lower: peakCounts.lowerBound, upper: peakCounts.upperBound).write(to: &p, name: "PeakCounts")
        try self.init(parameters: p)
    }

    public init(parameters: StepParameters) throws {
        try parameters.requireOnly(["minPeakCounts", "maxPeakCounts", "probability"], step: Self.stepName)
        let range = try ParameterRange(parameters, name: "PeakCounts", step: Self.stepName, defaults: 300...30_000, limits: 1...1e9)
        peakCounts = range.lower...range.upper
        probability = try ParameterRange.probability(parameters, step: Self.stepName)
    }

    public var parameters: StepParameters {
        var p: StepParameters = ["probability": .number(probability)]
        ParameterRange(lower: peakCounts.lowerBound, upper: peakCounts.upperBound).write(to: &p, name: "PeakCounts")
        return p
    }

    public func augment(_ spectrum: Spectrum, using rng: inout SeededGenerator) throws -> Spectrum {
        // Noise needs no grid, only finite values.
        if let i = spectrum.y.firstIndex(where: { !$0.isFinite }) {
            throw ProcessingError(reason: "step '\(Self.stepName)': intensity \(i + 1) is not a finite number")
        }
        guard rng.bernoulli(probability) else { return spectrum }
        let maximum = spectrum.y.max() ?? 0
        guard maximum > 0 else { return spectrum }
        let counts = ParameterRange(lower: peakCounts.lowerBound, upper: peakCounts.upperBound).logUniform(&rng)
        let scale = counts / maximum
        var out = spectrum
        out.y = spectrum.y.map { Self.poisson(mean: max(0, $0) * scale, using: &rng) / scale }
        return out
    }

    /// A Poisson draw with the given mean: inversion for small means, normal approximation above 30.
    static func poisson(mean: Double, using rng: inout SeededGenerator) -> Double {
        if mean <= 0 { return 0 }
        if mean > 30 { return max(0, mean + mean.squareRoot() * rng.gaussian()) }
        // Inversion: walk the cumulative distribution until it passes a uniform draw.
        let u = rng.uniform()
        var k = 0.0
        var p = exp(-mean)
        var cumulative = p
        while u > cumulative && k < 200 {
            k += 1
            p *= mean / k
            cumulative += p
        }
        return k
    }
}

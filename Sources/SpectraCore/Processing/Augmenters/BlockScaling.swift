/// Block-wise intensity scaling as in the seed paper: the spectrum is cut into consecutive blocks
/// of `blockLength` points (the last may be shorter) and each block, with probability
/// `probability`, is multiplied by a factor drawn uniformly from `minScale…maxScale`, imitating
/// texture-driven changes of relative peak heights. Defaults: 15 points, 0.5–1.5, p = 1.
public struct BlockScaling: Augmenter, Equatable {
    public static let stepName = "block-scaling"
    public static let summary = "Multiply each block of blockLength points by U(minScale, maxScale) with probability p"

    /// Block length, in points.
    public var blockLength: Int
    /// Smallest factor (unitless).
    public var minScale: Double
    /// Largest factor (unitless).
    public var maxScale: Double
    /// Chance that a block is scaled.
    public var probability: Double

    public init(blockLength: Int = 15, minScale: Double = 0.5, maxScale: Double = 1.5, probability: Double = 1) throws {
        let name = Self.stepName
        guard blockLength >= 1, blockLength <= 1_000_000 else {
            throw ProcessingError(reason: "step '\(name)': blockLength must be from 1 to 1000000 points, got \(blockLength)")
        }
        guard minScale >= 0, maxScale >= minScale else {
            throw ProcessingError(reason: "step '\(name)': need 0 ≤ minScale ≤ maxScale (got \(minScale), \(maxScale))")
        }
        guard (0...1).contains(probability) else {
            throw ProcessingError(reason: "step '\(name)': probability must be from 0 to 1, got \(probability)")
        }
        self.blockLength = blockLength
        self.minScale = minScale
        self.maxScale = maxScale
        self.probability = probability
    }

    public init(parameters: StepParameters) throws {
        let name = Self.stepName
        try parameters.requireOnly(["blockLength", "minScale", "maxScale", "probability"], step: name)
        try self.init(blockLength: parameters.int("blockLength", step: name, default: 15),
                      minScale: parameters.double("minScale", step: name, default: 0.5),
                      maxScale: parameters.double("maxScale", step: name, default: 1.5),
                      probability: parameters.double("probability", step: name, default: 1))
    }

    public var parameters: StepParameters {
        ["blockLength": .number(Double(blockLength)), "minScale": .number(minScale),
         "maxScale": .number(maxScale), "probability": .number(probability)]
    }

    public func augment(_ spectrum: Spectrum, using rng: inout SeededGenerator) throws -> Spectrum {
        try spectrum.requireUsable(step: Self.stepName)
        var out = spectrum
        var start = 0
        while start < out.count {
            let end = min(out.count, start + blockLength)
            // Draw both numbers for every block so the stream does not depend on the outcome.
            let apply = rng.bernoulli(probability)
            let factor = rng.uniform(minScale, maxScale)
            if apply {
                for i in start..<end { out.y[i] *= factor }
            }
            start = end
        }
        return out
    }
}

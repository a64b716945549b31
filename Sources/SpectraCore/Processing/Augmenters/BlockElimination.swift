/// Peak elimination as in the seed paper: the spectrum is cut into consecutive blocks whose
/// lengths are drawn uniformly from `minLength…maxLength` points, and each block is set to zero
/// with probability `probability`, so peaks disappear the way weak reflections vanish in
/// measured patterns. Defaults: blocks of 7–8 points, p = 0.2.
public struct BlockElimination: Augmenter, Equatable {
    public static let stepName = "block-elimination"
    public static let summary = "Zero each consecutive block of minLength–maxLength points with probability p"

    /// Chance that a block is zeroed.
    public var probability: Double
    /// Shortest block, in points.
    public var minLength: Int
    /// Longest block, in points.
    public var maxLength: Int

    public init(probability: Double = 0.2, minLength: Int = 7, maxLength: Int = 8) throws {
        let name = Self.stepName
        guard (0...1).contains(probability) else {
            throw ProcessingError(reason: "step '\(name)': probability must be from 0 to 1, got \(probability)")
        }
        guard minLength >= 1, maxLength >= minLength, maxLength <= 1_000_000 else {
            throw ProcessingError(reason: "step '\(name)': need 1 ≤ minLength ≤ maxLength ≤ 1000000 (got \(minLength), \(maxLength))")
        }
        self.probability = probability
        self.minLength = minLength
        self.maxLength = maxLength
    }

    public init(parameters: StepParameters) throws {
        let name = Self.stepName
        try parameters.requireOnly(["probability", "minLength", "maxLength"], step: name)
        try self.init(probability: parameters.double("probability", step: name, default: 0.2),
                      minLength: parameters.int("minLength", step: name, default: 7),
                      maxLength: parameters.int("maxLength", step: name, default: 8))
    }

    public var parameters: StepParameters {
        ["probability": .number(probability), "minLength": .number(Double(minLength)), "maxLength": .number(Double(maxLength))]
    }

    public func augment(_ spectrum: Spectrum, using rng: inout SeededGenerator) throws -> Spectrum {
        try spectrum.requireUsable(step: Self.stepName)
        var out = spectrum
        var start = 0
        while start < out.count {
            let length = rng.int(in: minLength...maxLength)
            let end = min(out.count, start + length)
            if rng.bernoulli(probability) {
                for i in start..<end { out.y[i] = 0 }
            }
            start = end
        }
        return out
    }
}

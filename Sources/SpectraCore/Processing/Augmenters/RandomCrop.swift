/// The seed paper's "randomized 2θ range": keeps a random contiguous window of the axis and sets
/// the intensities outside it to zero (the grid stays, so the model input length is unchanged).
/// The window covers a fraction drawn uniformly from `minFraction…1` of the points, at a uniformly
/// random position.
public struct RandomCrop: Augmenter, Equatable {
    public static let stepName = "random-crop"
    public static let summary = "Keep a random window of minFraction–1 of the points, zero the rest"

    /// Smallest kept fraction of the points (0 < minFraction ≤ 1).
    public var minFraction: Double

    public init(minFraction: Double = 0.8) throws {
        guard minFraction > 0, minFraction <= 1 else {
            throw ProcessingError(reason: "step '\(Self.stepName)': minFraction must be in (0, 1], got \(minFraction)")
        }
        self.minFraction = minFraction
    }

    public init(parameters: StepParameters) throws {
        try parameters.requireOnly(["minFraction"], step: Self.stepName)
        try self.init(minFraction: parameters.double("minFraction", step: Self.stepName, default: 0.8))
    }

    public var parameters: StepParameters { ["minFraction": .number(minFraction)] }

    public func augment(_ spectrum: Spectrum, using rng: inout SeededGenerator) throws -> Spectrum {
        try spectrum.requireUsable(step: Self.stepName)
        let n = spectrum.count
        let fraction = rng.uniform(minFraction, 1)
        let kept = max(1, min(n, Int((fraction * Double(n)).rounded())))
        let start = rng.int(below: n - kept + 1)
        var out = spectrum
        for i in 0..<n where i < start || i >= start + kept { out.y[i] = 0 }
        return out
    }
}

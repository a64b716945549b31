/// The seed paper's "randomized 2θ range": keeps a random contiguous window of the axis and sets
/// the intensities outside it to zero (the grid stays, so the model input length is unchanged).
/// The window covers a fraction drawn uniformly from `minFraction…1` of the points. `side` says
/// which ends may be cut: `both` (default: the window sits at a uniformly random position),
/// `end` (the window starts at the first point: a scan that stopped early, e.g. at 40° 2θ) or
/// `start` (the window ends at the last point). `probability` (default 1) is the chance the step acts.
public struct RandomCrop: Augmenter, Equatable {
    public static let stepName = "random-crop"
    public static let summary = "Keep a random window of minFraction–1 of the points, zero the rest"

    /// Which ends of the axis a crop may remove.
    public enum Side: String, Sendable, CaseIterable {
        case both, start, end
    }

    /// Smallest kept fraction of the points (0 < minFraction ≤ 1).
    public var minFraction: Double
    public var side: Side
    public var probability: Double

    public init(minFraction: Double = 0.8, side: Side = .both, probability: Double = 1) throws {
        guard minFraction > 0, minFraction <= 1 else {
            throw ProcessingError(reason: "step '\(Self.stepName)': minFraction must be in (0, 1], got \(minFraction)")
        }
        guard (0...1).contains(probability) else {
            throw ProcessingError(reason: "step '\(Self.stepName)': probability must be from 0 to 1, got \(probability)")
        }
        self.minFraction = minFraction
        self.side = side
        self.probability = probability
    }

    public init(parameters: StepParameters) throws {
        try parameters.requireOnly(["minFraction", "side", "probability"], step: Self.stepName)
        let sideName = try parameters.string("side", step: Self.stepName, default: Side.both.rawValue)
        guard let side = Side(rawValue: sideName) else {
            throw ProcessingError(reason: "step '\(Self.stepName)': side must be both, start or end, got '\(sideName)'")
        }
        try self.init(minFraction: parameters.double("minFraction", step: Self.stepName, default: 0.8), side: side,
                      probability: parameters.double("probability", step: Self.stepName, default: 1))
    }

    public var parameters: StepParameters {
        var p: StepParameters = ["minFraction": .number(minFraction)]
        if side != .both { p["side"] = .string(side.rawValue) }
        if probability != 1 { p["probability"] = .number(probability) }
        return p
    }

    public func augment(_ spectrum: Spectrum, using rng: inout SeededGenerator) throws -> Spectrum {
        try spectrum.requireUsable(step: Self.stepName)
        if probability < 1, !rng.bernoulli(probability) { return spectrum }
        let n = spectrum.count
        let fraction = rng.uniform(minFraction, 1)
        let kept = max(1, min(n, Int((fraction * Double(n)).rounded())))
        let start: Int
        switch side {
        case .both: start = rng.int(below: n - kept + 1)
        case .end: start = 0
        case .start: start = n - kept
        }
        var out = spectrum
        for i in 0..<n where i < start || i >= start + kept { out.y[i] = 0 }
        return out
    }
}

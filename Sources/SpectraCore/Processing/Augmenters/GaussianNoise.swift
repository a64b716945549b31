/// Adds independent Gaussian noise to every intensity with standard deviation `sigma × max|y|`
/// (sigma is relative to the spectrum's largest magnitude, so it means the same on counts and on
/// normalised data). An all-zero spectrum stays unchanged.
public struct GaussianNoise: Augmenter, Equatable {
    public static let stepName = "gaussian-noise"
    public static let summary = "Add N(0, (sigma · max|y|)²) noise to each point (sigma relative to the maximum)"

    /// Standard deviation relative to the largest magnitude.
    public var sigma: Double

    public init(sigma: Double = 0.01) throws {
        guard sigma >= 0, sigma <= 100 else {
            throw ProcessingError(reason: "step '\(Self.stepName)': sigma must be from 0 to 100 (relative to the maximum), got \(sigma)")
        }
        self.sigma = sigma
    }

    public init(parameters: StepParameters) throws {
        try parameters.requireOnly(["sigma"], step: Self.stepName)
        try self.init(sigma: parameters.double("sigma", step: Self.stepName, default: 0.01))
    }

    public var parameters: StepParameters { ["sigma": .number(sigma)] }

    public func augment(_ spectrum: Spectrum, using rng: inout SeededGenerator) throws -> Spectrum {
        try spectrum.requireUsable(step: Self.stepName)
        let scale = sigma * spectrum.y.reduce(0) { max($0, abs($1)) }
        var out = spectrum
        guard scale > 0 else { return out }
        for i in 0..<out.count { out.y[i] += scale * rng.gaussian() }
        return out
    }
}

/// A named, parameterised operation on a spectrum. Steps are pure: the same input (and, for
/// augmenters, the same generator state) gives the same output. Each step round-trips through
/// `StepParameters`, which is how pipelines serialise to JSON.
public protocol ProcessingStep: Sendable {
    /// The name used in pipeline JSON, e.g. `crop`, `savitzky-golay`.
    static var stepName: String { get }
    /// One line for listings and docs, with units.
    static var summary: String { get }
    /// Builds the step from parameters, refusing unknown keys and invalid values.
    init(parameters: StepParameters) throws
    /// The full parameters (defaults filled in), so `init(parameters:)` rebuilds an equal step.
    var parameters: StepParameters { get }
    /// Applies the step. Deterministic steps ignore `rng`.
    func apply(to spectrum: Spectrum, using rng: inout SeededGenerator) throws -> Spectrum
}

/// A deterministic step (cropping, resampling, normalisation, smoothing, baseline removal).
public protocol Preprocessor: ProcessingStep {
    func process(_ spectrum: Spectrum) throws -> Spectrum
}

extension Preprocessor {
    public func apply(to spectrum: Spectrum, using rng: inout SeededGenerator) throws -> Spectrum {
        try process(spectrum)
    }
}

/// A random step used for training augmentation; reproducible for a given generator state.
public protocol Augmenter: ProcessingStep {
    func augment(_ spectrum: Spectrum, using rng: inout SeededGenerator) throws -> Spectrum
}

extension Augmenter {
    public func apply(to spectrum: Spectrum, using rng: inout SeededGenerator) throws -> Spectrum {
        try augment(spectrum, using: &rng)
    }
}

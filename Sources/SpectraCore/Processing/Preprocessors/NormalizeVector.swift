/// Scales intensities to unit Euclidean (L2) norm: `y / ‖y‖₂`.
///
/// An all-zero spectrum has no direction and is returned unchanged (all zeros). The y unit becomes
/// `.normalized`.
public struct NormalizeVector: Preprocessor, Equatable {
    public static let stepName = "normalize-vector"
    public static let summary = "Scale intensities to unit L2 norm (unitless); an all-zero spectrum stays zero"

    public init() {}

    public init(parameters: StepParameters) throws {
        try parameters.requireOnly([], step: Self.stepName)
    }

    public var parameters: StepParameters { [:] }

    public func process(_ spectrum: Spectrum) throws -> Spectrum {
        try spectrum.requireUsable(step: Self.stepName)
        var out = spectrum
        out.yUnit = .normalized
        // Scale by the largest magnitude first so squaring cannot overflow for huge counts.
        let peak = spectrum.y.reduce(0) { Swift.max($0, abs($1)) }
        guard peak > 0 else { return out }
        let norm = peak * spectrum.y.reduce(0) { $0 + ($1 / peak) * ($1 / peak) }.squareRoot()
        out.y = spectrum.y.map { $0 / norm }
        return out
    }
}

/// Scales intensities linearly to 0–1: `(y − min) / (max − min)`.
///
/// A constant spectrum (max = min) has no contrast to scale and becomes all zeros, so blank or
/// fully eliminated spectra stay finite. The y unit becomes `.normalized`.
public struct NormalizeMinMax: Preprocessor, Equatable {
    public static let stepName = "normalize-minmax"
    public static let summary = "Scale intensities to 0–1 (unitless); a constant spectrum becomes all zeros"

    public init() {}

    public init(parameters: StepParameters) throws {
        try parameters.requireOnly([], step: Self.stepName)
    }

    public var parameters: StepParameters { [:] }

    public func process(_ spectrum: Spectrum) throws -> Spectrum {
        try spectrum.requireUsable(step: Self.stepName)
        var out = spectrum
        out.yUnit = .normalized
        guard let lo = spectrum.y.min(), let hi = spectrum.y.max(), hi > lo else {
            out.y = [Double](repeating: 0, count: spectrum.count)
            return out
        }
        let scale = 1 / (hi - lo)
        out.y = spectrum.y.map { ($0 - lo) * scale }
        return out
    }
}

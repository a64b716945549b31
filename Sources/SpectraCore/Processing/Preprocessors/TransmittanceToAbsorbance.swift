import Foundation

/// Converts transmittance to absorbance, `A = −log10(T)`, with T as a fraction.
///
/// Only spectra whose y unit is `.transmittance` are converted; all others (already absorbance,
/// counts, arbitrary) pass unchanged, so one FTIR pipeline serves both kinds of file.
/// `percent`: `true` means T is in percent (divided by 100 first), `false` a fraction, `"auto"`
/// reads `metadata["transmittanceScale"]` (`percent` or `fraction`) and otherwise takes percent
/// when the largest value exceeds 1.5. T is clamped to at least `transmittanceFloor` (10⁻⁵, so
/// A ≤ 5) because noise drives measured T to zero or below, where the logarithm is undefined.
public struct TransmittanceToAbsorbance: Preprocessor, Equatable {
    public static let stepName = "transmittance-to-absorbance"
    public static let summary = "A = −log10(T) for transmittance spectra (T as fraction or percent, clamped ≥ 1e-5); others unchanged"

    /// How transmittance values are scaled.
    public enum Scale: Equatable, Sendable {
        /// Decide from metadata, then from the data range.
        case auto
        /// Values are percent (0–100).
        case percent
        /// Values are fractions (0–1).
        case fraction
    }

    /// Smallest transmittance (fraction) used in the logarithm.
    public static let transmittanceFloor = 1e-5

    /// How the input values are scaled.
    public var scale: Scale

    public init(scale: Scale = .auto) { self.scale = scale }

    public init(parameters: StepParameters) throws {
        try parameters.requireOnly(["percent"], step: Self.stepName)
        switch parameters["percent"] {
        case nil, .string("auto"): scale = .auto
        case .bool(true): scale = .percent
        case .bool(false): scale = .fraction
        default:
            throw ProcessingError(reason: "step '\(Self.stepName)': parameter 'percent' must be \"auto\", true or false")
        }
    }

    public var parameters: StepParameters {
        switch scale {
        case .auto: return ["percent": .string("auto")]
        case .percent: return ["percent": .bool(true)]
        case .fraction: return ["percent": .bool(false)]
        }
    }

    public func process(_ spectrum: Spectrum) throws -> Spectrum {
        try spectrum.requireUsable(step: Self.stepName)
        guard spectrum.yUnit == .transmittance else { return spectrum }
        let isPercent: Bool
        switch scale {
        case .percent: isPercent = true
        case .fraction: isPercent = false
        case .auto:
            switch spectrum.metadata["transmittanceScale"]?.lowercased() {
            case "percent": isPercent = true
            case "fraction": isPercent = false
            default: isPercent = (spectrum.y.max() ?? 0) > 1.5
            }
        }
        let divisor = isPercent ? 100.0 : 1.0
        var out = spectrum
        out.y = spectrum.y.map { -log10(Swift.max($0 / divisor, Self.transmittanceFloor)) }
        out.yUnit = .absorbance
        out.metadata["transmittanceScale"] = nil
        return out
    }
}

/// Converts a wavelength axis to wavenumber in cm⁻¹ (`10⁴ / λ[µm]` or `10⁷ / λ[nm]`) and reorders
/// x and y together so x ascends. Spectra on any other axis pass unchanged.
public struct WavelengthToWavenumber: Preprocessor, Equatable {
    public static let stepName = "wavelength-to-wavenumber"
    public static let summary = "µm → 10⁴/λ cm⁻¹, nm → 10⁷/λ cm⁻¹, points reordered ascending; other axes unchanged"

    public init() {}

    public init(parameters: StepParameters) throws {
        try parameters.requireOnly([], step: Self.stepName)
    }

    public var parameters: StepParameters { [:] }

    public func process(_ spectrum: Spectrum) throws -> Spectrum {
        try spectrum.requireUsable(step: Self.stepName)
        let numerator: Double
        switch spectrum.xUnit {
        case .wavelengthMicrometers: numerator = 1e4
        case .wavelengthNanometers: numerator = 1e7
        default: return spectrum
        }
        if let i = spectrum.x.firstIndex(where: { $0 <= 0 }) {
            throw ProcessingError(reason: "step '\(Self.stepName)': wavelength \(spectrum.x[i]) at point \(i + 1) is not positive")
        }
        var out = spectrum
        out.x = spectrum.x.map { numerator / $0 }
        out.xUnit = .wavenumberPerCm
        return out.sortedByX()
    }
}

import SpectraCore

/// Converts an NMR frequency axis in Hz (relative to the reference) to chemical shift in ppm:
/// `δ[ppm] = ν[Hz] / ν₀[MHz]`, with ν₀ the spectrometer (observe) frequency.
///
/// `frequencyMHz`: a number, or `"auto"` (default) to read it from the file's metadata — JCAMP-DX
/// `##.OBSERVE FREQUENCY` or Bruker `SFO1`/`BF1`; a Hz spectrum without it is refused. Spectra whose
/// axis is not Hz pass unchanged. Points are reordered so ppm ascends.
public struct HertzToPPM: Preprocessor, Equatable {
    public static let stepName = "hertz-to-ppm"
    public static let summary = "NMR: δ(ppm) = ν(Hz) / observe frequency (MHz; a number or \"auto\" from metadata); other axes unchanged"

    /// Observe frequency in MHz, or nil to read it from metadata.
    public var frequencyMHz: Double?

    /// Metadata keys (spaces, dots, dashes, underscores and `$` ignored, upper-case) that hold ν₀ in MHz.
    static let frequencyKeys: Set<String> = ["OBSERVEFREQUENCY", "SFO1", "BF1"]

    public init(frequencyMHz: Double? = nil) throws {
        if let f = frequencyMHz, !(f > 0 && f < 1e5) {
            throw ProcessingError(reason: "step '\(Self.stepName)': frequencyMHz must be a positive number of MHz, got \(f)")
        }
        self.frequencyMHz = frequencyMHz
    }

    public init(parameters: StepParameters) throws {
        try parameters.requireOnly(["frequencyMHz"], step: Self.stepName)
        switch parameters["frequencyMHz"] {
        case nil, .string("auto"): try self.init(frequencyMHz: nil)
        case .number(let f): try self.init(frequencyMHz: f)
        default:
            throw ProcessingError(reason: "step '\(Self.stepName)': parameter 'frequencyMHz' must be a number or \"auto\"")
        }
    }

    public var parameters: StepParameters {
        ["frequencyMHz": frequencyMHz.map { .number($0) } ?? .string("auto")]
    }

    public func process(_ spectrum: Spectrum) throws -> Spectrum {
        try spectrum.requireUsable(step: Self.stepName)
        guard spectrum.xUnit == .hertz else { return spectrum }
        guard let mhz = try frequencyMHz ?? Self.observeFrequency(in: spectrum.metadata) else {
            throw ProcessingError(reason: "step '\(Self.stepName)': the spectrum is in Hz but names no observe frequency; give frequencyMHz")
        }
        var out = spectrum
        out.x = spectrum.x.map { $0 / mhz }
        out.xUnit = .ppm
        return out.sortedByX()
    }

    /// ν₀ in MHz from metadata, nil when absent.
    static func observeFrequency(in metadata: [String: String]) throws -> Double? {
        for (key, value) in metadata.sorted(by: { $0.key < $1.key }) {
            let normalised = String(key.uppercased().filter { !" ._-$".contains($0) })
            guard frequencyKeys.contains(normalised) else { continue }
            let text = value.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," }).first.map(String.init) ?? ""
            guard let f = Double(text), f > 0, f < 1e5 else {
                throw ProcessingError(reason: "step '\(stepName)': metadata \(key) = '\(value)' is not a frequency in MHz")
            }
            return f
        }
        return nil
    }
}

/// The physical quantity and unit along a spectrum's x axis.
public enum AxisUnit: String, Codable, Sendable, CaseIterable {
    /// Diffraction angle 2θ in degrees (XRD).
    case twoThetaDegrees
    /// Wavenumber in cm⁻¹ (FTIR).
    case wavenumberPerCm
    /// Raman shift in cm⁻¹ relative to the excitation line.
    case ramanShiftPerCm
    /// Wavelength in micrometres.
    case wavelengthMicrometers
    /// Wavelength in nanometres.
    case wavelengthNanometers
    /// Chemical shift in parts per million (NMR).
    case ppm
    /// Frequency in hertz (NMR, FID axes).
    case hertz
    /// Time in seconds (FID, chromatograms).
    case seconds
    /// Mass-to-charge ratio (mass spectra).
    case massToCharge
    /// No known unit: index or arbitrary.
    case arbitrary

    /// A short label for plots and `inspect`, e.g. `2θ (°)`.
    public var label: String {
        switch self {
        case .twoThetaDegrees: return "2θ (°)"
        case .wavenumberPerCm: return "Wavenumber (cm⁻¹)"
        case .ramanShiftPerCm: return "Raman shift (cm⁻¹)"
        case .wavelengthMicrometers: return "Wavelength (µm)"
        case .wavelengthNanometers: return "Wavelength (nm)"
        case .ppm: return "Chemical shift (ppm)"
        case .hertz: return "Frequency (Hz)"
        case .seconds: return "Time (s)"
        case .massToCharge: return "m/z"
        case .arbitrary: return "x"
        }
    }
}

/// The quantity along a spectrum's y axis.
public enum IntensityUnit: String, Codable, Sendable, CaseIterable {
    /// Detector counts (XRD, Raman).
    case counts
    /// Transmittance as a fraction (0–1) or percent; see `Spectrum.metadata["transmittanceScale"]`.
    case transmittance
    /// Absorbance, −log10(T).
    case absorbance
    /// Reflectance.
    case reflectance
    /// Kubelka–Munk units.
    case kubelkaMunk
    /// Scaled to 0–1 by a preprocessing step.
    case normalized
    /// Arbitrary units.
    case arbitrary

    /// A short label for plots and `inspect`.
    public var label: String {
        switch self {
        case .counts: return "Counts"
        case .transmittance: return "Transmittance"
        case .absorbance: return "Absorbance"
        case .reflectance: return "Reflectance"
        case .kubelkaMunk: return "Kubelka–Munk"
        case .normalized: return "Normalised intensity"
        case .arbitrary: return "Intensity (a.u.)"
        }
    }
}

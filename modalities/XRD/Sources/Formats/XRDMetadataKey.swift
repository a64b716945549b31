/// Metadata keys the XRD instrument readers fill in, the same across RAW, UXD and XRDML so that
/// later steps (and `spectra inspect`) find the wavelength wherever the pattern came from.
public enum XRDMetadataKey {
    /// Format name of the reader (`bruker-raw`, `bruker-uxd`, `xrdml`).
    public static let format = "format"
    /// The file the spectrum was read from.
    public static let source = "source"
    /// Kα1 wavelength in ångström.
    public static let wavelengthKAlpha1 = "wavelengthKAlpha1Angstrom"
    /// Kα2 wavelength in ångström.
    public static let wavelengthKAlpha2 = "wavelengthKAlpha2Angstrom"
    /// Kβ wavelength in ångström.
    public static let wavelengthKBeta = "wavelengthKBetaAngstrom"
    /// Intensity ratio Kα2/Kα1.
    public static let kAlpha2Ratio = "kAlpha2Ratio"
    /// Wavelength the instrument used for the range, in ångström.
    public static let wavelengthUsed = "wavelengthAngstrom"
    /// Anode element of the tube (`Cu`, `Co`, ...).
    public static let anode = "anode"
    /// Counting time per step in seconds.
    public static let stepTimeSeconds = "stepTimeSeconds"
    /// Sample name or id.
    public static let sample = "sample"
    /// 0-based index of the range (scan) within the file.
    public static let rangeIndex = "rangeIndex"
    /// Scan type or axis as the file names it.
    public static let scanType = "scanType"
    /// Measurement date and time as the file writes it.
    public static let measured = "measured"
}

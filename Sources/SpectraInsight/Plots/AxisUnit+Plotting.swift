import SpectraCore

extension AxisUnit {
    /// Whether plots put the largest value on the left: infrared spectra are read from high to low
    /// wavenumber and NMR from high to low ppm, by convention.
    public var plotsDescending: Bool { self == .wavenumberPerCm || self == .ppm }
}

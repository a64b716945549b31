/// Writes spectra as CSV with a header line, each number at full (shortest round-trip) precision.
public enum SpectrumCSV {
    /// `x,y` (or custom column names) then one line per point.
    public static func encode(_ spectrum: Spectrum, xName: String = "x", yName: String = "y") -> String {
        var text = "\(xName),\(yName)\n"
        text.reserveCapacity(spectrum.count * 24)
        for i in 0..<spectrum.count {
            text += "\(spectrum.x[i]),\(spectrum.y[i])\n"
        }
        return text
    }
}

/// Writes spectra as CSV with a header line, each number at full (shortest round-trip) precision.
public enum SpectrumCSV {
    /// `x,y` (or custom column names) then one line per point.
    public static func encode(_ spectrum: Spectrum, xName: String = "x", yName: String = "y") -> String {
        String(decoding: encodedBytes(spectrum, xName: xName, yName: yName), as: UTF8.self)
    }

    /// The same text as UTF-8 bytes, built without intermediate strings per line (the hot path of
    /// `spectra convert`).
    public static func encodedBytes(_ spectrum: Spectrum, xName: String = "x", yName: String = "y") -> [UInt8] {
        var bytes = Array("\(xName),\(yName)\n".utf8)
        bytes.reserveCapacity(bytes.count + spectrum.count * 28)
        for i in 0..<spectrum.count {
            append(spectrum.x[i], to: &bytes)
            bytes.append(44) // ','
            append(spectrum.y[i], to: &bytes)
            bytes.append(10) // '\n'
        }
        return bytes
    }

    /// Appends Swift's shortest round-trip text of `value` (`description`, e.g. `4400.0`, `1e-05`).
    @inline(__always)
    private static func append(_ value: Double, to bytes: inout [UInt8]) {
        var text = value.description  // at most 24 UTF-8 bytes; short ones stay inline (no allocation)
        text.withUTF8 { bytes.append(contentsOf: $0) }
    }
}

/// Maps the unit words files use (JCAMP `##XUNITS=`, column headers) to `AxisUnit` / `IntensityUnit`.
/// Unknown words give `.arbitrary`; readers keep the original text in metadata.
public enum UnitVocabulary {
    /// Upper-cased, with spaces, dashes, underscores, dots and brackets removed: `cm-1` → `CM1`, `2-Theta (deg)` → `2THETADEG`.
    static func squeezed(_ text: String) -> Word {
        let dropped = " -_.()[]{}'\"\t^"
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            let bytes = text.utf8.compactMap { c -> UInt8? in
                dropped.utf8.contains(c) ? nil : (c >= 97 && c <= 122 ? c - 32 : c)
            }
            return Word(String(decoding: bytes, as: UTF8.self))
        }
        return Word(String(text.uppercased().unicodeScalars.filter { !dropped.unicodeScalars.contains($0) }.map(Character.init)))
    }

    /// A unit word and the tests the vocabulary makes on it: on the bytes when the word is ASCII (as unit
    /// words are), which gives the same answers as String's, cheaply; String's own otherwise.
    struct Word: Equatable {
        let text: String
        private let isASCII: Bool

        init(_ text: String) {
            self.text = text
            isASCII = text.utf8.allSatisfy { $0 < 0x80 }
        }

        var isEmpty: Bool { text.isEmpty }

        func contains(_ part: String) -> Bool {
            guard isASCII else { return text.contains(part) }
            let haystack = Array(text.utf8), needle = Array(part.utf8)
            guard needle.count <= haystack.count else { return false }
            return (0...(haystack.count - needle.count)).contains { start in
                haystack[start..<(start + needle.count)].elementsEqual(needle)
            }
        }

        func hasPrefix(_ part: String) -> Bool { isASCII ? text.utf8.starts(with: part.utf8) : text.hasPrefix(part) }

        func hasSuffix(_ part: String) -> Bool {
            isASCII ? text.utf8.reversed().starts(with: part.utf8.reversed()) : text.hasSuffix(part)
        }

        static func == (word: Word, text: String) -> Bool { word.text == text }
    }

    /// The axis unit a JCAMP `##XUNITS=` value (or a column header) names; `dataType` (e.g. `RAMAN SPECTRUM`)
    /// tells a Raman shift from an IR wavenumber, both written `1/CM`.
    public static func axisUnit(_ text: String, dataType: String = "") -> AxisUnit {
        let s = squeezed(text)
        let raman = Word(dataType.uppercased()).contains("RAMAN") || s.contains("RAMAN")
        if s.isEmpty { return .arbitrary }
        if s.contains("1/CM") || s.contains("CM1") || s.contains("WAVENUMBER") || s == "1CM" {
            return raman ? .ramanShiftPerCm : .wavenumberPerCm
        }
        if raman && s.contains("SHIFT") { return .ramanShiftPerCm }
        if s.contains("2THETA") || s.contains("2Θ") || s.contains("TWOTHETA") || s.contains("2TH") || s == "DEGREES"
            || s == "DEG" || s == "ANGLE" || s.hasPrefix("ANGLE") { return .twoThetaDegrees }
        if s.contains("MICROMETER") || s.contains("MICRON") || s == "UM" || s == "ΜM" || s.hasSuffix("UM") && s.hasPrefix("WAVELENGTH") {
            return .wavelengthMicrometers
        }
        if s.contains("NANOMETER") || s == "NM" || s.hasPrefix("WAVELENGTH") && s.hasSuffix("NM") { return .wavelengthNanometers }
        if s == "PPM" || s.contains("CHEMICALSHIFT") || s.hasSuffix("PPM") { return .ppm }
        if s == "HZ" || s == "HERTZ" || s.hasSuffix("HZ") && !s.contains("MHZ") { return .hertz }
        if s == "SECONDS" || s == "SEC" || s == "S" || s == "TIME" || s.hasPrefix("TIMES") { return .seconds }
        if s == "M/Z" || s == "MZ" || s.contains("MASS") { return .massToCharge }
        return .arbitrary
    }

    /// The intensity unit a JCAMP `##YUNITS=` value (or a column header) names.
    public static func intensityUnit(_ text: String) -> IntensityUnit {
        let s = squeezed(text)
        if s.isEmpty { return .arbitrary }
        if s.contains("TRANSMITTANCE") || s.contains("TRANSMISSION") || s == "%T" || s == "T" { return .transmittance }
        if s.contains("ABSORBANCE") || s == "A" || s == "ABS" || s.contains("ABSORPTION") { return .absorbance }
        if s.contains("REFLECTANCE") || s == "%R" || s == "R" { return .reflectance }
        if s.contains("KUBELKA") || s == "KM" { return .kubelkaMunk }
        if s.contains("COUNT") || s == "CPS" { return .counts }
        return .arbitrary
    }
}

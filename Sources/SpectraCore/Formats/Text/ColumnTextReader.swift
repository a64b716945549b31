/// Reads spectra stored as columns of numbers in text: `.xy`, `.xye`, `.csv`, `.txt`, `.dat`.
///
/// - Separators: `;` if the line has one, else tab if it has one, else `,` if it has one, else blanks.
/// - Comment lines start with `#`, `;`, `!`, `%` or `//` and are skipped.
/// - Non-numeric lines before the first data line are headers; the last header (or, without one, the last
///   comment) with as many fields as the data names the columns, and its words set the units
///   (`2theta` → `twoThetaDegrees`, `wavenumber`/`cm-1` → `wavenumberPerCm`, `absorbance`, `counts`, ...;
///   see `UnitVocabulary`). Without names the units are `arbitrary`.
/// - x is column 1 and y column 2; further columns are ignored (in `.xye` column 3 is the uncertainty of y;
///   in multi-column exports, e.g. a measured and a calculated pattern, the first intensity column is read).
/// - Refused with the line number: decimal commas (`1,234;5,6`, `10,5 200`), NaN or infinite values,
///   rows with a different number of columns than the first data row, non-numeric lines after the data
///   has started, binary bytes; an empty file or one without data is refused too.
public struct ColumnTextReader: SpectrumReader {
    public init() {}

    public var formatName: String { "xy" }
    public var fileExtensions: [String] { ["xy", "xye", "csv", "txt", "dat", "asc", "tsv"] }

    public func sniff(head: [UInt8], fileExtension: String) -> Int {
        if fileExtensions.contains(fileExtension) { return 50 }
        // Other text whose first lines hold two numbers; labelled (`##`) files and binary are not column text.
        guard head.count < 2 || !(head[0] == 35 && head[1] == 35), !head.contains(0) else { return 0 }
        let text = String(decoding: head.prefix(1024), as: UTF8.self)
        for line in text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }).prefix(50) {
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," || $0 == ";" })
            if fields.count >= 2, fields.prefix(2).allSatisfy({ Double($0) != nil }) { return 20 }
        }
        return 0
    }

    public func read(_ bytes: [UInt8], file: String) throws -> SpectrumDocument {
        try bytes.withUnsafeBufferPointer { try read($0, file: file) }
    }

    private func read(_ p: UnsafeBufferPointer<UInt8>, file: String) throws -> SpectrumDocument {
        if p.allSatisfy({ $0 == 32 || $0 == 9 || $0 == 10 || $0 == 13 }) {
            throw SpectrumReadError(file: file, reason: "empty file")
        }
        var x: [Double] = []
        var y: [Double] = []
        var columns = 0
        var header: [String]?
        var lastComment: String?
        var headerLines: [String] = []
        var fields: [Range<Int>] = []
        for line in TextLines(p) {
            var s = line.start
            var e = line.end
            while s < e, p[s] == 32 || p[s] == 9 { s += 1 }
            if s + 2 < e, p[s] == 0xEF, p[s + 1] == 0xBB, p[s + 2] == 0xBF { s += 3 } // UTF-8 byte order mark
            while e > s, p[e - 1] == 32 || p[e - 1] == 9 { e -= 1 }
            if s == e { continue }
            for i in s..<e where p[i] < 32 && p[i] != 9 || p[i] == 127 {
                throw SpectrumReadError(file: file, line: line.number,
                                        reason: "not a text file: binary byte 0x\(String(p[i], radix: 16, uppercase: true))")
            }
            let c = p[s]
            if c == 35 || c == 59 || c == 33 || c == 37 || (c == 47 && s + 1 < e && p[s + 1] == 47) { // # ; ! % //
                if x.isEmpty { lastComment = text(p, s..<e) }
                continue
            }
            let decimalComma = split(p, s, e, into: &fields)
            var numbers = true
            for f in fields {
                if f.isEmpty { numbers = false; break }
                if DecimalScanner.parseField(p, from: f.lowerBound, end: f.upperBound) == nil { numbers = false; break }
            }
            if let bad = fields.first(where: { isNonFinite(p, $0) }) {
                throw SpectrumReadError(file: file, line: line.number,
                                        reason: "'\(text(p, bad))' is not a finite number; NaN and infinite values are not allowed")
            }
            if decimalComma && isNumericText(p, s, e) {
                throw SpectrumReadError(file: file, line: line.number,
                                        reason: "decimal commas are not supported ('\(text(p, s..<e))'); write decimals with a point, e.g. 10.5")
            }
            if !numbers {
                if x.isEmpty {
                    headerLines.append(text(p, s..<e))
                    header = fields.map { text(p, $0).trimmingBlanks }.map(String.init)
                    continue
                }
                let bad = fields.first { f in f.isEmpty || DecimalScanner.parseField(p, from: f.lowerBound, end: f.upperBound) == nil }
                let shown = bad.map { $0.isEmpty ? "an empty field" : "'\(text(p, $0))'" } ?? "'\(text(p, s..<e))'"
                throw SpectrumReadError(file: file, line: line.number, reason: "\(shown) is not a number")
            }
            if columns == 0 {
                columns = fields.count
                guard columns >= 2 else {
                    throw SpectrumReadError(file: file, line: line.number, reason: "one column only; x and y columns are needed")
                }
            } else if fields.count != columns {
                throw SpectrumReadError(file: file, line: line.number,
                                        reason: "ragged row: \(fields.count) column(s) where the data has \(columns)")
            }
            guard let xv = DecimalScanner.parseField(p, from: fields[0].lowerBound, end: fields[0].upperBound),
                  let yv = DecimalScanner.parseField(p, from: fields[1].lowerBound, end: fields[1].upperBound) else { continue }
            guard xv.isFinite, yv.isFinite else {
                throw SpectrumReadError(file: file, line: line.number, reason: "a value overflows to infinity")
            }
            x.append(xv)
            y.append(yv)
        }
        guard !x.isEmpty else {
            throw SpectrumReadError(file: file, line: nil, reason: "no numeric data: expected columns of numbers (x y)")
        }
        var names = header?.count == columns ? header : nil
        if names == nil, let comment = lastComment {
            let words = comment.drop { "#;!%/ \t".contains($0) }
                .split(whereSeparator: { " \t,;".contains($0) }).map(String.init)
            if words.count == columns, words.allSatisfy({ Double($0) == nil }) { names = words }
        }
        var metadata = ["format": formatName, "columns": String(columns)]
        if !headerLines.isEmpty { metadata["header"] = headerLines.joined(separator: "\n") }
        var xUnit = AxisUnit.arbitrary
        var yUnit = IntensityUnit.arbitrary
        if let names {
            metadata["xColumn"] = names[0]
            metadata["yColumn"] = names[1]
            xUnit = UnitVocabulary.axisUnit(names[0])
            yUnit = UnitVocabulary.intensityUnit(names[1])
        }
        if columns >= 3 { metadata["ignoredColumns"] = "3–\(columns)" }
        return SpectrumDocument(format: formatName, blocks: [Spectrum(x: x, y: y, xUnit: xUnit, yUnit: yUnit, metadata: metadata)])
    }

    /// Splits `p[s..<e]` into trimmed fields (trailing empty ones dropped); returns true when the line
    /// shows a decimal comma: `digit,digit` inside a `;`- or tab-separated field, or comma-separated
    /// fields that contain blanks between numbers (`10,5 200`).
    private func split(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int, into fields: inout [Range<Int>]) -> Bool {
        fields.removeAll(keepingCapacity: true)
        var hasSemicolon = false, hasTab = false, hasComma = false
        for i in s..<e {
            switch p[i] { case 59: hasSemicolon = true; case 9: hasTab = true; case 44: hasComma = true; default: break }
        }
        let separator: UInt8? = hasSemicolon ? 59 : hasTab ? 9 : hasComma ? 44 : nil
        var decimalComma = false
        if let separator {
            var start = s
            for i in s...e where i == e || p[i] == separator {
                var a = start, b = i
                while a < b, p[a] == 32 || p[a] == 9 { a += 1 }
                while b > a, p[b - 1] == 32 || p[b - 1] == 9 { b -= 1 }
                fields.append(a..<b)
                start = i + 1
                if a < b {
                    for k in a..<b {
                        if separator != 44, p[k] == 44, k > a, k + 1 < b, isDigit(p[k - 1]), isDigit(p[k + 1]) { decimalComma = true }
                        if separator == 44, p[k] == 32 || p[k] == 9, k > a, k + 1 < b, isDigit(p[k - 1]) || isDigit(p[k + 1]) { decimalComma = true }
                    }
                }
            }
            while let last = fields.last, last.isEmpty, fields.count > 1 { fields.removeLast() }
        } else {
            var i = s
            while i < e {
                while i < e, p[i] == 32 { i += 1 }
                let a = i
                while i < e, p[i] != 32 { i += 1 }
                if a < i { fields.append(a..<i) }
            }
        }
        return decimalComma
    }

    private func isDigit(_ c: UInt8) -> Bool { c &- 48 < 10 }

    /// True when the line holds only digits, signs, points, exponents and separators (so a comma in it is
    /// a decimal comma, not prose in a header).
    private func isNumericText(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Bool {
        (s..<e).allSatisfy { i in
            let c = p[i]
            return isDigit(c) || c == 43 || c == 45 || c == 46 || c == 44 || c == 59 || c == 32 || c == 9 || c == 69 || c == 101
        }
    }

    /// True for `nan`, `inf`, `infinity` with an optional sign, any case.
    private func isNonFinite(_ p: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> Bool {
        guard r.count >= 3, r.count <= 9 else { return false }
        let t = text(p, r).lowercased().trimmingCharacters(in: ["+", "-"])
        return t == "nan" || t == "inf" || t == "infinity"
    }

    private func text(_ p: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: p[r]), as: UTF8.self)
    }
}

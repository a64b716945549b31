import SpectraCore

/// Comma-separated records as RFC 4180 writes them — a field may be quoted, `""` inside quotes is
/// one quote, a quoted field may span lines, lines end in LF or CRLF — scanned over bytes, so a
/// 7-million-row table costs no string per field that is not asked for. A UTF-8 byte-order mark is
/// skipped; blank lines are skipped.
public struct CSVScanner {
    /// The name used in errors.
    public let file: String
    private let bytes: [UInt8]

    public init(bytes: [UInt8], file: String) {
        self.bytes = bytes
        self.file = file
    }

    /// Calls `body` with each record in order. A quote left open at the end of the input, or text
    /// between a closing quote and the next comma, is a `DatasetError` naming the line.
    public func forEachRecord(_ body: (CSVRecord) throws -> Void) throws {
        try bytes.withUnsafeBufferPointer { p in
            let n = p.count
            var i = (n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) ? 3 : 0
            var line = 1
            var record = CSVRecord(file: file, line: 0, base: p, ranges: [], quoted: [])
            while i < n {
                if p[i] == 10 { i += 1; line += 1; continue }                          // blank line
                if p[i] == 13, i + 1 < n, p[i + 1] == 10 { i += 2; line += 1; continue }
                record.line = line
                record.ranges.removeAll(keepingCapacity: true)
                record.quoted.removeAll(keepingCapacity: true)
                while true {
                    if i < n, p[i] == 34 { // '"'
                        let start = i + 1
                        i = start
                        while true {
                            guard i < n else {
                                throw DatasetError(file: file, line: record.line, reason: "a quoted field is never closed")
                            }
                            if p[i] == 34 {
                                if i + 1 < n, p[i + 1] == 34 { i += 2; continue }
                                break
                            }
                            if p[i] == 10 { line += 1 }
                            i += 1
                        }
                        record.ranges.append(start..<i)
                        record.quoted.append(true)
                        i += 1
                        if i < n, p[i] != 44, p[i] != 10, !(p[i] == 13 && (i + 1 == n || p[i + 1] == 10)) {
                            throw DatasetError(file: file, line: line, reason: "text after the closing quote of field \(record.ranges.count)")
                        }
                    } else {
                        let start = i
                        while i < n, p[i] != 44, p[i] != 10 { i += 1 }
                        let end = (i > start && p[i - 1] == 13) ? i - 1 : i
                        record.ranges.append(start..<end)
                        record.quoted.append(false)
                    }
                    if i < n, p[i] == 44 { i += 1; continue }
                    if i < n, p[i] == 13 { i += 1 }
                    if i < n, p[i] == 10 { i += 1; line += 1 }
                    break
                }
                try body(record)
            }
        }
    }
}

/// One record of a `CSVScanner`, valid only inside the callback that receives it.
public struct CSVRecord {
    /// The name used in errors.
    public let file: String
    /// 1-based line the record starts on.
    public internal(set) var line: Int
    fileprivate let base: UnsafeBufferPointer<UInt8>
    /// Byte ranges of the fields' contents (quotes excluded).
    fileprivate var ranges: [Range<Int>]
    fileprivate var quoted: [Bool]

    fileprivate init(file: String, line: Int, base: UnsafeBufferPointer<UInt8>, ranges: [Range<Int>], quoted: [Bool]) {
        self.file = file
        self.line = line
        self.base = base
        self.ranges = ranges
        self.quoted = quoted
    }

    /// Number of fields.
    public var count: Int { ranges.count }

    /// Field `i` as text: quotes removed and `""` unescaped; an unquoted field is trimmed of spaces and tabs.
    public func string(_ i: Int) -> String {
        let r = trimmed(i)
        let text = String(decoding: UnsafeBufferPointer(rebasing: base[r]), as: UTF8.self)
        return quoted[i] && text.contains("\"\"") ? text.replacingOccurrences(of: "\"\"", with: "\"") : text
    }

    /// Field `i` as a number: `.value` for a decimal number, `.missing` for an empty field or
    /// `NA`/`NaN`/`null` (any case), `.notANumber` for anything else.
    public func number(_ i: Int) -> CSVNumber {
        let r = trimmed(i)
        if r.isEmpty { return .missing }
        if let v = DecimalScanner.parseField(base, from: r.lowerBound, end: r.upperBound) { return .value(v) }
        if r.count <= 4 {
            let word = String(decoding: UnsafeBufferPointer(rebasing: base[r]), as: UTF8.self).lowercased()
            if word == "na" || word == "nan" || word == "null" { return .missing }
        }
        return .notANumber
    }

    /// A `DatasetError` at this record's line.
    public func error(_ reason: String) -> DatasetError {
        DatasetError(file: file, line: line, reason: reason)
    }

    private func trimmed(_ i: Int) -> Range<Int> {
        var r = ranges[i]
        if quoted[i] { return r }
        while let f = r.first, base[f] == 32 || base[f] == 9 { r = (f + 1)..<r.upperBound }
        while !r.isEmpty, base[r.upperBound - 1] == 32 || base[r.upperBound - 1] == 9 { r = r.lowerBound..<(r.upperBound - 1) }
        return r
    }
}

/// What a CSV field holds when a number is expected.
public enum CSVNumber: Equatable {
    case value(Double)
    /// Empty, `NA`, `NaN` or `null`.
    case missing
    case notANumber
}

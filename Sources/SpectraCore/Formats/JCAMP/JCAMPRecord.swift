#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One labelled-data record (LDR) of a JCAMP-DX file: `##LABEL= value`, with its data lines when the
/// label introduces a table (`XYDATA`, `XYPOINTS`, `PEAK TABLE`, ...).
struct JCAMPRecord {
    /// The label as written, trimmed and upper-cased (`DATA TYPE`).
    var label: String
    /// The normalised label: spaces, dashes, slashes and underscores removed, upper-cased (`DATATYPE`).
    var key: String
    /// The value with `$$` comments removed and continuation lines joined by newlines.
    var value: String
    /// 1-based line of the `##` line.
    var line: Int
    /// Lines following the record up to the next `##` line (data tables only; empty otherwise).
    var data = DataLines()

    /// The data lines of a table: bytes `range` of the file, `count` lines numbered from `firstNumber`.
    struct DataLines {
        var range = 0..<0
        var firstNumber = 0
        var count = 0

        /// Number of the last data line, or nil when there is none.
        var lastNumber: Int? { count > 0 ? firstNumber + count - 1 : nil }

        /// The lines, for iteration.
        func lines(in p: UnsafeBufferPointer<UInt8>) -> TextLines {
            TextLines(p, range: range, firstNumber: firstNumber)
        }
    }

    /// Labels whose following lines are data rather than a continued value.
    static let tableKeys: Set<String> = ["XYDATA", "XYPOINTS", "PEAKTABLE", "PEAKASSIGNMENTS", "DATATABLE",
                                         "RADATA", "XYRASTER"]

    /// Normalises a label per JCAMP-DX 5: drop spaces, dashes, slashes and underscores; upper-case.
    static func normalise(_ label: String) -> String {
        var label = label
        return label.withUTF8 { text in
            String(unsafeUninitializedCapacity: text.count) { key in
                var n = 0
                for c in text where c != 32 && c != 45 && c != 47 && c != 95 && c != 9 {
                    key[n] = c >= 97 && c <= 122 ? c - 32 : c
                    n += 1
                }
                return n
            }
        }
    }

    /// Splits `bytes` into records; lines before the first `##` and blank lines between records are ignored.
    /// A table's data lines are skipped to the next `##` line without being split (the decoders read them).
    static func records(in p: UnsafeBufferPointer<UInt8>) -> [JCAMPRecord] {
        var records: [JCAMPRecord] = []
        var current: Int?   // index into `records` of the record being continued (mutated in place)
        var lines = TextLines(p)
        while let line = lines.next() {
            var s = line.start
            while s < line.end, p[s] == 32 || p[s] == 9 { s += 1 }
            if s + 1 < line.end, p[s] == 35, p[s + 1] == 35 { // "##"
                current = nil
                let text = s + 2..<line.end
                let equals = firstIndex(of: 61, in: p, text) ?? line.end
                let label = trimmedText(p, text.lowerBound..<equals)
                if label.isEmpty { continue } // "##= text" is a comment record
                let value = equals < line.end ? trimmedText(p, withoutComment(p, equals + 1..<line.end)) : ""
                let key = normalise(label)
                var record = JCAMPRecord(label: label.uppercased(), key: key, value: value, line: line.number)
                if tableKeys.contains(key) {
                    record.data = lines.skipToNextLabelledLine()
                    records.append(record)
                } else {
                    records.append(record)
                    current = records.count - 1
                }
            } else if let r = current {
                let t = trimmedText(p, withoutComment(p, s..<line.end))
                if !t.isEmpty { records[r].value += records[r].value.isEmpty ? t : "\n" + t }
            }
        }
        return records
    }

    /// Index of the first `byte` in `p[range]`.
    private static func firstIndex(of byte: UInt8, in p: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int? {
        guard let base = p.baseAddress, !range.isEmpty, let found = memchr(base + range.lowerBound, Int32(byte), range.count) else {
            return nil
        }
        return UnsafeRawPointer(found) - UnsafeRawPointer(base)
    }

    /// `range` up to a `$$` comment.
    private static func withoutComment(_ p: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Range<Int> {
        var from = range.lowerBound
        while let dollar = firstIndex(of: 36, in: p, from..<range.upperBound) {
            if dollar + 1 < range.upperBound, p[dollar + 1] == 36 { return range.lowerBound..<dollar }
            from = dollar + 1
        }
        return range
    }

    /// The text of `p[range]` without leading and trailing blanks (`trimmingBlanks`: Unicode white space).
    /// ASCII blanks are cut as bytes; a non-ASCII byte at either end leaves the rest to `trimmingBlanks`.
    private static func trimmedText(_ p: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
        var a = range.lowerBound
        var b = range.upperBound
        func isBlank(_ c: UInt8) -> Bool { c == 32 || (c >= 9 && c <= 13) }
        while a < b, isBlank(p[a]) { a += 1 }
        while b > a, isBlank(p[b - 1]) { b -= 1 }
        let text = String(decoding: UnsafeBufferPointer(rebasing: p[a..<b]), as: UTF8.self)
        if a < b, p[a] >= 0x80 || p[b - 1] >= 0x80 { return String(text.trimmingBlanks) }
        return text
    }
}

extension TextLines {
    /// Skips the lines up to the next one whose first non-blank characters are `##` (or to the end of the text)
    /// and returns them: the data lines of a JCAMP-DX table, found with `memchr` for `#` rather than line by line.
    mutating func skipToNextLabelledLine() -> JCAMPRecord.DataLines {
        let start = position
        var end = limit
        if let base = bytes.baseAddress {
            var i = start
            while i < limit, let found = memchr(base + i, 35, limit - i) {
                let hash = UnsafeRawPointer(found) - UnsafeRawPointer(base)
                if hash + 1 < limit, base[hash + 1] == 35 {
                    var lineStart = hash
                    while lineStart > start, base[lineStart - 1] == 32 || base[lineStart - 1] == 9 { lineStart -= 1 }
                    if lineStart == start || base[lineStart - 1] == 10 || base[lineStart - 1] == 13 {
                        end = lineStart
                        break
                    }
                }
                i = hash + 1
            }
        }
        let count = bytes.baseAddress.map { TextLines.lineCount($0, from: start, to: end) } ?? 0
        let data = JCAMPRecord.DataLines(range: start..<end, firstNumber: number + 1, count: count)
        position = end
        number += count
        return data
    }
}

extension StringProtocol {
    /// The text without leading and trailing blanks (spaces, tabs, line breaks).
    var trimmingBlanks: Substring {
        let scalars = Substring(self)
        guard let first = scalars.firstIndex(where: { !$0.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.isWhitespace }) else { return "" }
        return scalars[first...last]
    }
}

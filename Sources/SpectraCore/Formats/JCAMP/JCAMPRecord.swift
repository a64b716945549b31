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
    var dataLines: [TextLines.Line]

    /// Labels whose following lines are data rather than a continued value.
    static let tableKeys: Set<String> = ["XYDATA", "XYPOINTS", "PEAKTABLE", "PEAKASSIGNMENTS", "DATATABLE",
                                         "RADATA", "XYRASTER"]

    /// Normalises a label per JCAMP-DX 5: drop spaces, dashes, slashes and underscores; upper-case.
    static func normalise(_ label: Substring) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(label.utf8.count)
        for c in label.utf8 where c != 32 && c != 45 && c != 47 && c != 95 && c != 9 {
            bytes.append(c >= 97 && c <= 122 ? c - 32 : c)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Splits `bytes` into records; lines before the first `##` and blank lines between records are ignored.
    static func records(in p: UnsafeBufferPointer<UInt8>) -> [JCAMPRecord] {
        var records: [JCAMPRecord] = []
        var current: Int?   // index into `records` of the record being continued (mutated in place)
        var currentIsTable = false
        for line in TextLines(p) {
            var s = line.start
            while s < line.end, p[s] == 32 || p[s] == 9 { s += 1 }
            if s + 1 < line.end, p[s] == 35, p[s + 1] == 35 { // "##"
                current = nil
                let text = String(decoding: UnsafeBufferPointer(rebasing: p[(s + 2)..<line.end]), as: UTF8.self)
                let label: Substring
                var value: Substring
                if let eq = text.firstIndex(of: "=") {
                    label = text[..<eq]
                    value = text[text.index(after: eq)...]
                } else {
                    label = text[...]
                    value = ""
                }
                if let comment = value.range(of: "$$") { value = value[..<comment.lowerBound] }
                let trimmedLabel = label.trimmingBlanks
                if trimmedLabel.isEmpty { continue } // "##= text" is a comment record
                let key = normalise(trimmedLabel)
                records.append(JCAMPRecord(label: trimmedLabel.uppercased(), key: key,
                                           value: String(value.trimmingBlanks), line: line.number, dataLines: []))
                current = records.count - 1
                currentIsTable = JCAMPRecord.tableKeys.contains(key)
            } else if let r = current {
                if currentIsTable {
                    records[r].dataLines.append(line)
                } else {
                    var text = String(decoding: UnsafeBufferPointer(rebasing: p[s..<line.end]), as: UTF8.self)
                    if let comment = text.range(of: "$$") { text = String(text[..<comment.lowerBound]) }
                    let t = text.trimmingBlanks
                    if !t.isEmpty { records[r].value += records[r].value.isEmpty ? String(t) : "\n" + t }
                }
            }
        }
        return records
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

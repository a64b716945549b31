import Foundation
import SpectraCore

/// A Bruker parameter file (`acqus`, `procs`): JCAMP-DX style `##$NAME= value` lines, where an
/// array value `(0..n)` continues on the following lines. Only scalar values are kept; arrays
/// are skipped. `$$` lines are comments.
struct BrukerParameterFile {
    /// Scalar values by name (without `##$`), as written (`<...>` strings unwrapped).
    let values: [String: String]
    /// 1-based line of each name, for errors.
    let lines: [String: Int]
    /// File name for errors.
    let file: String

    init(bytes: [UInt8], file: String) throws {
        self.file = file
        guard !bytes.isEmpty else { throw SpectrumReadError(file: file, reason: "empty parameter file") }
        if let nul = bytes.firstIndex(of: 0) {
            throw SpectrumReadError(file: file, reason: "binary data (NUL byte at offset \(nul)); a Bruker parameter file is text")
        }
        let text = String(bytes: bytes, encoding: .utf8) ?? String(bytes: bytes, encoding: .isoLatin1) ?? ""
        var values: [String: String] = [:]
        var lines: [String: Int] = [:]
        var sawHeader = false
        for (index, line) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            guard line.hasPrefix("##") else { continue }
            sawHeader = true
            guard line.hasPrefix("##$"), let equals = line.firstIndex(of: "=") else { continue }
            let name = String(line[line.index(line.startIndex, offsetBy: 3)..<equals])
            var value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if value.hasPrefix("(") { continue }  // an array; its values follow on the next lines
            if value.hasPrefix("<"), value.hasSuffix(">") { value = String(value.dropFirst().dropLast()) }
            values[name] = value
            lines[name] = index + 1
        }
        guard sawHeader else {
            throw SpectrumReadError(file: file, line: 1, reason: "not a Bruker parameter file: no ##NAME= lines")
        }
        self.values = values
        self.lines = lines
    }

    /// A required finite number.
    func number(_ name: String) throws -> Double {
        guard let text = values[name] else {
            throw SpectrumReadError(file: file, reason: "parameter $\(name) is missing")
        }
        guard let value = Double(text), value.isFinite else {
            throw SpectrumReadError(file: file, line: lines[name], reason: "parameter $\(name) is '\(text)', not a number")
        }
        return value
    }

    /// A required whole number within `range`.
    func integer(_ name: String, in range: ClosedRange<Int>) throws -> Int {
        let value = try number(name)
        guard value == value.rounded(), value >= Double(range.lowerBound), value <= Double(range.upperBound) else {
            throw SpectrumReadError(file: file, line: lines[name],
                                    reason: "parameter $\(name) is \(values[name] ?? ""), expected a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return Int(value)
    }
}

import Foundation
import SpectraCore

/// Reads Bruker/Siemens DIFFRAC `.uxd` text patterns: a file header of `_KEY=VALUE` lines, then
/// one section per range (`_DRIVE=...`, `_START`/`_2THETA`, `_STEPSIZE`, `_STEPTIME`, ...) whose
/// data follow `_COUNTS`/`_CPS` (intensities only, 2θ from start and step) or
/// `_2THETACOUNTS`/`_2THETACPS` (2θ and intensity per line). `;` starts a comment; peak lists
/// (`_D-I`, `_2THETA-I`) are skipped. One `Spectrum` per range.
public struct BrukerUXDReader: SpectrumReader {
    public var formatName: String { "bruker-uxd" }
    public var fileExtensions: [String] { ["uxd"] }

    public init() {}

    public func sniff(head: [UInt8], fileExtension: String) -> Int {
        guard !head.contains(0) else { return 0 }
        let text = String(decoding: head, as: UTF8.self)
        if text.contains("_FILEVERSION") { return 100 }
        if text.contains("_2THETA") || text.contains("_STEPSIZE") || text.hasPrefix(";RAW") { return 90 }
        return fileExtension == "uxd" ? 10 : 0
    }

    /// How a range lists its data.
    private enum DataLayout {
        /// Intensities only; 2θ = start + i·step.
        case intensities
        /// 2θ and intensity on each line (extra columns ignored).
        case angleAndIntensity
        /// A peak list, not a profile: skipped.
        case peakList
    }

    /// A range being collected.
    private struct Range {
        var metadata: [String: String]
        var firstLine: Int
        var layout: DataLayout?
        var layoutLine = 0
        var perSecond = false
        var x: [Double] = []
        var y: [Double] = []
    }

    public func read(_ bytes: [UInt8], file: String) throws -> SpectrumDocument {
        guard !bytes.isEmpty else { throw SpectrumReadError(file: file, reason: "empty file; expected a UXD header") }
        if let nul = bytes.firstIndex(of: 0) {
            throw SpectrumReadError(file: file, reason: "binary data (NUL byte at offset \(nul)); a UXD file is text")
        }
        var header: [String: String] = [XRDMetadataKey.format: formatName, XRDMetadataKey.source: file]
        var current: Range?
        var ranges: [Range] = []
        var sawKey = false

        func finish() throws {
            guard let range = current else { return }
            current = nil
            if range.layout == nil || range.layout == .peakList { return }
            ranges.append(range)
        }

        for (lineIndex, rawLine) in Self.lines(bytes).enumerated() {
            let lineNumber = lineIndex + 1
            var line = rawLine
            if let semicolon = line.firstIndex(of: ";") { line = line[..<semicolon] }
            line = line.drop { $0 == " " || $0 == "\t" }
            while let last = line.last, last == " " || last == "\t" { line = line.dropLast() }
            if line.isEmpty { continue }

            if line.first == "_" {
                sawKey = true
                let keyword = line.dropFirst()
                let key: Substring, value: String?
                if let equals = keyword.firstIndex(of: "=") {
                    key = keyword[..<equals]
                    value = Self.unquote(keyword[keyword.index(after: equals)...])
                } else {
                    key = keyword
                    value = nil
                }
                let upper = key.uppercased().trimmingCharacters(in: .whitespaces)
                if upper == "DRIVE" {
                    try finish()
                    current = Range(metadata: header, firstLine: lineNumber)
                    current?.metadata[XRDMetadataKey.scanType] = value ?? ""
                } else if value == nil, let layout = Self.layout(forKeyword: upper) {
                    if current == nil { current = Range(metadata: header, firstLine: lineNumber) }
                    if current?.layout != nil {
                        // A second data keyword in one range starts a new range with the same settings.
                        let settings = current?.metadata ?? header
                        try finish()
                        current = Range(metadata: settings, firstLine: lineNumber)
                    }
                    current?.layout = layout
                    current?.layoutLine = lineNumber
                    current?.perSecond = upper.hasSuffix("CPS")
                } else if let value {
                    let name = Self.metadataName(upper)
                    if current == nil { header[name] = value } else { current?.metadata[name] = value }
                }
                continue
            }

            guard var range = current, let layout = range.layout else {
                throw SpectrumReadError(file: file, line: lineNumber,
                                        reason: sawKey ? "data line before a _COUNTS, _CPS or _2THETACOUNTS keyword"
                                                       : "not a UXD file: expected _KEY=VALUE header lines")
            }
            if layout == .peakList { continue }
            var values: [Double] = []
            for token in line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," }) {
                guard let v = Double(token), v.isFinite else {
                    throw SpectrumReadError(file: file, line: lineNumber, reason: "'\(token)' is not a number")
                }
                values.append(v)
            }
            switch layout {
            case .intensities:
                range.y.append(contentsOf: values)
            case .angleAndIntensity:
                guard values.count >= 2 else {
                    throw SpectrumReadError(file: file, line: lineNumber, reason: "expected 2θ and intensity, found \(values.count) number(s)")
                }
                range.x.append(values[0])
                range.y.append(values[1])
            case .peakList:
                break
            }
            current = range
        }
        try finish()
        guard !ranges.isEmpty else {
            throw SpectrumReadError(file: file, reason: sawKey ? "no _COUNTS, _CPS or _2THETACOUNTS data section"
                                                              : "not a UXD file: no _KEY=VALUE lines")
        }

        var blocks: [Spectrum] = []
        for (index, range) in ranges.enumerated() {
            blocks.append(try spectrum(of: range, index: index, file: file))
        }
        return SpectrumDocument(format: formatName, blocks: blocks, blockDescriptions: BrukerRawReader.describe(blocks))
    }

    private func spectrum(of range: Range, index: Int, file: String) throws -> Spectrum {
        guard !range.y.isEmpty else {
            throw SpectrumReadError(file: file, line: range.layoutLine, reason: "range \(index + 1) has no data")
        }
        var metadata = range.metadata
        metadata[XRDMetadataKey.rangeIndex] = "\(index)"
        var x = range.x
        if range.layout == .intensities {
            let startText = metadata["START"] ?? metadata["2THETA"]
            guard let startText, let start = Double(startText), start.isFinite else {
                throw SpectrumReadError(file: file, line: range.layoutLine,
                                        reason: "range \(index + 1): _START (or _2THETA) is missing or not a number")
            }
            guard let stepText = metadata["STEPSIZE"], let step = Double(stepText), step.isFinite, step != 0 else {
                throw SpectrumReadError(file: file, line: range.layoutLine,
                                        reason: "range \(index + 1): _STEPSIZE is missing, zero or not a number")
            }
            x = (0..<range.y.count).map { start + Double($0) * step }
        }
        if range.perSecond { metadata["intensity"] = "counts per second" }
        let title = metadata[XRDMetadataKey.sample].flatMap { $0.isEmpty ? nil : $0 }
        return Spectrum(x: x, y: range.y, xUnit: .twoThetaDegrees, yUnit: range.perSecond ? .arbitrary : .counts,
                        title: title, metadata: metadata)
    }

    /// The data layout a bare keyword announces, or nil for an ordinary keyword.
    private static func layout(forKeyword keyword: String) -> DataLayout? {
        switch keyword {
        case "COUNTS", "COUNT", "CPS": return .intensities
        case "2THETACOUNTS", "2THETACPS", "2THETACOUNTSTIME": return .angleAndIntensity
        case "D-I", "2THETA-I": return .peakList
        default: return nil
        }
    }

    /// Maps the UXD keys that mean the same as other readers' metadata onto the shared names.
    private static func metadataName(_ key: String) -> String {
        switch key {
        case "WL1": return XRDMetadataKey.wavelengthKAlpha1
        case "WL2": return XRDMetadataKey.wavelengthKAlpha2
        case "WL3": return XRDMetadataKey.wavelengthKBeta
        case "WLRATIO": return XRDMetadataKey.kAlpha2Ratio
        case "RANGE_WL": return XRDMetadataKey.wavelengthUsed
        case "ANODE": return XRDMetadataKey.anode
        case "STEPTIME": return XRDMetadataKey.stepTimeSeconds
        case "SAMPLE": return XRDMetadataKey.sample
        case "DATEMEASURED": return XRDMetadataKey.measured
        default: return key
        }
    }

    private static func unquote(_ value: Substring) -> String {
        var v = value.trimmingCharacters(in: .whitespaces)
        if v.count >= 2, v.first == "'" || v.first == "\"", v.last == v.first {
            v = String(v.dropFirst().dropLast())
        }
        return v
    }

    /// Splits the file into lines (LF, CRLF or CR); UTF-8 when valid, else Latin-1 so any byte
    /// is a character.
    static func lines(_ bytes: [UInt8]) -> [Substring] {
        let text = String(bytes: bytes, encoding: .utf8) ?? String(bytes: bytes, encoding: .isoLatin1) ?? ""
        return text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
    }
}

import Foundation
import SpectraCore

/// Reads Bruker/Siemens DIFFRAC `.raw` powder patterns, one `Spectrum` per range with 2θ from
/// each range's start angle and step: `RAW1.01` (DIFFRAC plus, xylib's "version 3"), `RAW4.00`
/// (DIFFRAC.SUITE), and the DIFFRAC-AT layouts `RAW ` (version 1) and `RAW2` (version 2).
///
/// Layouts follow the DIFFRAC plus XCH 5.0 manual, appendix A, as transcribed in xylib's
/// `bruker_raw.cpp`; every field is read through `ByteCursor`, so truncation is a typed error.
/// Only RAW1.01 is checked against real files here; RAW4.00, RAW and RAW2 against files built
/// from that layout description.
public struct BrukerRawReader: SpectrumReader {
    public var formatName: String { "bruker-raw" }
    public var fileExtensions: [String] { ["raw"] }

    public init() {}

    /// Most steps a range may declare; a real scan has a few thousand, so more means garbage.
    static let maximumSteps = 50_000_000

    public func sniff(head: [UInt8], fileExtension: String) -> Int {
        if head.starts(with: Array("RAW1.01".utf8)) || head.starts(with: Array("RAW4.00".utf8))
            || head.starts(with: Array("RAW ".utf8)) || head.starts(with: Array("RAW2".utf8)) {
            return 100
        }
        return fileExtension == "raw" ? 10 : 0
    }

    public func read(_ bytes: [UInt8], file: String) throws -> SpectrumDocument {
        if bytes.isEmpty { throw SpectrumReadError(file: file, reason: "empty file; expected a Bruker RAW header") }
        if bytes.starts(with: Array("RAW1.01".utf8)) { return try readVersion101(bytes, file: file) }
        if bytes.starts(with: Array("RAW4.00".utf8)) { return try readVersion4(bytes, file: file) }
        if bytes.starts(with: Array("RAW2".utf8)) { return try readVersion2(bytes, file: file) }
        if bytes.starts(with: Array("RAW ".utf8)) { return try readVersion1(bytes, file: file) }
        if bytes.starts(with: Array("RAW".utf8)) {
            let shown = bytes.prefix(7).map { (0x20..<0x7f).contains($0) ? String(UnicodeScalar($0)) : "?" }.joined()
            throw SpectrumReadError(file: file, reason: "Bruker RAW version \"\(shown)\" is not supported; "
                + "known versions: RAW (1), RAW2 (2), RAW1.01 (3), RAW4.00 (4)")
        }
        let shown = bytes.prefix(7).map { (0x20..<0x7f).contains($0) ? String(UnicodeScalar($0)) : "?" }.joined()
        throw SpectrumReadError(file: file, reason: "not a Bruker RAW file: starts with \"\(shown)\", expected RAW1.01, RAW4.00, RAW2 or RAW")
    }

    // MARK: - RAW1.01

    /// File header of 712 bytes, then per range a 304-byte header, optional supplementary headers
    /// and `steps` little-endian Float32 counts.
    private func readVersion101(_ bytes: [UInt8], file: String) throws -> SpectrumDocument {
        var c = ByteCursor(bytes, file: file)
        var common: [String: String] = [XRDMetadataKey.format: formatName, XRDMetadataKey.source: file,
                                        "rawVersion": "RAW1.01"]
        try c.seek(to: 12, "range count")
        let rangeCount = Int(try c.uint32("range count"))
        let date = try c.string(10, "measurement date")
        let time = try c.string(10, "measurement time")
        common[XRDMetadataKey.measured] = [date, time].filter { !$0.isEmpty }.joined(separator: " ")
        common["user"] = try c.string(72, "user")
        common["site"] = try c.string(218, "site")
        let sample = try c.string(60, "sample id")
        common[XRDMetadataKey.sample] = sample
        common["comment"] = try c.string(160, "comment")
        try c.seek(to: 608, "anode")
        common[XRDMetadataKey.anode] = try c.string(4, "anode")
        try c.seek(to: 616, "wavelengths")
        let average = try c.float64("average wavelength")
        let alpha1 = try c.float64("Kα1 wavelength")
        let alpha2 = try c.float64("Kα2 wavelength")
        let beta = try c.float64("Kβ wavelength")
        let ratio = try c.float64("Kα2/Kα1 ratio")
        putWavelength(&common, XRDMetadataKey.wavelengthKAlpha1, alpha1)
        putWavelength(&common, XRDMetadataKey.wavelengthKAlpha2, alpha2)
        putWavelength(&common, XRDMetadataKey.wavelengthKBeta, beta)
        putWavelength(&common, "wavelengthKAlphaAverageAngstrom", average)
        if ratio.isFinite, ratio >= 0, ratio <= 1 { common[XRDMetadataKey.kAlpha2Ratio] = "\(ratio)" }
        try c.seek(to: 712, "first range header")

        let rangeHeaderBytes = 304
        // Each range needs at least its header, so a count beyond that is garbage, not a loop bound.
        guard rangeCount >= 1, rangeCount <= c.remaining / rangeHeaderBytes else {
            throw c.error("range count \(rangeCount) does not fit the \(bytes.count)-byte file", at: 12)
        }
        var blocks: [Spectrum] = []
        for index in 0..<rangeCount {
            let rangeStart = c.offset
            let headerLength = Int(try c.uint32("range \(index + 1) header length"))
            guard headerLength >= rangeHeaderBytes else {
                throw c.error("range \(index + 1) header length is \(headerLength), expected 304", at: rangeStart)
            }
            let steps = Int(try c.uint32("range \(index + 1) step count"))
            _ = try c.float64("range \(index + 1) start θ")
            let start = try c.float64("range \(index + 1) start 2θ")
            try c.seek(to: rangeStart + 176, "range \(index + 1) step size")
            let step = try c.float64("range \(index + 1) step size")
            try c.seek(to: rangeStart + 192, "range \(index + 1) time per step")
            let stepTime = try c.float32("range \(index + 1) time per step")
            try c.seek(to: rangeStart + 240, "range \(index + 1) wavelength")
            let lambda = try c.float64("range \(index + 1) wavelength")
            try c.seek(to: rangeStart + 256, "range \(index + 1) supplementary header size")
            let supplementary = Int(try c.uint32("range \(index + 1) supplementary header size"))
            try c.seek(to: rangeStart, "range \(index + 1)")
            try c.skip(headerLength, "range \(index + 1) header")
            try c.skip(supplementary, "range \(index + 1) supplementary headers")

            var metadata = common
            metadata[XRDMetadataKey.rangeIndex] = "\(index)"
            if stepTime.isFinite, stepTime > 0 { metadata[XRDMetadataKey.stepTimeSeconds] = "\(Double(stepTime))" }
            putWavelength(&metadata, XRDMetadataKey.wavelengthUsed, lambda)
            let y = try readCounts(&c, steps: steps, stride: 4, range: index + 1)
            blocks.append(try makeSpectrum(start: start, step: step, y: y, range: index + 1,
                                           sample: sample, unit: .twoThetaDegrees, metadata: metadata,
                                           headerOffset: rangeStart, file: file))
        }
        return SpectrumDocument(format: formatName, blocks: blocks, blockDescriptions: Self.describe(blocks))
    }

    // MARK: - RAW (version 1) and RAW2 (version 2)

    /// Ranges follow one another from byte 4, each a 152-byte header (steps, step time, 2θ step and
    /// start as Float32, sample name, Kα1/Kα2, a "following range" flag) and its Float32 counts.
    /// Some writers repeat `RAW ` before later ranges.
    private func readVersion1(_ bytes: [UInt8], file: String) throws -> SpectrumDocument {
        var c = ByteCursor(bytes, file: file, offset: 4)
        let common: [String: String] = [XRDMetadataKey.format: formatName, XRDMetadataKey.source: file, "rawVersion": "RAW"]
        var blocks: [Spectrum] = []
        var following: UInt32 = 1
        while following > 0 {
            let index = blocks.count + 1
            let rangeStart = c.offset
            var steps = Int(try c.uint32("range \(index) step count"))
            if index > 1, steps == 0x2057_4152 {  // "RAW " read as a little-endian UInt32
                steps = Int(try c.uint32("range \(index) step count"))
            }
            let stepTime = try c.float32("range \(index) time per step")
            let step = Double(try c.float32("range \(index) step size"))
            try c.skip(8, "range \(index) scan mode")
            let start = Double(try c.float32("range \(index) start 2θ"))
            try c.skip(12, "range \(index) θ, χ and φ starts")
            let sample = try c.string(32, "range \(index) sample name")
            var metadata = common
            putWavelength(&metadata, XRDMetadataKey.wavelengthKAlpha1, Double(try c.float32("range \(index) Kα1")))
            putWavelength(&metadata, XRDMetadataKey.wavelengthKAlpha2, Double(try c.float32("range \(index) Kα2")))
            try c.skip(72, "range \(index) header")
            following = try c.uint32("range \(index) following-range flag")
            metadata[XRDMetadataKey.rangeIndex] = "\(index - 1)"
            metadata[XRDMetadataKey.sample] = sample
            if stepTime.isFinite, stepTime > 0 { metadata[XRDMetadataKey.stepTimeSeconds] = "\(Double(stepTime))" }
            let y = try readCounts(&c, steps: steps, stride: 4, range: index)
            blocks.append(try makeSpectrum(start: start, step: step, y: y, range: index, sample: sample,
                                           unit: .twoThetaDegrees, metadata: metadata, headerOffset: rangeStart, file: file))
        }
        return SpectrumDocument(format: formatName, blocks: blocks, blockDescriptions: Self.describe(blocks))
    }

    /// A 256-byte file header (range count at 4, wavelengths at 190), then per range a header of
    /// `header_len` bytes (UInt16 steps at 2, Float32 step time, 2θ step and start at 8, 12, 16)
    /// and its Float32 counts.
    private func readVersion2(_ bytes: [UInt8], file: String) throws -> SpectrumDocument {
        var c = ByteCursor(bytes, file: file, offset: 4)
        var common: [String: String] = [XRDMetadataKey.format: formatName, XRDMetadataKey.source: file, "rawVersion": "RAW2"]
        let rangeCount = Int(try c.uint16("range count"))
        try c.seek(to: 168, "measurement date")
        common[XRDMetadataKey.measured] = try c.string(20, "measurement date")
        common[XRDMetadataKey.anode] = try c.string(2, "anode")
        putWavelength(&common, XRDMetadataKey.wavelengthKAlpha1, Double(try c.float32("Kα1 wavelength")))
        putWavelength(&common, XRDMetadataKey.wavelengthKAlpha2, Double(try c.float32("Kα2 wavelength")))
        let ratio = Double(try c.float32("Kα2/Kα1 ratio"))
        if ratio.isFinite, ratio >= 0, ratio <= 1 { common[XRDMetadataKey.kAlpha2Ratio] = "\(ratio)" }
        try c.seek(to: 256, "first range header")
        guard rangeCount >= 1, rangeCount <= c.remaining / 48 else {
            throw c.error("range count \(rangeCount) does not fit the \(bytes.count)-byte file", at: 4)
        }
        var blocks: [Spectrum] = []
        for index in 1...rangeCount {
            let rangeStart = c.offset
            let headerLength = Int(try c.uint16("range \(index) header length"))
            guard headerLength >= 48 else {
                throw c.error("range \(index) header length is \(headerLength), expected at least 48", at: rangeStart)
            }
            let steps = Int(try c.uint16("range \(index) step count"))
            try c.skip(4, "range \(index) header")
            let stepTime = try c.float32("range \(index) time per step")
            let step = Double(try c.float32("range \(index) step size"))
            let start = Double(try c.float32("range \(index) start 2θ"))
            try c.seek(to: rangeStart, "range \(index)")
            try c.skip(headerLength, "range \(index) header")
            var metadata = common
            metadata[XRDMetadataKey.rangeIndex] = "\(index - 1)"
            if stepTime.isFinite, stepTime > 0 { metadata[XRDMetadataKey.stepTimeSeconds] = "\(Double(stepTime))" }
            let y = try readCounts(&c, steps: steps, stride: 4, range: index)
            blocks.append(try makeSpectrum(start: start, step: step, y: y, range: index, sample: "",
                                           unit: .twoThetaDegrees, metadata: metadata, headerOffset: rangeStart, file: file))
        }
        return SpectrumDocument(format: formatName, blocks: blocks, blockDescriptions: Self.describe(blocks))
    }

    // MARK: - RAW4.00

    /// A 61-byte file header, tagged metadata segments (until a segment type 0 or 160 starts a
    /// range), then ranges: a 160-byte header, `hdr_size` bytes of sub-segments, `steps` data of
    /// `datum_size` bytes each (the count is the datum's first Float32).
    private func readVersion4(_ bytes: [UInt8], file: String) throws -> SpectrumDocument {
        var c = ByteCursor(bytes, file: file)
        var common: [String: String] = [XRDMetadataKey.format: formatName, XRDMetadataKey.source: file,
                                        "rawVersion": "RAW4.00"]
        try c.seek(to: 12, "measurement date")
        let date = try c.string(12, "measurement date")
        let time = try c.string(10, "measurement time")
        common[XRDMetadataKey.measured] = [date, time].filter { !$0.isEmpty }.joined(separator: " ")
        try c.seek(to: 61, "first metadata segment")

        var segmentType: UInt32 = 0
        while true {
            let segmentStart = c.offset
            segmentType = try c.uint32("segment type")
            if segmentType == 0 || segmentType == 160 { break }
            let length = Int(try c.uint32("segment length"))
            guard length >= 8 else { throw c.error("metadata segment of type \(segmentType) has length \(length) (< 8)", at: segmentStart) }
            switch segmentType {
            case 10 where length >= 36:  // VarInfo: a named text value
                try c.skip(4, "VarInfo segment")
                let tag = try c.string(24, "VarInfo tag")
                let value = try c.string(length - 36, "VarInfo value")
                if !tag.isEmpty, !value.isEmpty { common["raw." + tag] = value }
                if tag == "SAMPLEID" || tag == "SampleID" { common[XRDMetadataKey.sample] = value }
            case 30 where length >= 120:  // HardwareConfiguration: the tube's wavelengths
                try c.seek(to: segmentStart + 72, "hardware segment")
                putWavelength(&common, "wavelengthKAlphaAverageAngstrom", try c.float64("average wavelength"))
                putWavelength(&common, XRDMetadataKey.wavelengthKAlpha1, try c.float64("Kα1 wavelength"))
                putWavelength(&common, XRDMetadataKey.wavelengthKAlpha2, try c.float64("Kα2 wavelength"))
                putWavelength(&common, XRDMetadataKey.wavelengthKBeta, try c.float64("Kβ wavelength"))
                let ratio = try c.float64("Kα2/Kα1 ratio")
                if ratio.isFinite, ratio >= 0, ratio <= 1 { common[XRDMetadataKey.kAlpha2Ratio] = "\(ratio)" }
                try c.skip(4, "hardware segment")
                common[XRDMetadataKey.anode] = try c.string(4, "anode")
            default:
                break
            }
            try c.seek(to: segmentStart, "segment")
            try c.skip(length, "metadata segment of type \(segmentType)")
        }

        var blocks: [Spectrum] = []
        var index = 0
        while segmentType == 0 || segmentType == 160 {
            let rangeStart = c.offset - 4
            index += 1
            try c.seek(to: rangeStart + 32, "range \(index) scan type")
            let scanType = try c.string(24, "range \(index) scan type")
            try c.seek(to: rangeStart + 72, "range \(index) start angle")
            let start = try c.float64("range \(index) start angle")
            let step = try c.float64("range \(index) step size")
            let steps = Int(try c.uint32("range \(index) step count"))
            let stepTime = try c.float32("range \(index) time per step")
            try c.seek(to: rangeStart + 112, "range \(index) wavelength")
            let lambda = try c.float64("range \(index) wavelength")
            try c.seek(to: rangeStart + 136, "range \(index) datum size")
            let datumSize = Int(try c.uint32("range \(index) datum size"))
            let subHeaderBytes = Int(try c.uint32("range \(index) sub-header size"))
            try c.seek(to: rangeStart, "range \(index)")
            try c.skip(160, "range \(index) header")

            var metadata = common
            metadata[XRDMetadataKey.rangeIndex] = "\(index - 1)"
            metadata[XRDMetadataKey.scanType] = scanType
            if stepTime.isFinite, stepTime > 0 { metadata[XRDMetadataKey.stepTimeSeconds] = "\(Double(stepTime))" }
            putWavelength(&metadata, XRDMetadataKey.wavelengthUsed, lambda)
            try readDriveStarts(&c, bytes: subHeaderBytes, range: index, into: &metadata)

            guard datumSize >= 4, datumSize % 4 == 0, datumSize <= 64 else {
                throw c.error("range \(index) data size \(datumSize) bytes per step is not a multiple of 4 between 4 and 64",
                              at: rangeStart + 136)
            }
            let y = try readCounts(&c, steps: steps, stride: datumSize, range: index)
            // Coupled and detector scans move 2θ; other scan types (rocking curves, ...) are
            // kept but their axis is not labelled as 2θ.
            let lowered = scanType.lowercased()
            let isTwoTheta = scanType.isEmpty || lowered.contains("coupled") || lowered.contains("2theta")
                || lowered.contains("detector")
            blocks.append(try makeSpectrum(start: start, step: step, y: y, range: index,
                                           sample: common[XRDMetadataKey.sample] ?? "",
                                           unit: isTwoTheta ? .twoThetaDegrees : .arbitrary, metadata: metadata,
                                           headerOffset: rangeStart, file: file))
            if c.remaining == 0 { break }
            segmentType = try c.uint32("next range header")
        }
        guard !blocks.isEmpty else { throw c.error("no data range found") }
        return SpectrumDocument(format: formatName, blocks: blocks, blockDescriptions: Self.describe(blocks))
    }

    /// Range sub-segments of type 50 name a drive and its start; keep the 2θ/θ starts as metadata.
    private func readDriveStarts(_ c: inout ByteCursor, bytes total: Int, range: Int,
                                 into metadata: inout [String: String]) throws {
        try c.require(total, "range \(range) sub-headers")
        let end = c.offset + total
        while c.offset < end {
            let segmentStart = c.offset
            let type = try c.uint32("range \(range) sub-header type")
            let length = Int(try c.uint32("range \(range) sub-header length"))
            guard length >= 8, length <= end - segmentStart else {
                throw c.error("range \(range) sub-header length \(length) does not fit its \(total)-byte block", at: segmentStart + 4)
            }
            if type == 50, length >= 64 {
                try c.skip(4, "drive segment")
                let drive = try c.string(24, "drive name")
                try c.seek(to: segmentStart + 56, "drive start")
                let startValue = try c.float64("drive start")
                if !drive.isEmpty, startValue.isFinite { metadata["start" + drive.replacingOccurrences(of: " ", with: "")] = "\(startValue)" }
            }
            try c.seek(to: segmentStart + length, "range \(range) next sub-header")
        }
    }

    /// Reads `steps` counts, each the first Float32 of a `stride`-byte datum.
    private func readCounts(_ c: inout ByteCursor, steps: Int, stride: Int, range: Int) throws -> [Double] {
        guard steps >= 1, steps <= Self.maximumSteps else {
            throw c.error("range \(range) declares \(steps) steps")
        }
        guard steps <= c.remaining / stride else {
            throw c.error("file ends inside range \(range) data: \(steps) steps need \(steps * stride) bytes, \(c.remaining) left")
        }
        var y = [Double](repeating: 0, count: steps)
        for i in 0..<steps {
            let at = c.offset
            let value = try c.float32("range \(range) count \(i + 1)")
            guard value.isFinite else { throw c.error("range \(range) count \(i + 1) is not a finite number", at: at) }
            y[i] = Double(value)
            try c.skip(stride - 4, "range \(range) datum \(i + 1)")
        }
        return y
    }

    private func makeSpectrum(start: Double, step: Double, y: [Double], range: Int, sample: String,
                              unit: AxisUnit, metadata: [String: String], headerOffset: Int,
                              file: String) throws -> Spectrum {
        guard start.isFinite, step.isFinite, step != 0, abs(step) < 1e3, abs(start) < 1e4 else {
            throw SpectrumReadError(file: file, reason: "at byte offset \(headerOffset): range \(range) has start \(start) and step \(step); expected finite angles and a non-zero step")
        }
        let x = (0..<y.count).map { start + Double($0) * step }
        return Spectrum(x: x, y: y, xUnit: unit, yUnit: .counts, title: sample.isEmpty ? nil : sample, metadata: metadata)
    }

    /// `range N: 3–40° step 0.0156, 2374 points` for listings.
    static func describe(_ blocks: [Spectrum]) -> [String] {
        blocks.enumerated().map { index, s in
            let first = s.x.first ?? 0, last = s.x.last ?? 0
            let step = s.count > 1 ? (last - first) / Double(s.count - 1) : 0
            return "range \(index + 1): \(format(first))–\(format(last))° step \(format(step)), \(s.count) points"
        }
    }

    private static func format(_ value: Double) -> String {
        String(format: "%.4g", value)
    }

    private func putWavelength(_ metadata: inout [String: String], _ key: String, _ value: Double) {
        // Unset fields hold 0 or garbage; only a plausible X-ray wavelength is recorded.
        if value.isFinite, value > 0.1, value < 10 { metadata[key] = "\(value)" }
    }
}

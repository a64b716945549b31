import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import SpectraCore

/// Reads PANalytical `.xrdml` files (XML, schema versions 1.0–2.x): one `Spectrum` per `<scan>`,
/// 2θ from the `2Theta` `<positions>` (`startPosition`/`endPosition`, evenly spaced, or
/// `listPositions`), intensities from `<intensities>` (or `<counts>` in old files), and the
/// measurement's `<usedWavelength>` (Kα1, Kα2, Kβ, Kα2/Kα1 ratio) in the metadata.
public struct XRDMLReader: SpectrumReader {
    public var formatName: String { "xrdml" }
    public var fileExtensions: [String] { ["xrdml"] }

    public init() {}

    public func sniff(head: [UInt8], fileExtension: String) -> Int {
        let text = String(decoding: head, as: UTF8.self)
        let trimmed = text.drop { $0 == "\u{FEFF}" || $0.isWhitespace }
        if trimmed.hasPrefix("<?xml"), text.contains("xrdMeasurements") { return 100 }
        if text.contains("<xrdMeasurements") { return 95 }
        return fileExtension == "xrdml" ? 10 : 0
    }

    public func read(_ bytes: [UInt8], file: String) throws -> SpectrumDocument {
        guard !bytes.isEmpty else { throw SpectrumReadError(file: file, reason: "empty file; expected XRDML (XML)") }
        // FoundationXML traps on element names that are not valid UTF-8 (it force-unwraps them),
        // so the bytes are validated before the parser sees them.
        if let bad = Self.firstInvalidUTF8Offset(bytes) {
            let line = 1 + bytes[..<bad].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
            throw SpectrumReadError(file: file, line: line, reason: "at byte offset \(bad): not valid UTF-8 text")
        }
        let collector = XRDMLCollector(file: file)
        let parser = XMLParser(data: Data(bytes))
        parser.delegate = collector
        parser.shouldProcessNamespaces = false
        let parsed = parser.parse()
        if let error = collector.error { throw error }
        guard parsed else {
            let message = parser.parserError.map { ($0 as NSError).localizedDescription } ?? "malformed XML"
            throw SpectrumReadError(file: file, line: max(1, parser.lineNumber), reason: "invalid XML: \(message)")
        }
        guard collector.sawRoot else {
            throw SpectrumReadError(file: file, line: 1, reason: "not an XRDML file: the root element is not <xrdMeasurements>")
        }
        guard !collector.blocks.isEmpty else {
            throw SpectrumReadError(file: file, reason: "no <scan> with 2Theta positions and intensities")
        }
        return SpectrumDocument(format: formatName, blocks: collector.blocks,
                                blockDescriptions: BrukerRawReader.describe(collector.blocks))
    }

    /// The offset of the first byte that breaks UTF-8 (RFC 3629: no overlongs, surrogates or
    /// code points above U+10FFFF), or nil when the whole buffer is valid.
    static func firstInvalidUTF8Offset(_ bytes: [UInt8]) -> Int? {
        var i = 0
        let n = bytes.count
        while i < n {
            let b0 = bytes[i]
            if b0 < 0x80 { i += 1; continue }
            let length: Int
            var lower: UInt8 = 0x80, upper: UInt8 = 0xBF
            switch b0 {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; lower = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; upper = 0x9F
            case 0xF0: length = 4; lower = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; upper = 0x8F
            default: return i
            }
            guard i + length <= n else { return i }
            guard (lower...upper).contains(bytes[i + 1]) else { return i }
            for k in 2..<max(2, length) where !(0x80...0xBF).contains(bytes[i + k]) { return i }
            i += length
        }
        return nil
    }
}

/// The SAX delegate: collects wavelength and scans; stops at the first inconsistency.
private final class XRDMLCollector: NSObject, XMLParserDelegate {
    let file: String
    var blocks: [Spectrum] = []
    var error: SpectrumReadError?
    var sawRoot = false

    private var path: [String] = []
    private var text = ""
    private var measurementMetadata: [String: String] = [:]
    private var scanMetadata: [String: String] = [:]
    private var positionsAxis: String?
    private var start: Double?
    private var end: Double?
    private var list: [Double]?
    private var intensities: [Double]?
    private var intensitiesLine = 0
    private var scanLine = 0
    private var sample = ""

    init(file: String) { self.file = file }

    private func fail(_ parser: XMLParser, _ reason: String, line: Int? = nil) {
        if error == nil { error = SpectrumReadError(file: file, line: line ?? max(1, parser.lineNumber), reason: reason) }
        parser.abortParsing()
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        let local = name.split(separator: ":").last.map(String.init) ?? name
        if path.isEmpty {
            guard local == "xrdMeasurements" else {
                fail(parser, "not an XRDML file: the root element is <\(local)>, not <xrdMeasurements>")
                return
            }
            sawRoot = true
        }
        path.append(local)
        text = ""
        switch local {
        case "xrdMeasurement":
            measurementMetadata = [XRDMetadataKey.format: "xrdml", XRDMetadataKey.source: file]
            if let type = attributes["measurementType"] { measurementMetadata["measurementType"] = type }
        case "scan":
            scanMetadata = measurementMetadata
            if let axis = attributes["scanAxis"] { scanMetadata[XRDMetadataKey.scanType] = axis }
            start = nil; end = nil; list = nil; intensities = nil
            scanLine = parser.lineNumber
        case "usedWavelength":
            if let intended = attributes["intended"] { measurementMetadata["wavelengthIntended"] = intended }
        case "positions":
            positionsAxis = attributes["axis"]
        case "intensities", "counts":
            intensitiesLine = parser.lineNumber
            if let unit = attributes["unit"] { scanMetadata["intensity"] = unit }
        default:
            break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        // Only leaf values are kept; a bounded buffer keeps a garbage file from growing it forever.
        if text.utf8.count < 200_000_000 { text += string }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        let local = name.split(separator: ":").last.map(String.init) ?? name
        let value = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let parent = path.count >= 2 ? path[path.count - 2] : ""
        defer {
            if !path.isEmpty { path.removeLast() }
            text = ""
        }
        switch (parent, local) {
        case ("usedWavelength", "kAlpha1"): putNumber(parser, value, XRDMetadataKey.wavelengthKAlpha1)
        case ("usedWavelength", "kAlpha2"): putNumber(parser, value, XRDMetadataKey.wavelengthKAlpha2)
        case ("usedWavelength", "kBeta"): putNumber(parser, value, XRDMetadataKey.wavelengthKBeta)
        case ("usedWavelength", "ratioKAlpha2KAlpha1"): putNumber(parser, value, XRDMetadataKey.kAlpha2Ratio)
        case ("xRayTube", "anodeMaterial"): measurementMetadata[XRDMetadataKey.anode] = value
        case ("sample", "name"), ("sample", "id"):
            if !value.isEmpty, sample.isEmpty { sample = value }
        case ("dataPoints", "commonCountingTime"): scanMetadata[XRDMetadataKey.stepTimeSeconds] = value
        case ("positions", "startPosition") where positionsAxis == "2Theta":
            start = number(parser, value, "startPosition")
        case ("positions", "endPosition") where positionsAxis == "2Theta":
            end = number(parser, value, "endPosition")
        case ("positions", "listPositions") where positionsAxis == "2Theta":
            list = numbers(parser, value, "listPositions")
        case ("dataPoints", "intensities"), ("dataPoints", "counts"):
            intensities = numbers(parser, value, local)
        case (_, "scan"):
            finishScan(parser)
        default:
            break
        }
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) {
        if error == nil {
            error = SpectrumReadError(file: file, line: max(1, parser.lineNumber),
                                      reason: "invalid XML: \((parseError as NSError).localizedDescription)")
        }
    }

    private func finishScan(_ parser: XMLParser) {
        guard error == nil else { return }
        guard let y = intensities, !y.isEmpty else {
            fail(parser, "scan \(blocks.count + 1) has no <intensities> or <counts>", line: scanLine)
            return
        }
        let x: [Double]
        if let list {
            guard list.count == y.count else {
                fail(parser, "scan \(blocks.count + 1): \(list.count) listPositions but \(y.count) intensities", line: intensitiesLine)
                return
            }
            x = list
        } else if let start, let end {
            guard y.count > 1 || start == end else {
                fail(parser, "scan \(blocks.count + 1): one intensity for a range \(start)–\(end)", line: intensitiesLine)
                return
            }
            let step = y.count > 1 ? (end - start) / Double(y.count - 1) : 0
            x = (0..<y.count).map { start + Double($0) * step }
        } else {
            fail(parser, "scan \(blocks.count + 1) has no 2Theta <positions> (startPosition/endPosition or listPositions)", line: scanLine)
            return
        }
        var metadata = scanMetadata
        metadata[XRDMetadataKey.rangeIndex] = "\(blocks.count)"
        if !sample.isEmpty { metadata[XRDMetadataKey.sample] = sample }
        let unit = metadata["intensity"] ?? "counts"
        blocks.append(Spectrum(x: x, y: y, xUnit: .twoThetaDegrees, yUnit: unit == "counts" ? .counts : .arbitrary,
                               title: sample.isEmpty ? nil : sample, metadata: metadata))
    }

    private func putNumber(_ parser: XMLParser, _ value: String, _ key: String) {
        if let v = number(parser, value, key) { measurementMetadata[key] = "\(v)" }
    }

    private func number(_ parser: XMLParser, _ value: String, _ field: String) -> Double? {
        guard let v = Double(value), v.isFinite else {
            fail(parser, "<\(field)> holds '\(value.prefix(40))', not a number")
            return nil
        }
        return v
    }

    private func numbers(_ parser: XMLParser, _ value: String, _ field: String) -> [Double]? {
        var result: [Double] = []
        for token in value.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }) {
            guard let v = Double(token), v.isFinite else {
                fail(parser, "<\(field)> value \(result.count + 1) is '\(token.prefix(40))', not a number")
                return nil
            }
            result.append(v)
        }
        return result
    }
}

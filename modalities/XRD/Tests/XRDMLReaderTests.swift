import Foundation
import SpectraCore
import Testing
@testable import XRDModality

@Suite struct XRDMLReaderTests {
    let reader = XRDMLReader()

    /// Values from the file's own elements: startPosition 30.0500, endPosition 41.7500,
    /// 196 intensities (counted with a Python regex, sum 1814), usedWavelength Kα1/Kα2/ratio.
    @Test func readsEmpyreanScan() throws {
        let document = try reader.read(try FormatsTestData.instrumentFile("empyrean.xrdml"), file: "empyrean.xrdml")
        #expect(document.format == "xrdml")
        #expect(document.blocks.count == 1)
        let s = try #require(document.blocks.first)
        #expect(s.count == 196)
        #expect(s.x[0] == 30.05)
        #expect(abs(s.x[195] - 41.75) < 1e-12)
        #expect(abs((s.x[1] - s.x[0]) - 11.7 / 195) < 1e-12)
        #expect(Array(s.y.prefix(3)) == [8, 11, 6])
        #expect(Array(s.y.suffix(3)) == [6, 4, 6])
        #expect(s.y.reduce(0, +) == 1814)
        #expect(s.xUnit == .twoThetaDegrees && s.yUnit == .counts)
        #expect(s.metadata[XRDMetadataKey.wavelengthKAlpha1] == "1.540598")
        #expect(s.metadata[XRDMetadataKey.wavelengthKAlpha2] == "1.544426")
        #expect(s.metadata[XRDMetadataKey.wavelengthKBeta] == "1.39225")
        #expect(s.metadata[XRDMetadataKey.kAlpha2Ratio] == "0.5")
        #expect(s.metadata[XRDMetadataKey.anode] == "Cu")
        #expect(s.metadata[XRDMetadataKey.stepTimeSeconds] == "0.440")
        #expect(s.metadata[XRDMetadataKey.scanType] == "2Theta")
        #expect(s.metadata["wavelengthIntended"] == "K-Alpha 1")
    }

    static let twoScans = """
    <?xml version="1.0" encoding="UTF-8"?>
    <xrdMeasurements xmlns="http://www.xrdml.com/XRDMeasurement/1.0">
      <sample><id>S1</id></sample>
      <xrdMeasurement measurementType="Scan">
        <usedWavelength><kAlpha1 unit="Angstrom">1.7890</kAlpha1><kAlpha2 unit="Angstrom">1.7929</kAlpha2>
          <ratioKAlpha2KAlpha1>0.5</ratioKAlpha2KAlpha1></usedWavelength>
        <scan scanAxis="Gonio">
          <dataPoints>
            <positions axis="2Theta" unit="deg"><listPositions>10.0 10.5 11.25</listPositions></positions>
            <positions axis="Omega" unit="deg"><startPosition>5</startPosition><endPosition>6</endPosition></positions>
            <counts unit="counts">3 4 5</counts>
          </dataPoints>
        </scan>
        <scan scanAxis="Gonio">
          <dataPoints>
            <positions axis="2Theta" unit="deg"><startPosition>20</startPosition><endPosition>21</endPosition></positions>
            <intensities unit="cps">1.5 2.5 3.5 4.5 5.5</intensities>
          </dataPoints>
        </scan>
      </xrdMeasurement>
    </xrdMeasurements>
    """

    @Test func readsListPositionsCountsAndSeveralScans() throws {
        let document = try reader.read(Array(Self.twoScans.utf8), file: "two.xrdml")
        #expect(document.blocks.count == 2)
        let a = document.blocks[0], b = document.blocks[1]
        #expect(a.x == [10.0, 10.5, 11.25])
        #expect(a.y == [3, 4, 5])
        #expect(b.x == [20.0, 20.25, 20.5, 20.75, 21.0])
        #expect(b.y == [1.5, 2.5, 3.5, 4.5, 5.5])
        #expect(b.yUnit == .arbitrary)
        #expect(a.metadata[XRDMetadataKey.wavelengthKAlpha1] == "1.789")
        #expect(b.metadata[XRDMetadataKey.wavelengthKAlpha2] == "1.7929")
        #expect(a.title == "S1")
    }

    @Test func sniffsXMLWithTheRootName() throws {
        let head = Array(try FormatsTestData.instrumentFile("empyrean.xrdml").prefix(4096))
        #expect(reader.sniff(head: head, fileExtension: "") == 100)
        #expect(reader.sniff(head: Array("<?xml version=\"1.0\"?><svg/>".utf8), fileExtension: "") == 0)
        #expect(reader.sniff(head: Array("junk".utf8), fileExtension: "xrdml") == 10)
    }

    @Test func badInputsGiveTypedErrors() throws {
        let cases: [(String, String)] = [
            ("", "empty"),
            ("<?xml version=\"1.0\"?><svg></svg>", "not an XRDML file"),
            (Self.twoScans.replacingOccurrences(of: "3 4 5", with: "3 four 5"), "not a number"),
            (Self.twoScans.replacingOccurrences(of: "10.0 10.5 11.25", with: "10.0 10.5"), "2 listPositions but 3 intensities"),
            (Self.twoScans.replacingOccurrences(of: "<counts unit=\"counts\">3 4 5</counts>", with: ""), "no <intensities>"),
            (Self.twoScans.replacingOccurrences(of: "</scan>", with: "</scn>"), "invalid XML"),
        ]
        for (text, reason) in cases {
            let error = try #require(throws: SpectrumReadError.self, "\(reason)") { try reader.read(Array(text.utf8), file: "bad.xrdml") }
            #expect(error.file == "bad.xrdml")
            #expect(error.reason.contains(reason), "\(error.reason)")
        }
        let error = try #require(throws: SpectrumReadError.self) {
            try reader.read(Array(Self.twoScans.replacingOccurrences(of: "3 4 5", with: "3 four 5").utf8), file: "bad.xrdml")
        }
        #expect(error.line == 11)
        // Bytes that are not UTF-8 are refused before the XML parser sees them (FoundationXML
        // traps on invalid UTF-8 in element names).
        var latin = Array(Self.twoScans.utf8)
        latin[latin.firstIndex(of: UInt8(ascii: "S"))!] = 0xD2
        let encoding = try #require(throws: SpectrumReadError.self) { try reader.read(latin, file: "bad.xrdml") }
        #expect(encoding.reason.contains("not valid UTF-8"))
        #expect(encoding.line == 3)
        #expect(XRDMLReader.firstInvalidUTF8Offset(Array("aé€😀".utf8)) == nil)
        #expect(XRDMLReader.firstInvalidUTF8Offset([0x41, 0xC0, 0x80]) == 1)  // overlong
        #expect(XRDMLReader.firstInvalidUTF8Offset([0xED, 0xA0, 0x80]) == 0)  // surrogate
        #expect(XRDMLReader.firstInvalidUTF8Offset([0x41, 0xE2, 0x82]) == 1)  // truncated
    }

    @Test func truncatedAndFlippedFilesGiveTypedErrors() throws {
        let bytes = try FormatsTestData.instrumentFile("empyrean.xrdml")
        // Cuts after the closing root tag leave a complete document.
        let complete = Array("</xrdMeasurements>".utf8)
        let rootEnd = try #require((0...(bytes.count - complete.count)).last { Array(bytes[$0..<($0 + complete.count)]) == complete })
        for cut in FormatsTestData.truncationOffsets(count: bytes.count, samples: 47) where cut < rootEnd + complete.count {
            let error = try #require(throws: SpectrumReadError.self, "cut at \(cut)") {
                try reader.read(Array(bytes.prefix(cut)), file: "t.xrdml")
            }
            #expect(error.file == "t.xrdml")
        }
        for copy in FormatsTestData.flippedCopies(of: bytes, count: 400, seed: 11) {
            do { _ = try reader.read(copy, file: "f.xrdml") } catch let error as SpectrumReadError {
                #expect(error.file == "f.xrdml")
            }
        }
    }
}

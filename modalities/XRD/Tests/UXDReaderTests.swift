import Foundation
import SpectraCore
import Testing
@testable import XRDModality

@Suite struct UXDReaderTests {
    let reader = BrukerUXDReader()

    /// Values read off the file with `head`/`grep`/`tail`.
    @Test func readsBT86Export() throws {
        let document = try reader.read(try FormatsTestData.instrumentFile("BT86_.UXD"), file: "BT86_.UXD")
        #expect(document.format == "bruker-uxd")
        let s = try #require(document.blocks.first)
        #expect(document.blocks.count == 1)
        #expect(s.count == 2374)
        #expect(s.x[0] == 3.0 && s.x[1] == 3.016 && s.x[2373] == 40.0)
        #expect(s.y[0] == 187 && s.y[1] == 183 && s.y[2373] == 269)
        #expect(s.x[389] == 9.065 && s.y[389] == 5774)
        #expect(s.title == "BT86")
        #expect(s.metadata[XRDMetadataKey.wavelengthKAlpha1] == "1.540600")
        #expect(s.metadata[XRDMetadataKey.wavelengthKAlpha2] == "1.544390")
        #expect(s.metadata[XRDMetadataKey.anode] == "Cu")
        #expect(s.metadata[XRDMetadataKey.stepTimeSeconds] == "0.500000")
        #expect(s.metadata[XRDMetadataKey.scanType] == "COUPLED")
    }

    /// Two ranges in the old one-column layout: 2θ = _START + i·_STEPSIZE.
    @Test func readsCountsBlocksOfSeveralRanges() throws {
        let text = """
        ; two ranges
        _FILEVERSION=1
        _SAMPLE='test'
        _WL1=1.540600
        ; (Data for Range number 1)
        _DRIVE='COUPLED'
        _STEPTIME=37.000000
        _STEPSIZE=0.020000
        _START=10.0000
        _COUNTS
             1048      1162      1108
             1163      1071
        ; (Data for Range number 2)
        _DRIVE='COUPLED'
        _STEPSIZE=0.5
        _2THETA=20.0
        _CPS
        1.5, 2.5, 3.5
        """
        let document = try reader.read(Array(text.utf8), file: "two.uxd")
        #expect(document.blocks.count == 2)
        let a = document.blocks[0], b = document.blocks[1]
        #expect(a.x == (0..<5).map { 10.0 + Double($0) * 0.02 })
        #expect(a.y == [1048, 1162, 1108, 1163, 1071])
        #expect(a.yUnit == .counts)
        #expect(a.metadata[XRDMetadataKey.stepTimeSeconds] == "37.000000")
        #expect(b.x == [20.0, 20.5, 21.0])
        #expect(b.y == [1.5, 2.5, 3.5])
        #expect(b.metadata["intensity"] == "counts per second")
        #expect(b.metadata[XRDMetadataKey.wavelengthKAlpha1] == "1.540600")
        #expect(b.title == "test")
    }

    @Test func sniffsHeaders() throws {
        #expect(reader.sniff(head: Array("; x\n_FILEVERSION=2\n".utf8), fileExtension: "txt") == 100)
        #expect(reader.sniff(head: Array(";RAW converted\n_2THETA=3\n".utf8), fileExtension: "") == 90)
        #expect(reader.sniff(head: Array("10 20\n11 21\n".utf8), fileExtension: "xy") == 0)
        #expect(reader.sniff(head: Array(try FormatsTestData.instrumentFile("BT86.raw").prefix(4096)), fileExtension: "raw") == 0)
    }

    @Test func badInputsNameTheLine() throws {
        let cases: [(String, Int?, String)] = [
            ("_FILEVERSION=1\n_DRIVE='C'\n_START=1\n_STEPSIZE=0.1\n_COUNTS\n1 2 x3\n", 6, "not a number"),
            ("_FILEVERSION=1\n_DRIVE='C'\n12 13\n", 3, "before a _COUNTS"),
            ("_FILEVERSION=1\n_DRIVE='C'\n_START=1\n_COUNTS\n1 2 3\n", 4, "_STEPSIZE"),
            ("_FILEVERSION=1\n_DRIVE='C'\n_2THETACOUNTS\n1.0 5\n2.0\n", 5, "expected 2θ and intensity"),
            ("_FILEVERSION=1\n_DRIVE='C'\n_STEPSIZE=0.1\n", nil, "no _COUNTS"),
            ("10 20\n11 21\n", 1, "not a UXD file"),
            ("", nil, "empty"),
        ]
        for (text, line, reason) in cases {
            let error = try #require(throws: SpectrumReadError.self, "\(text)") { try reader.read(Array(text.utf8), file: "bad.uxd") }
            #expect(error.file == "bad.uxd")
            #expect(error.line == line)
            #expect(error.reason.contains(reason), "\(error.reason)")
        }
        let binary = try #require(throws: SpectrumReadError.self) { try reader.read(try FormatsTestData.instrumentFile("BT86.raw"), file: "b.uxd") }
        #expect(binary.reason.contains("NUL"))
    }

    /// Truncating the real export anywhere gives either a shorter pattern (a cut between lines
    /// is a valid file) or a typed error, never a crash.
    @Test func truncationAndFlippedBytesAreSafe() throws {
        let bytes = try FormatsTestData.instrumentFile("BT86_.UXD")
        for cut in FormatsTestData.truncationOffsets(count: bytes.count, samples: 11) {
            do {
                let document = try reader.read(Array(bytes.prefix(cut)), file: "t.uxd")
                #expect(document.blocks[0].count <= 2374)
            } catch let error as SpectrumReadError {
                #expect(error.file == "t.uxd")
            }
        }
        // Cutting inside the header (before _2THETACOUNTS at byte 1033) leaves no data.
        #expect(throws: SpectrumReadError.self) { try reader.read(Array(bytes.prefix(1000)), file: "t.uxd") }
        for copy in FormatsTestData.flippedCopies(of: bytes, count: 20, seed: 3) {
            do { _ = try reader.read(copy, file: "f.uxd") } catch let error as SpectrumReadError {
                #expect(error.file == "f.uxd")
            }
        }
    }
}

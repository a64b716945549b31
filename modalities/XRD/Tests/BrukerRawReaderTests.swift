import Foundation
import SpectraCore
import Testing
@testable import XRDModality

/// Expected values below were read from the files with Python's `struct` (independently of the
/// reader): RAW1.01 file header 712 bytes, range header 304 bytes, counts as `<f` after the
/// range's supplementary headers.
@Suite struct BrukerRawReaderTests {
    let reader = BrukerRawReader()

    @Test func readsBT86SingleRange() throws {
        let document = try reader.read(try FormatsTestData.instrumentFile("BT86.raw"), file: "BT86.raw")
        #expect(document.format == "bruker-raw")
        #expect(document.blocks.count == 1)
        let s = try #require(document.blocks.first)
        #expect(s.count == 2374)
        #expect(s.xUnit == .twoThetaDegrees)
        #expect(s.yUnit == .counts)
        #expect(s.x[0] == 3.0)
        #expect(abs(s.x[1] - 3.0155922) < 1e-12)
        #expect(abs(s.x[2373] - (3.0 + 2373 * 0.0155922)) < 1e-9)
        #expect(Array(s.y.prefix(4)) == [187, 183, 178, 174])
        #expect(Array(s.y.suffix(2)) == [231, 269])
        #expect(s.y.reduce(0, +) == 918_372)
        #expect(s.title == "BT86")
        #expect(s.metadata[XRDMetadataKey.anode] == "Cu")
        #expect(s.metadata[XRDMetadataKey.wavelengthKAlpha1] == "1.5406")
        #expect(s.metadata[XRDMetadataKey.wavelengthKAlpha2] == "1.54439")
        #expect(s.metadata[XRDMetadataKey.kAlpha2Ratio] == "0.5")
        #expect(s.metadata[XRDMetadataKey.stepTimeSeconds] == "0.5")
    }

    @Test func readsThreeRangesOfFormat1() throws {
        let document = try reader.read(try FormatsTestData.instrumentFile("format1.raw"), file: "format1.raw")
        #expect(document.blocks.count == 3)
        let expected: [(count: Int, start: Double, step: Double, head: [Double], tail: [Double])] = [
            (101, 10.0, 0.1, [10, 1, 3, 5], [13, 9]),
            (26, 30.0, 0.2, [6, 4, 5, 5], [5, 5]),
            (51, 40.0, 0.1, [4, 5, 3, 4], [6, 7]),
        ]
        for (s, e) in zip(document.blocks, expected) {
            #expect(s.count == e.count)
            #expect(abs(s.x[0] - e.start) < 1e-12)
            #expect(abs(s.x[e.count - 1] - (e.start + Double(e.count - 1) * e.step)) < 1e-9)
            #expect(Array(s.y.prefix(4)) == e.head)
            #expect(Array(s.y.suffix(2)) == e.tail)
        }
        #expect(document.blocks.map { $0.metadata[XRDMetadataKey.rangeIndex] } == ["0", "1", "2"])
        #expect(document.blockDescriptions[1] == "range 2: 30–35° step 0.2, 26 points")
    }

    @Test func readsCu3AuStepTimes() throws {
        let one = try reader.read(try FormatsTestData.instrumentFile("Cu3Au-1.raw"), file: "Cu3Au-1.raw").blocks[0]
        let two = try reader.read(try FormatsTestData.instrumentFile("Cu3Au-2.raw"), file: "Cu3Au-2.raw").blocks[0]
        #expect(one.count == 3901 && two.count == 3901)
        #expect(one.x[0] == 22.0 && abs(one.x[3900] - 100.0) < 1e-9)
        #expect(Array(one.y.prefix(4)) == [48, 24, 38, 23])
        #expect(Array(two.y.prefix(4)) == [73, 58, 59, 50])
        #expect(one.metadata[XRDMetadataKey.stepTimeSeconds] == "0.5")
        // 0.8 stored as Float32 is 0.800000011920929 as a Double.
        #expect(two.metadata[XRDMetadataKey.stepTimeSeconds] == "\(Double(Float(0.8)))")
    }

    /// The UXD export of the same measurement (written by Bruker's XCH converter) lists 2θ with 4
    /// significant digits (3.016, 39.94) and the integer counts: both must agree point by point.
    @Test func rawAgreesWithItsUXDExport() throws {
        let raw = try reader.read(try FormatsTestData.instrumentFile("BT86.raw"), file: "BT86.raw").blocks[0]
        let uxd = try BrukerUXDReader().read(try FormatsTestData.instrumentFile("BT86_.UXD"), file: "BT86_.UXD").blocks[0]
        #expect(raw.count == uxd.count)
        let mismatched = zip(raw.x, uxd.x).filter { Double(String(format: "%.4g", $0)) != $1 }
        #expect(mismatched.isEmpty, "\(mismatched.prefix(3))")
        #expect(raw.y == uxd.y)
        #expect(raw.metadata[XRDMetadataKey.wavelengthKAlpha1].flatMap(Double.init)
                == uxd.metadata[XRDMetadataKey.wavelengthKAlpha1].flatMap(Double.init))
    }

    @Test func readsVersion4RangesBuiltFromTheLayout() throws {
        let document = try reader.read(RAW4Builder.twoRangeFile(), file: "synthetic.raw")
        #expect(document.blocks.count == 2)
        let first = document.blocks[0], second = document.blocks[1]
        #expect(first.x == (0..<5).map { 10.0 + Double($0) * 0.05 })
        #expect(first.y == [1, 2, 3, 4, 5])
        #expect(first.xUnit == .twoThetaDegrees)
        #expect(first.metadata[XRDMetadataKey.scanType] == "Locked Coupled")
        #expect(first.metadata["start2Theta"] == "10.0")
        #expect(first.metadata[XRDMetadataKey.sample] == "quartz")
        #expect(first.metadata[XRDMetadataKey.wavelengthKAlpha1] == "1.5406")
        #expect(first.metadata[XRDMetadataKey.anode] == "Cu")
        #expect(first.metadata[XRDMetadataKey.measured] == "11/03/2016 11:08:45")
        // The second range stores 8 bytes per step; the count is the first Float32.
        #expect(second.x == (0..<3).map { 20.0 + Double($0) * 0.1 })
        #expect(second.y == [7, 8, 9])
        #expect(second.xUnit == .arbitrary)  // an omega rocking curve is not a 2θ axis
    }

    @Test func sniffsByMagic() {
        #expect(reader.sniff(head: Array("RAW1.01\0".utf8), fileExtension: "") == 100)
        #expect(reader.sniff(head: Array("RAW4.00\0".utf8), fileExtension: "") == 100)
        #expect(reader.sniff(head: Array("hello".utf8), fileExtension: "raw") == 10)
        #expect(reader.sniff(head: Array("hello".utf8), fileExtension: "xy") == 0)
    }

    /// Version 1 ranges built from xylib's layout: the second range repeats "RAW " before its header.
    @Test func readsVersion1RangesBuiltFromTheLayout() throws {
        let document = try reader.read(RAWOldBuilder.version1(), file: "v1.raw")
        #expect(document.blocks.count == 2)
        #expect(document.blocks[0].x == (0..<3).map { 5.0 + Double($0) * 0.25 })
        #expect(document.blocks[0].y == [10, 20, 30])
        #expect(document.blocks[0].title == "old sample")
        #expect(document.blocks[0].metadata[XRDMetadataKey.wavelengthKAlpha1] == "\(Double(Float(1.5406)))")
        #expect(document.blocks[1].x == (0..<2).map { 40.0 + Double($0) * 0.5 })
        #expect(document.blocks[1].y == [7, 8])
    }

    /// Version 2: a 256-byte file header, then ranges whose header length (48 or more) is stored.
    @Test func readsVersion2RangesBuiltFromTheLayout() throws {
        let document = try reader.read(RAWOldBuilder.version2(), file: "v2.raw")
        #expect(document.blocks.count == 2)
        #expect(document.blocks[0].x == (0..<4).map { 10.0 + Double($0) * 0.5 })
        #expect(document.blocks[0].y == [1, 2, 3, 4])
        #expect(document.blocks[1].x == [20.0, 20.25])
        #expect(document.blocks[1].y == [5, 6])
        #expect(document.blocks[0].metadata[XRDMetadataKey.anode] == "Co")
        #expect(document.blocks[0].metadata[XRDMetadataKey.kAlpha2Ratio] == "0.5")
    }

    @Test func refusesOtherVersionsAndGarbage() throws {
        let v3 = Array("RAW3.00".utf8) + [UInt8](repeating: 0, count: 400)
        let unknown = try #require(throws: SpectrumReadError.self) { try reader.read(v3, file: "new.raw") }
        #expect(unknown.file == "new.raw")
        #expect(unknown.reason.contains("\"RAW3.00\" is not supported"))
        let zeros2 = Array("RAW2".utf8) + [UInt8](repeating: 0, count: 400)
        let count2 = try #require(throws: SpectrumReadError.self) { try reader.read(zeros2, file: "old.raw") }
        #expect(count2.reason.contains("range count 0"))
        let zeros1 = Array("RAW ".utf8) + [UInt8](repeating: 0, count: 400)
        let steps1 = try #require(throws: SpectrumReadError.self) { try reader.read(zeros1, file: "old.raw") }
        #expect(steps1.reason.contains("declares 0 steps"))
        let garbage = try #require(throws: SpectrumReadError.self) { try reader.read(Array("PK\u{3}\u{4}zip".utf8), file: "g.raw") }
        #expect(garbage.reason.contains("not a Bruker RAW file"))
        let empty = try #require(throws: SpectrumReadError.self) { try reader.read([], file: "e.raw") }
        #expect(empty.reason.contains("empty"))
    }

    @Test func truncatedFilesGiveTypedErrors() throws {
        for name in ["BT86.raw", "format1.raw"] {
            let bytes = try FormatsTestData.instrumentFile(name)
            for cut in FormatsTestData.truncationOffsets(count: bytes.count) {
                let error = try #require(throws: SpectrumReadError.self, "\(name) cut at \(cut)") {
                    try reader.read(Array(bytes.prefix(cut)), file: name)
                }
                #expect(error.file == name)
            }
        }
        let v4 = RAW4Builder.twoRangeFile()
        // A cut exactly after range 1 is a valid one-range file (61 + 52 + 120 header bytes,
        // 160 + 64 range headers, 5 × 4 data bytes); every other cut must be refused.
        let endOfFirstRange = 61 + 52 + 120 + 160 + 64 + 5 * 4
        #expect(try reader.read(Array(v4.prefix(endOfFirstRange)), file: "v4.raw").blocks.count == 1)
        for cut in 0..<v4.count where cut != endOfFirstRange {
            #expect(throws: SpectrumReadError.self, "RAW4 cut at \(cut)") { try reader.read(Array(v4.prefix(cut)), file: "v4.raw") }
        }
        for old in [RAWOldBuilder.version1(), RAWOldBuilder.version2()] {
            for cut in 0..<old.count {
                #expect(throws: SpectrumReadError.self, "cut at \(cut)") { try reader.read(Array(old.prefix(cut)), file: "old.raw") }
            }
        }
    }

    @Test func flippedBytesNeverCrash() throws {
        for (name, bytes) in [("format1.raw", try FormatsTestData.instrumentFile("format1.raw")),
                              ("v4.raw", RAW4Builder.twoRangeFile()), ("v1.raw", RAWOldBuilder.version1()),
                              ("v2.raw", RAWOldBuilder.version2())] {
            for copy in FormatsTestData.flippedCopies(of: bytes, count: 200, seed: 7) {
                do {
                    let document = try reader.read(copy, file: name)
                    #expect(document.blocks.allSatisfy { $0.x.count == $0.y.count && $0.y.allSatisfy(\.isFinite) })
                } catch let error as SpectrumReadError {
                    #expect(error.file == name)
                }
            }
        }
        // Known-bad header fields: an absurd range count and a zero step.
        var bytes = try FormatsTestData.instrumentFile("format1.raw")
        bytes[12] = 0xFF; bytes[13] = 0xFF
        let countError = try #require(throws: SpectrumReadError.self) { try reader.read(bytes, file: "f.raw") }
        #expect(countError.reason.contains("at byte offset 12"))
        bytes = try FormatsTestData.instrumentFile("format1.raw")
        for k in 0..<8 { bytes[712 + 176 + k] = 0 }
        let stepError = try #require(throws: SpectrumReadError.self) { try reader.read(bytes, file: "f.raw") }
        #expect(stepError.reason.contains("non-zero step"))
    }
}

/// Builds a RAW4.00 file field by field from the layout in xylib's `bruker_raw.cpp`
/// (61-byte header, segments 10 and 30, 160-byte range headers, type-50 drive sub-segments).
enum RAW4Builder {
    static func twoRangeFile() -> [UInt8] {
        var b: [UInt8] = []
        func text(_ s: String, _ width: Int) { b += Array(s.utf8.prefix(width)) + [UInt8](repeating: 0, count: max(0, width - s.utf8.count)) }
        func u32(_ v: UInt32) { b += withUnsafeBytes(of: v.littleEndian, Array.init) }
        func f32(_ v: Float) { u32(v.bitPattern) }
        func f64(_ v: Double) { b += withUnsafeBytes(of: v.bitPattern.littleEndian, Array.init) }
        func zeros(_ n: Int) { b += [UInt8](repeating: 0, count: n) }

        text("RAW4.00", 8); zeros(4); text("11/03/2016", 12); text("11:08:45", 10); zeros(27)
        precondition(b.count == 61)
        // VarInfo segment: SAMPLEID = quartz.
        u32(10); u32(52); zeros(4); text("SAMPLEID", 24); text("quartz", 16)
        // Hardware configuration: wavelengths at +72, anode at +116.
        let hardware = b.count
        u32(30); u32(120); zeros(64)
        f64(1.54184); f64(1.5406); f64(1.54439); f64(1.39222); f64(0.5); zeros(4); text("Cu", 4)
        precondition(b.count == hardware + 120)

        func range(scanType: String, start: Double, step: Double, counts: [Float], datumSize: UInt32, extra: Float?) {
            let header = b.count
            u32(160); zeros(28); text(scanType, 24); zeros(16)
            f64(start); f64(step); u32(UInt32(counts.count)); f32(1.0); zeros(4); f32(40); f32(40); zeros(4)
            f64(1.5406); zeros(16); u32(datumSize); u32(64); zeros(16)
            precondition(b.count == header + 160)
            u32(50); u32(64); zeros(4); text("2Theta", 24); zeros(20); f64(start)
            for c in counts { f32(c); if let extra { f32(extra) } }
        }
        range(scanType: "Locked Coupled", start: 10, step: 0.05, counts: [1, 2, 3, 4, 5], datumSize: 4, extra: nil)
        range(scanType: "Rocking Curve", start: 20, step: 0.1, counts: [7, 8, 9], datumSize: 8, extra: 99)
        return b
    }
}

/// Builds DIFFRAC-AT `RAW ` (version 1) and `RAW2` (version 2) files from xylib's layout.
enum RAWOldBuilder {
    private struct Bytes {
        var b: [UInt8] = []
        mutating func text(_ s: String, _ width: Int) { b += Array(s.utf8.prefix(width)) + [UInt8](repeating: 0, count: max(0, width - s.utf8.count)) }
        mutating func u16(_ v: UInt16) { b += withUnsafeBytes(of: v.littleEndian, Array.init) }
        mutating func u32(_ v: UInt32) { b += withUnsafeBytes(of: v.littleEndian, Array.init) }
        mutating func f32(_ v: Float) { u32(v.bitPattern) }
        mutating func zeros(_ n: Int) { b += [UInt8](repeating: 0, count: n) }
    }

    static func version1() -> [UInt8] {
        var w = Bytes()
        w.text("RAW ", 4)
        func range(start: Float, step: Float, counts: [Float], following: UInt32) {
            w.u32(UInt32(counts.count)); w.f32(1); w.f32(step); w.u32(0); w.zeros(4); w.f32(start)
            w.f32(-1e6); w.f32(-1e6); w.f32(-1e6); w.text("old sample", 32); w.f32(1.5406); w.f32(1.54439)
            w.zeros(72); w.u32(following)
            for c in counts { w.f32(c) }
        }
        range(start: 5, step: 0.25, counts: [10, 20, 30], following: 1)
        w.text("RAW ", 4)
        range(start: 40, step: 0.5, counts: [7, 8], following: 0)
        return w.b
    }

    static func version2() -> [UInt8] {
        var w = Bytes()
        w.text("RAW2", 4); w.u16(2); w.zeros(162); w.text("01-Jan-1999 10:00", 20); w.text("Co", 2)
        w.f32(1.78897); w.f32(1.79285); w.f32(0.5); w.zeros(8); w.f32(100); w.zeros(42)
        precondition(w.b.count == 256)
        func range(headerLength: Int, start: Float, step: Float, counts: [Float]) {
            w.u16(UInt16(headerLength)); w.u16(UInt16(counts.count)); w.zeros(4); w.f32(2); w.f32(step); w.f32(start)
            w.zeros(26); w.u16(300); w.zeros(headerLength - 48)
            for c in counts { w.f32(c) }
        }
        range(headerLength: 48, start: 10, step: 0.5, counts: [1, 2, 3, 4])
        range(headerLength: 60, start: 20, step: 0.25, counts: [5, 6])
        return w.b
    }
}

import Foundation
import SpectraCore
import Testing
@testable import NMRModality

@Suite struct BrukerProcessedReaderTests {
    let reader = BrukerProcessedReader()

    static var experiment: URL {
        URL(fileURLWithPath: #filePath)            // modalities/NMR/Tests/<this file>
            .deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()   // package root
            .appendingPathComponent("../shared/data/nmr/bruker-1d").standardizedFileURL
    }

    /// Reference from nmrglue 0.12, computed once:
    /// `dic, data = ng.bruker.read_pdata('pdata/1', scale_data=True)` → [-36275840, -34775104];
    /// `ng.fileiobase.uc_from_udic(ng.bruker.guess_udic(dic, data)).ppm_scale()` → [13.03153, 4.70000183].
    @Test func matchesNmrglueOnTheSharedExperiment() throws {
        let oneR = Self.experiment.appendingPathComponent("pdata/1/1r").path
        let procs = Self.experiment.appendingPathComponent("pdata/1/procs").path
        for path in [oneR, procs] {
            let document = try reader.read(try readFileBytes(path), file: path)
            let s = try #require(document.blocks.first)
            #expect(document.format == "bruker-1r")
            #expect(s.xUnit == .ppm)
            #expect(s.y == [-36_275_840, -34_775_104])
            #expect(abs(s.x[0] - 13.03153) < 1e-9)
            #expect(abs(s.x[1] - 4.70000183) < 1e-5)
            #expect(s.metadata["nucleus"] == "1H")
        }
        let head = Array(try readFileBytes(procs).prefix(4096))
        #expect(reader.sniff(head: head, fileExtension: "") > 0)
        #expect(reader.sniff(head: try readFileBytes(oneR), fileExtension: "") == 0)
    }

    /// A temporary experiment folder `EXP/pdata/1/{procs,1r}`.
    static func experiment(procs: String, data: [UInt8]) throws -> (procs: String, data: String) {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("bruker-\(UUID().uuidString)")
        let pdata = root.appendingPathComponent("pdata/1")
        try FileManager.default.createDirectory(at: pdata, withIntermediateDirectories: true)
        try Data(procs.utf8).write(to: pdata.appendingPathComponent("procs"))
        try Data(data).write(to: pdata.appendingPathComponent("1r"))
        return (pdata.appendingPathComponent("procs").path, pdata.appendingPathComponent("1r").path)
    }

    static func procs(_ fields: [String: String]) -> String {
        "##TITLE= Parameter file\n##JCAMPDX= 5.0\n##DATATYPE= Parameter Values\n"
            + fields.sorted { $0.key < $1.key }.map { "##$\($0.key)= \($0.value)\n" }.joined() + "##END=\n"
    }

    /// Big-endian int32 [1, −2, 300, −40000] × 2^2; axis 10 ppm down by 1200 Hz / 400 MHz / 4 = 0.75 ppm.
    @Test func readsBigEndianIntegersWithScaling() throws {
        let values: [Int32] = [1, -2, 300, -40000]
        let data = values.flatMap { withUnsafeBytes(of: $0.bigEndian, Array.init) }
        let files = try Self.experiment(procs: Self.procs(["SI": "4", "BYTORDP": "1", "NC_proc": "2", "OFFSET": "10",
                                                            "SW_p": "1200", "SF": "400", "DTYPP": "0"]), data: data)
        let s = try reader.read(try readFileBytes(files.data), file: files.data).blocks[0]
        #expect(s.y == [4, -8, 1200, -160_000])
        #expect(s.x == [10, 9.25, 8.5, 7.75])
        #expect(s.metadata["nucleus"] == nil)
    }

    @Test func readsLittleEndianDoubles() throws {
        let data = [0.5, -1.25].flatMap { withUnsafeBytes(of: $0.bitPattern.littleEndian, Array.init) }
        let files = try Self.experiment(procs: Self.procs(["SI": "2", "BYTORDP": "0", "NC_proc": "0", "OFFSET": "5",
                                                            "SW_p": "100", "SF": "100", "DTYPP": "2"]), data: data)
        let s = try reader.read(try readFileBytes(files.procs), file: files.procs).blocks[0]
        #expect(s.y == [0.5, -1.25])
        #expect(s.x == [5, 4.5])
    }

    @Test func badInputsGiveTypedErrors() throws {
        let good = ["SI": "4", "BYTORDP": "0", "NC_proc": "0", "OFFSET": "10", "SW_p": "1200", "SF": "400"]
        let sixteen = [UInt8](repeating: 1, count: 16)
        // Truncated (and 2-D sized) data: every length but 16 bytes is refused.
        for length in [0, 1, 3, 15, 17, 64] {
            let files = try Self.experiment(procs: Self.procs(good), data: Array(repeating: 1, count: length))
            let error = try #require(throws: SpectrumReadError.self) { try reader.read(try readFileBytes(files.procs), file: files.procs) }
            #expect(error.file == files.data)
            #expect(error.reason.contains("SI = 4"))
        }
        var missing = good; missing["SI"] = nil
        var text = good; text["SF"] = "<abc>"
        var negative = good; negative["SW_p"] = "-5"
        var huge = good; huge["SI"] = "1e12"
        for (fields, reason) in [(missing, "$SI is missing"), (text, "$SF is 'abc'"), (negative, "must be positive"), (huge, "$SI is 1e12")] {
            let files = try Self.experiment(procs: Self.procs(fields), data: sixteen)
            let error = try #require(throws: SpectrumReadError.self, "\(reason)") { try reader.read(try readFileBytes(files.data), file: files.data) }
            #expect(error.file == files.procs)
            #expect(error.reason.contains(reason), "\(error.reason)")
        }
        let textError = try #require(throws: SpectrumReadError.self) {
            let files = try Self.experiment(procs: Self.procs(text), data: sixteen)
            return try reader.read(try readFileBytes(files.data), file: files.data)
        }
        #expect(textError.line == 7)  // 3 header lines, then BYTORDP, NC_proc, OFFSET, SF (sorted)
        // No procs beside the data.
        let lone = FileManager.default.temporaryDirectory.appendingPathComponent("lone-\(UUID().uuidString)-1r").path
        try Data(sixteen).write(to: URL(fileURLWithPath: lone))
        let noProcs = try #require(throws: SpectrumReadError.self) { try reader.read(sixteen, file: lone) }
        #expect(noProcs.reason.contains("procs is missing"))
        // A procs that is not text.
        let binary = try Self.experiment(procs: "##\u{0}garbage", data: sixteen)
        #expect(throws: SpectrumReadError.self) { try reader.read(try readFileBytes(binary.data), file: binary.data) }
    }
}

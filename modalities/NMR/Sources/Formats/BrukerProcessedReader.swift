import Foundation
import SpectraCore

/// Reads a processed 1-D Bruker spectrum: `pdata/N/1r` (real points, int32 or float64) with its
/// `pdata/N/procs` and, when present, the experiment's `acqus`, into a chemical-shift spectrum.
///
/// Either file of the pair may be named: `procs` is recognised by its content (a Bruker
/// parameter file with `$SI` and `$SW_p`), `1r` has no signature and is read with
/// `--format bruker-1r`. Intensities are the stored integers times 2^NC_proc (TopSpin's scaling);
/// the axis runs from `OFFSET` (ppm, first point) down in steps of SW_p / (SF · SI), as TopSpin
/// and nmrglue compute it. Points stay in file order (descending ppm).
public struct BrukerProcessedReader: SpectrumReader {
    public var formatName: String { "bruker-1r" }
    public var fileExtensions: [String] { [] }

    public init() {}

    /// Largest SI accepted (TopSpin's own limit is far below).
    static let maximumPoints = 1 << 26

    public func sniff(head: [UInt8], fileExtension: String) -> Int {
        let text = String(decoding: head, as: UTF8.self)
        if text.hasPrefix("##TITLE="), text.contains("##$"), text.contains("Parameter") {
            // A procs file: the $SI/$SW_p lines may lie past the sniffed head, so the name of the
            // data type is the evidence; the read still checks for them.
            return text.contains("##DATATYPE= Parameter Values") ? 100 : 40
        }
        return 0
    }

    public func read(_ bytes: [UInt8], file: String) throws -> SpectrumDocument {
        let url = URL(fileURLWithPath: file)
        let directory = url.deletingLastPathComponent()
        let procsPath: String, dataPath: String
        let procsBytes: [UInt8], dataBytes: [UInt8]
        if bytes.starts(with: Array("##".utf8)) {
            procsPath = file
            procsBytes = bytes
            dataPath = directory.appendingPathComponent("1r").path
            dataBytes = try sibling(dataPath, of: file, what: "the real data 1r")
        } else {
            dataPath = file
            dataBytes = bytes
            procsPath = directory.appendingPathComponent("procs").path
            procsBytes = try sibling(procsPath, of: file, what: "its processing parameters procs")
        }
        let procs = try BrukerParameterFile(bytes: procsBytes, file: procsPath)
        let count = try procs.integer("SI", in: 1...Self.maximumPoints)
        let byteOrder = try procs.integer("BYTORDP", in: 0...1)
        let exponent = try procs.integer("NC_proc", in: -64...64)
        let dataType = procs.values["DTYPP"] == nil ? 0 : try procs.integer("DTYPP", in: 0...2)
        guard dataType != 1 else {
            throw SpectrumReadError(file: procsPath, line: procs.lines["DTYPP"], reason: "DTYPP = 1 (Float32 data) is not a Bruker 1r layout this reader knows")
        }
        let offsetPpm = try procs.number("OFFSET")
        let sweepHz = try procs.number("SW_p")
        let frequencyMHz = try procs.number("SF")
        guard sweepHz > 0, frequencyMHz > 0 else {
            throw SpectrumReadError(file: procsPath, line: procs.lines[sweepHz > 0 ? "SF" : "SW_p"],
                                    reason: "SW_p (\(sweepHz) Hz) and SF (\(frequencyMHz) MHz) must be positive")
        }
        let width = dataType == 2 ? 8 : 4
        guard dataBytes.count == count * width else {
            throw SpectrumReadError(file: dataPath, reason: "holds \(dataBytes.count) bytes, but procs says SI = \(count) points of \(width) bytes (\(count * width) bytes)"
                + (dataBytes.count > count * width ? "; a 2-D experiment (2rr) is not a 1-D spectrum" : ""))
        }

        let scale = pow(2.0, Double(exponent))
        var y = [Double](repeating: 0, count: count)
        for i in 0..<count {
            var raw: UInt64 = 0
            for k in 0..<width {
                let byte = UInt64(dataBytes[i * width + (byteOrder == 0 ? k : width - 1 - k)])
                raw |= byte << (8 * UInt64(k))
            }
            let value = width == 4 ? Double(Int32(bitPattern: UInt32(truncatingIfNeeded: raw))) : Double(bitPattern: raw)
            guard value.isFinite else {
                throw SpectrumReadError(file: dataPath, reason: "at byte offset \(i * width): point \(i + 1) is not a finite number")
            }
            y[i] = value * scale
        }
        let stepPpm = sweepHz / frequencyMHz / Double(count)
        let x = (0..<count).map { offsetPpm - Double($0) * stepPpm }

        var metadata: [String: String] = ["format": formatName, "source": file, "spectrometerFrequencyMHz": "\(frequencyMHz)",
                                          "sweepWidthHz": "\(sweepHz)", "intensityScaleExponent": "\(exponent)"]
        // acqus lives two folders up (EXP/acqus beside EXP/pdata/N); it is optional.
        let acqusPath = directory.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("acqus").path
        if FileManager.default.fileExists(atPath: acqusPath),
           let acqus = try? BrukerParameterFile(bytes: readFileBytes(acqusPath), file: acqusPath) {
            if let nucleus = acqus.values["NUC1"] { metadata["nucleus"] = nucleus }
            if let solvent = acqus.values["SOLVENT"] { metadata["solvent"] = solvent }
            if let pulse = acqus.values["PULPROG"] { metadata["pulseProgram"] = pulse }
        }
        let spectrum = Spectrum(x: x, y: y, xUnit: .ppm, yUnit: .arbitrary, title: metadata["nucleus"], metadata: metadata)
        return SpectrumDocument(format: formatName, blocks: [spectrum],
                                blockDescriptions: ["\(count) points, \(String(format: "%.4g", x.first ?? 0)) to \(String(format: "%.4g", x.last ?? 0)) ppm"])
    }

    private func sibling(_ path: String, of file: String, what: String) throws -> [UInt8] {
        guard FileManager.default.fileExists(atPath: path) else {
            throw SpectrumReadError(file: file, reason: "\(what) is missing: expected \(path)")
        }
        return try readFileBytes(path)
    }
}

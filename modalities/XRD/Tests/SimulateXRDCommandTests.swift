import ArgumentParser
import Foundation
import Testing
@testable import XRDModality

/// A fresh empty temporary folder.
func temporaryFolder() throws -> String {
    let path = NSTemporaryDirectory() + "spectrakit-xrd-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

@Suite("spectra simulate-xrd")
struct SimulateXRDCommandTests {
    @Test func oneCIFToAFileWritesTheProfileOnTheGrid() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let command = try SimulateXRDCommand.parse([XRDTestFiles.fixture("CIF-NaCl-name-only.cif"), "--out", folder + "/nacl.csv"])
        try command.run()
        let lines = try String(contentsOfFile: folder + "/nacl.csv", encoding: .utf8).split(separator: "\n")
        #expect(lines.first == "two_theta,intensity")
        #expect(lines.count == 1 + 2251)  // 5–50° at 0.02°
        let rows = lines.dropFirst().map { $0.split(separator: ",").compactMap { Double($0) } }
        let top = try #require(rows.max { $0[1] < $1[1] })
        // The strongest NaCl line is (200) at 31.729° (pymatgen fixture); the grid point nearest is 31.72 or 31.74.
        #expect(abs(top[0] - 31.7293) <= 0.011)
        #expect(top[1] == 100)
    }

    @Test func peaksOptionWritesTheStickList() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let command = try SimulateXRDCommand.parse([XRDTestFiles.fixture("CIF-NaCl-name-only.cif"), "--peaks", "--out", folder + "/p.csv"])
        try command.run()
        let lines = try String(contentsOfFile: folder + "/p.csv", encoding: .utf8).split(separator: "\n")
        #expect(lines.first == "two_theta,intensity,h,k,l")
        // pymatgen: (111) 27.389° 8.08, (200) 31.729° 100, (220) 45.486° 65.63 (plus tiny ones).
        let strongest = try #require(lines.dropFirst().first { $0.contains(",100.0,") })
        #expect(strongest.hasSuffix(",2,0,0"))
    }

    @Test func severalCIFsGoOnAfterAFailureAndExitOne() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let command = try SimulateXRDCommand.parse([
            XRDTestFiles.fixture("CIF-NaCl-name-only.cif"), XRDTestFiles.fixture("CIF-bad-no-cell.cif"),
            XRDTestFiles.fixture("CIF-disordered-oxide.cif"), "--out", folder + "/out",
        ])
        #expect(throws: ExitCode(1)) { try command.run() }
        let written = try FileManager.default.contentsOfDirectory(atPath: folder + "/out").sorted()
        #expect(written == ["CIF-NaCl-name-only.csv", "CIF-disordered-oxide.csv"])
    }

    @Test func badUsageIsAValidationError() throws {
        for arguments in [["a.cif", "--range", "50,5"], ["a.cif", "--wavelength", "XyKa"], ["a.cif", "--fwhm", "0"],
                          ["a.cif", "--shape", "triangle"], ["a.cif", "--doublet", "--wavelength", "1.5"]] {
            let command = try SimulateXRDCommand.parse(arguments)
            #expect(throws: ValidationError.self, "\(arguments)") { _ = try command.makeSimulation() }
        }
    }

    @Test func missingFileIsALocatedError() throws {
        let command = try SimulateXRDCommand.parse(["/nonexistent/x.cif"])
        #expect(throws: CIFError(file: "/nonexistent/x.cif", reason: "cannot read file")) { try command.execute() }
    }
}

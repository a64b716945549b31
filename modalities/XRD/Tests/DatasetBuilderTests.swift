import ArgumentParser
import Foundation
import SpectraCore
import Testing
@testable import XRDModality

@Suite("spectra dataset xrd-from-cif")
struct DatasetBuilderTests {
    @Test func simulatesEveryCIFAndSkipsTheBadOne() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let command = try XRDFromCIFCommand.parse([XRDTestFiles.fixtures, "--out", folder + "/set"])
        try command.run()
        let dataset = try PackedDataset.read(from: folder + "/set")
        // Fixtures: three CIFs, one without a cell.
        #expect(dataset.sampleNames == ["CIF-NaCl-name-only", "CIF-disordered-oxide"])
        #expect(dataset.labels == dataset.sampleNames)
        #expect(dataset.axis.count == 2251)
        for i in 0..<dataset.count {
            let row = dataset.spectrum(i)
            #expect(row.max() == 1)
            #expect(row.min() == 0)
        }
        // Peaks kept: NaCl's strongest stick is (200) at 31.729° (pymatgen), 100.
        let nacl = try #require(dataset.peaks?[0])
        #expect(nacl.contains { abs($0.position - 31.7293471) < 1e-6 && $0.intensity == 100 })
    }

    @Test func classesFileSelectsAndLabels() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try "file\tlabel\nCIF-disordered-oxide.cif\toxide\nCIF-NaCl-name-only.cif\trock salt\n"
            .write(toFile: folder + "/classes.tsv", atomically: true, encoding: .utf8)
        let command = try XRDFromCIFCommand.parse([XRDTestFiles.fixtures, "--classes", folder + "/classes.tsv", "--out", folder + "/set"])
        try command.run()
        let dataset = try PackedDataset.read(from: folder + "/set")
        #expect(dataset.labels == ["oxide", "rock salt"])
        #expect(dataset.sampleLabels == [0, 1])
    }

    @Test func classesFileNamingAMissingCIFIsAnErrorWithItsLine() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try "file\tlabel\nnope.cif\tx\n".write(toFile: folder + "/classes.tsv", atomically: true, encoding: .utf8)
        let command = try XRDFromCIFCommand.parse([XRDTestFiles.fixtures, "--classes", folder + "/classes.tsv", "--out", folder + "/set"])
        #expect(throws: DatasetError(file: folder + "/classes.tsv", line: 2, reason: "nope.cif is in none of the CIF folders")) {
            try command.execute()
        }
        #expect(!FileManager.default.fileExists(atPath: folder + "/set"))
    }
}

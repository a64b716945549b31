import Foundation
import Testing
@testable import SpectraCore

@Suite("Packed datasets")
struct PackedDatasetTests {
    func folder() throws -> String {
        let path = NSTemporaryDirectory() + "spectrakit-dataset-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    func sample() throws -> PackedDataset {
        try PackedDataset(modality: "xrd", axis: CanonicalAxis(unit: .twoThetaDegrees, start: 5, stop: 7, step: 1),
                          labels: ["A", "B"], sampleLabels: [1, 0], sampleNames: ["b1", "a1"], source: ["corpus": "test"],
                          spectra: [1, 2, 3, 4, 5, 6],
                          peaks: [[.init(position: 6, intensity: 100)], [.init(position: 5.5, intensity: 100), .init(position: 6.5, intensity: 20)]])
    }

    @Test func roundTrips() throws {
        let root = try folder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let dataset = try sample()
        try dataset.write(to: root + "/d")
        #expect(try PackedDataset.read(from: root + "/d") == dataset)
        // Overwriting replaces it whole.
        var other = dataset
        other.sampleNames = ["x", "y"]
        try other.write(to: root + "/d")
        #expect(try PackedDataset.read(from: root + "/d").sampleNames == ["x", "y"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: root) == ["d"])
    }

    @Test func spectraFileIsByteForByteWhatNumpySaves() throws {
        let root = try folder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try sample().write(to: root + "/d")
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: root + "/d/spectra.npy")))
        // numpy 2: np.save(f, np.array([[1,2,3],[4,5,6]], dtype=np.float32)) gives 152 bytes: this header, then the data.
        let header = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }" + String(repeating: " ", count: 58) + "\n"
        let expected: [UInt8] = [0x93] + Array("NUMPY".utf8) + [1, 0, 0x76, 0] + Array(header.utf8)
            + [0, 0, 128, 63, 0, 0, 0, 64, 0, 0, 64, 64, 0, 0, 128, 64, 0, 0, 160, 64, 0, 0, 192, 64]
        #expect(bytes.count == 152)
        #expect(bytes == expected)
    }

    @Test func inconsistentDatasetsAreRefused() {
        let axis = CanonicalAxis(unit: .twoThetaDegrees, start: 5, stop: 7, step: 1)
        #expect(throws: DatasetError.self) {  // label index out of range
            try PackedDataset(modality: "xrd", axis: axis, labels: ["A"], sampleLabels: [1], sampleNames: ["a"], spectra: [1, 2, 3])
        }
        #expect(throws: DatasetError.self) {  // wrong number of values
            try PackedDataset(modality: "xrd", axis: axis, labels: ["A"], sampleLabels: [0], sampleNames: ["a"], spectra: [1, 2])
        }
        #expect(throws: DatasetError.self) {  // NaN
            try PackedDataset(modality: "xrd", axis: axis, labels: ["A"], sampleLabels: [0], sampleNames: ["a"], spectra: [1, .nan, 3])
        }
    }

    @Test func damagedFoldersGiveErrorsNamingTheFile() throws {
        let root = try folder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(throws: DatasetError.self) { try PackedDataset.read(from: root + "/missing") }
        try sample().write(to: root + "/d")
        let manifest = root + "/d/manifest.json"
        let text = try String(contentsOfFile: manifest, encoding: .utf8)

        try text.replacingOccurrences(of: "\"version\" : 1", with: "\"version\" : 9").write(toFile: manifest, atomically: true, encoding: .utf8)
        #expect(throws: DatasetError(file: manifest, reason: "format version 9 is not supported (this build reads 1)")) {
            try PackedDataset.read(from: root + "/d")
        }
        try text.replacingOccurrences(of: "\"stop\" : 7", with: "\"stop\" : 8").write(toFile: manifest, atomically: true, encoding: .utf8)
        #expect(throws: DatasetError(file: root + "/d/spectra.npy", reason: "shape [2, 3] does not match the manifest's 2 samples × 4 points")) {
            try PackedDataset.read(from: root + "/d")
        }
        try text.write(toFile: manifest, atomically: true, encoding: .utf8)
        try Data([0x93, 0x4E]).write(to: URL(fileURLWithPath: root + "/d/spectra.npy"))
        #expect(throws: DatasetError.self) { try PackedDataset.read(from: root + "/d") }
        try "{".write(toFile: manifest, atomically: true, encoding: .utf8)
        #expect(throws: DatasetError.self) { try PackedDataset.read(from: root + "/d") }
    }

    @Test func sampleGroupsRoundTripAndOlderManifestsHaveNone() throws {
        let root = try folder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        var dataset = try sample()
        dataset.sampleGroups = ["Jung 2018", "Frond 2021"]
        try dataset.write(to: root + "/g")
        #expect(try PackedDataset.read(from: root + "/g").sampleGroups == ["Jung 2018", "Frond 2021"])
        // A manifest written before groups existed has no `sampleGroups` key at all.
        try sample().write(to: root + "/d")
        let text = try String(contentsOfFile: root + "/d/manifest.json", encoding: .utf8)
        #expect(!text.contains("sampleGroups"))
        #expect(try PackedDataset.read(from: root + "/d").sampleGroups == nil)
        #expect(throws: DatasetError(file: nil, reason: "1 sample groups for 2 samples")) {
            try PackedDataset(modality: "xrd", axis: dataset.axis, labels: ["A", "B"], sampleLabels: [1, 0], sampleNames: ["b1", "a1"],
                              sampleGroups: ["only one"], spectra: dataset.spectra)
        }
    }
}

import Foundation
import SpectraCore
import Testing
@testable import SpectraZoo

@Suite struct ModelZooTests {
    func zooWithTinyModel() throws -> (zoo: ModelZoo, folder: String, source: String) {
        let root = try Fixtures.temporaryDirectory()
        let source = root + "/tiny-vit.safetensors.zst"
        try CheckpointTests.tinyCheckpoint().write(to: source)
        var zoo = try ModelZoo(directory: root + "/model-zoo", creatingIfMissing: true)
        try zoo.add(file: source, dataLicence: "CC BY 4.0", attribution: "Test Lab")
        return (zoo, root + "/model-zoo", source)
    }

    @Test func addRecordsHashSizeAndMetadataAndReopens() throws {
        let (zoo, folder, source) = try zooWithTinyModel()
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: source)))
        let entry = try zoo.entry(named: "tiny-vit")
        #expect(entry == ZooEntry(name: "tiny-vit", file: "tiny-vit.safetensors.zst", sha256: SHA256.hexDigest(of: bytes), size: bytes.count,
                                  modality: "xrd", architecture: "vit", classes: 2, metrics: ["top1": 0.7], parent: nil,
                                  dataLicence: "CC BY 4.0", attribution: "Test Lab"))
        let reopened = try ModelZoo(directory: folder)
        #expect(reopened.manifest == zoo.manifest)
        #expect(try reopened.load(entry).metadata.labels == ["quartz", "calcite"])
        var again = reopened
        #expect(throws: CheckpointError.self) { try again.add(file: source) }
    }

    @Test func addCanStoreFloat16AndRecordTestMetrics() throws {
        let (zoo, _, source) = try zooWithTinyModel()
        var copy = zoo
        let entry = try copy.add(file: source, name: "tiny-f16", storage: .float16, extraMetrics: ["test_top1": 0.5])
        #expect(entry.metrics == ["top1": 0.7, "test_top1": 0.5])
        let original = try zoo.load(try zoo.entry(named: "tiny-vit"))
        let half = try copy.load(entry)
        // Every stored value is the float16 nearest to the original (widened back exactly).
        for (name, tensor) in original.tensors {
            let expected = tensor.values.map { HalfPrecision.float(fromFloat16: HalfPrecision.float16Bits($0)) }
            #expect(half.tensors[name]?.values == expected, "\(name)")
        }
        #expect(half.metadata.labels == original.metadata.labels)
        // Adding under the same name again replaces the entry only when asked.
        #expect(throws: CheckpointError.self) { try copy.add(file: source, name: "tiny-f16") }
        let replaced = try copy.add(file: source, name: "tiny-f16", replacing: true)
        #expect(copy.manifest.models.filter { $0.name == "tiny-f16" } == [replaced])
        #expect(replaced.size == (try Data(contentsOf: URL(fileURLWithPath: source))).count)
    }

    @Test func refusesAWrongSHA256InTheManifest() throws {
        let (zoo, folder, _) = try zooWithTinyModel()
        var manifest = zoo.manifest
        manifest.models[0].sha256 = String(repeating: "0", count: 64)
        try AtomicFile.write(manifest.jsonText(), to: folder + "/zoo.json")
        let tampered = try ModelZoo(directory: folder)
        #expect(throws: CheckpointError.self) { try tampered.load(tampered.entry(named: "tiny-vit")) }
        #expect(throws: CheckpointError.self) { try ModelReference("tiny-vit").load(in: tampered) }
    }

    @Test func refusesEveryFlippedByteOfAZooModel() throws {
        let (zoo, _, _) = try zooWithTinyModel()
        let entry = try zoo.entry(named: "tiny-vit")
        let path = zoo.path(of: entry)
        let original = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        // Every 13th byte (each case rewrites the file; this keeps the test well under a second).
        for position in stride(from: 0, to: original.count, by: 13) {
            var corrupt = original
            corrupt[position] ^= 0x80
            try Data(corrupt).write(to: URL(fileURLWithPath: path))
            #expect(throws: CheckpointError.self) { try zoo.load(entry) }
        }
    }

    @Test func referencesResolveZooNamesAndPaths() throws {
        let (zoo, _, source) = try zooWithTinyModel()
        #expect(try ModelReference("tiny-vit").resolve(in: zoo) == .zoo(try zoo.entry(named: "tiny-vit")))
        #expect(try ModelReference(source).resolve(in: zoo) == .file(source))
        let loaded = try ModelReference(source).load(in: nil)
        #expect(loaded.sha256 == (try zoo.entry(named: "tiny-vit")).sha256)
        #expect(throws: CheckpointError.self) { try ModelReference("missing-model").resolve(in: zoo) }
        #expect(throws: CheckpointError.self) { try ModelReference("/nowhere/x.safetensors.zst").resolve(in: zoo) }
    }

    @Test func exportWritesPlainSafetensorsConfigAndLabels() throws {
        let (zoo, _, source) = try zooWithTinyModel()
        let out = try Fixtures.temporaryDirectory() + "/export"
        let paths = try zoo.export(zoo.entry(named: "tiny-vit"), to: out)
        #expect(paths.map { URL(fileURLWithPath: $0).lastPathComponent } == ["tiny-vit.safetensors", "config.json", "labels.txt"])
        let plain = [UInt8](try Data(contentsOf: URL(fileURLWithPath: paths[0])))
        #expect(plain == (try ZstdFrame.decompress([UInt8](try Data(contentsOf: URL(fileURLWithPath: source))))))
        #expect(try String(contentsOfFile: paths[2], encoding: .utf8) == "quartz\ncalcite\n")
        let config = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: paths[1]))) as? [String: Any]
        #expect((config?["model_config"] as? [String: Any])?["architecture"] as? String == "vit")
        #expect((config?["modality"] as? [String: Any])?["id"] as? String == "xrd")
        #expect(config?["labels"] as? [String] == ["quartz", "calcite"])
    }

    @Test func manifestErrorsNameFileAndLine() {
        let text = """
        {
          "format_version": 1,
          "models": [
            {"name": "a", "file": "a.safetensors.zst", "sha256": "\(String(repeating: "1", count: 64))", "size": 1,
             "modality": "xrd", "architecture": "vit", "classes": 2, "metrics": {}, "data_licence": "x", "attribution": "y"},
            {"name": "a", "file": "b.safetensors.zst", "sha256": "\(String(repeating: "1", count: 64))", "size": 1,
             "modality": "xrd", "architecture": "vit", "classes": 2, "metrics": {}, "data_licence": "x", "attribution": "y"}
          ]
        }
        """
        #expect(throws: CheckpointError(file: "zoo.json", line: 4, reason: "model \"a\": listed twice")) {
            try ZooManifest.decode(json: text, file: "zoo.json")
        }
        let escape = text.replacingOccurrences(of: "b.safetensors.zst", with: "../b.safetensors.zst").replacingOccurrences(of: "\"name\": \"a\", \"file\": \"../", with: "\"name\": \"b\", \"file\": \"../")
        #expect(throws: CheckpointError.self) { try ZooManifest.decode(json: escape, file: "zoo.json") }
        #expect(throws: CheckpointError.self) { try ZooManifest.decode(json: "{\"format_version\": 2, \"models\": []}", file: "zoo.json") }
        #expect(throws: CheckpointError.self) { try ZooManifest.decode(json: "{", file: "zoo.json") }
    }

    @Test func locatePrefersEnvironmentThenExecutableAncestorsThenCurrentDirectory() throws {
        let root = try Fixtures.temporaryDirectory()
        try FileManager.default.createDirectory(atPath: root + "/model-zoo", withIntermediateDirectories: true)
        try AtomicFile.write(ZooManifest().jsonText(), to: root + "/model-zoo/zoo.json")
        try FileManager.default.createDirectory(atPath: root + "/.build/release", withIntermediateDirectories: true)
        let executable = root + "/.build/release/spectra"
        #expect(ModelZoo.locate(environment: ["SPECTRAKIT_ZOO": "/custom"], executablePath: executable, currentDirectory: "/cwd") == "/custom")
        #expect(ModelZoo.locate(environment: [:], executablePath: executable, currentDirectory: "/cwd") == root + "/model-zoo")
        #expect(ModelZoo.locate(environment: [:], executablePath: "/usr/bin/spectra", currentDirectory: "/cwd") == "/cwd/model-zoo")
    }
}

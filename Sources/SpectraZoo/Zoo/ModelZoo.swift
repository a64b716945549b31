import Foundation
import SpectraCore

/// The model zoo: a folder with `zoo.json` and the checkpoints it lists.
///
/// Where it is (`ModelZoo.locate`): the `SPECTRAKIT_ZOO` environment variable if set; else the first
/// `model-zoo/` containing `zoo.json` found going up from the executable's folder (so a built
/// `.build/release/spectra` finds the package's zoo); else `model-zoo/` in the current directory.
public struct ModelZoo: Sendable {
    /// Environment variable that overrides the zoo folder.
    public static let environmentVariable = "SPECTRAKIT_ZOO"
    /// Manifest file name inside the zoo folder.
    public static let manifestFileName = "zoo.json"

    /// The zoo folder.
    public let directory: String
    /// The parsed, validated manifest.
    public private(set) var manifest: ZooManifest

    /// Path of the manifest.
    public var manifestPath: String { directory + "/" + ModelZoo.manifestFileName }

    /// Opens the zoo in `directory`; with `creatingIfMissing`, a folder without `zoo.json` is an empty zoo.
    public init(directory: String, creatingIfMissing: Bool = false) throws {
        self.directory = directory
        let path = directory + "/" + ModelZoo.manifestFileName
        if !FileManager.default.fileExists(atPath: path) {
            guard creatingIfMissing else { throw CheckpointError(file: path, reason: "no zoo manifest here (set \(ModelZoo.environmentVariable) to the zoo folder)") }
            manifest = ZooManifest()
            return
        }
        guard let data = FileManager.default.contents(atPath: path) else { throw CheckpointError(file: path, reason: "cannot read the zoo manifest") }
        guard let text = String(data: data, encoding: .utf8) else { throw CheckpointError(file: path, reason: "zoo manifest is not UTF-8") }
        manifest = try ZooManifest.decode(json: text, file: path)
    }

    /// The zoo folder by the rules above; `executablePath` is the running binary, `environment` the process environment.
    public static func locate(environment: [String: String], executablePath: String?, currentDirectory: String) -> String {
        if let override = environment[environmentVariable], !override.isEmpty { return override }
        if let executablePath {
            var folder = URL(fileURLWithPath: executablePath).resolvingSymlinksInPath().deletingLastPathComponent()
            while folder.path != "/" && !folder.path.isEmpty {
                let candidate = folder.appendingPathComponent("model-zoo")
                if FileManager.default.fileExists(atPath: candidate.appendingPathComponent(manifestFileName).path) { return candidate.path }
                folder = folder.deletingLastPathComponent()
            }
        }
        return URL(fileURLWithPath: currentDirectory).appendingPathComponent("model-zoo").path
    }

    /// The entry named `name`, or an error listing what the zoo has.
    public func entry(named name: String) throws -> ZooEntry {
        guard let entry = manifest.models.first(where: { $0.name == name }) else {
            let known = manifest.models.map(\.name)
            throw CheckpointError(file: manifestPath, reason: "no model named \"\(name)\" in the zoo" + (known.isEmpty ? " (it is empty)" : " (have: \(known.joined(separator: ", ")))"))
        }
        return entry
    }

    /// Path of an entry's checkpoint file.
    public func path(of entry: ZooEntry) -> String { directory + "/" + entry.file }

    /// Reads an entry's checkpoint, checks size and SHA-256 against the manifest, then loads and checks it
    /// against the entry's modality and class count. Returns the checkpoint only if all of that holds.
    public func load(_ entry: ZooEntry, expecting expectation: CheckpointExpectation? = nil) throws -> Checkpoint {
        try verifiedContents(of: entry, expecting: expectation).checkpoint
    }

    /// The verified checkpoint with its plain (decompressed) safetensors bytes.
    private func verifiedContents(of entry: ZooEntry, expecting expectation: CheckpointExpectation? = nil) throws
        -> (checkpoint: Checkpoint, plain: [UInt8]) {
        let path = path(of: entry)
        let bytes = try Checkpoint.readFile(path)
        guard bytes.count == entry.size else {
            throw CheckpointError(file: path, reason: "size is \(bytes.count) bytes but the zoo manifest says \(entry.size)")
        }
        let digest = SHA256.hexDigest(of: bytes)
        guard digest == entry.sha256 else {
            throw CheckpointError(file: path, reason: "SHA-256 \(digest) does not match the zoo manifest's \(entry.sha256)")
        }
        let plain = try ZstdFrame.decompress(bytes, file: path)
        let checkpoint = try Checkpoint.decode(safetensors: plain, file: path, expecting: expectation)
        guard checkpoint.metadata.labels.count == entry.classes else {
            throw CheckpointError(file: path, reason: "has \(checkpoint.metadata.labels.count) labels but the zoo manifest says \(entry.classes) classes")
        }
        guard (checkpoint.metadata.modality?.id ?? "") == entry.modality else {
            throw CheckpointError(file: path, reason: "modality is \"\(checkpoint.metadata.modality?.id ?? "")\" but the zoo manifest says \"\(entry.modality)\"")
        }
        return (checkpoint, plain)
    }

    /// Adds the checkpoint at `file` under `name` (default: the file name without `.safetensors.zst`):
    /// loads it to prove it is valid, copies it into the zoo folder (atomically), then rewrites `zoo.json`.
    /// With `storage` (e.g. `.float16`) the tensors are re-encoded in that type first, to keep the file small;
    /// `extraMetrics` (e.g. `test_top1` from `spectra evaluate`) join the checkpoint's validation metrics.
    /// A model of the same name is refused unless `replacing` (a recipe regenerating it).
    @discardableResult
    public mutating func add(file: String, name: String? = nil, dataLicence: String = "unspecified", attribution: String = "unspecified",
                             storage: TensorDType? = nil, extraMetrics: [String: Double] = [:], replacing: Bool = false) throws -> ZooEntry {
        var bytes = try Checkpoint.readFile(file)
        let checkpoint = try Checkpoint.load(compressed: bytes, file: file)
        if let storage {
            bytes = try ZstdFrame.compress(try checkpoint.safetensorsBytes(storage: storage), level: 19, file: file)
        }
        let baseName = URL(fileURLWithPath: file).lastPathComponent
        let modelName = name ?? (baseName.hasSuffix(Checkpoint.fileExtension) ? String(baseName.dropLast(Checkpoint.fileExtension.count)) : baseName)
        guard ZooEntry.isValidName(modelName) else {
            throw CheckpointError(file: file, reason: "\"\(modelName)\" is not a valid zoo name (letters, digits, '.', '_', '-'); pass --name")
        }
        guard replacing || !manifest.models.contains(where: { $0.name == modelName }) else {
            throw CheckpointError(file: manifestPath, reason: "the zoo already has a model named \"\(modelName)\"")
        }
        let metrics = (checkpoint.metadata.provenance?.metrics ?? [:]).merging(extraMetrics) { _, extra in extra }
        guard metrics.values.allSatisfy(\.isFinite) else { throw CheckpointError(file: file, reason: "provenance metrics contain a non-finite value") }
        let entry = ZooEntry(
            name: modelName, file: modelName + Checkpoint.fileExtension, sha256: SHA256.hexDigest(of: bytes), size: bytes.count,
            modality: checkpoint.metadata.modality?.id ?? "", architecture: ModelZoo.architecture(of: checkpoint.metadata),
            classes: checkpoint.metadata.labels.count, metrics: metrics, parent: checkpoint.metadata.parentSHA256,
            dataLicence: dataLicence, attribution: attribution)
        var isDirectory: ObjCBool = false
        if !FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) {
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                throw CheckpointError(file: directory, reason: "cannot create the zoo folder: \(error.localizedDescription)")
            }
        }
        let destination = path(of: entry)
        if URL(fileURLWithPath: destination).standardizedFileURL.path != URL(fileURLWithPath: file).standardizedFileURL.path {
            try AtomicFile.write(bytes, to: destination)
        }
        var updated = manifest
        if let index = updated.models.firstIndex(where: { $0.name == modelName }) {
            updated.models[index] = entry
        } else {
            updated.models.append(entry)
        }
        try AtomicFile.write(updated.jsonText(), to: manifestPath)
        manifest = updated
        return entry
    }

    /// Writes `NAME.safetensors` (the plain, decompressed checkpoint), `config.json` (model config, modality,
    /// provenance, lineage) and `labels.txt` (one label per line, head order) into `folder`; returns the paths.
    @discardableResult
    public func export(_ entry: ZooEntry, to folder: String) throws -> [String] {
        let (checkpoint, plain) = try verifiedContents(of: entry)
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw OutputError(file: folder, reason: "cannot create the folder: \(error.localizedDescription)")
        }
        let weights = folder + "/" + entry.name + ".safetensors"
        let config = folder + "/config.json"
        let labels = folder + "/labels.txt"
        try AtomicFile.write(plain, to: weights)
        try AtomicFile.write(try ModelZoo.configJSON(name: entry.name, sha256: entry.sha256, metadata: checkpoint.metadata), to: config)
        try AtomicFile.write(checkpoint.metadata.labels.map { $0 + "\n" }.joined(), to: labels)
        return [weights, config, labels]
    }

    /// The architecture named in a model config (`architecture` or `model` key), else "unknown".
    public static func architecture(of metadata: CheckpointMetadata) -> String {
        let object = (try? JSONSerialization.jsonObject(with: Data(metadata.modelConfigJSON.utf8))) as? [String: Any]
        return (object?["architecture"] as? String) ?? (object?["model"] as? String) ?? "unknown"
    }

    /// `config.json` for export: `{name, sha256, format_version, model_config, modality, labels, provenance, parent_sha256}`.
    static func configJSON(name: String, sha256: String, metadata: CheckpointMetadata) throws -> String {
        var object: [String: Any] = ["name": name, "sha256": sha256, "format_version": metadata.formatVersion, "labels": metadata.labels]
        let encoded = try metadata.encoded()
        for key in ["model_config", "modality", "provenance"] {
            if let text = encoded[key], let value = try? JSONSerialization.jsonObject(with: Data(text.utf8)) { object[key] = value }
        }
        if let parent = metadata.parentSHA256 { object["parent_sha256"] = parent }
        do {
            let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
            return String(decoding: data, as: UTF8.self) + "\n"
        } catch {
            throw CheckpointError(file: nil, reason: "cannot write config.json: \(error.localizedDescription)")
        }
    }
}

import Foundation
import SpectraCore

/// The modality a checkpoint's inputs come from: its id, canonical axis and preprocessing pipeline,
/// so prediction can prepare a raw file exactly as training did.
public struct CheckpointModality: Codable, Sendable, Equatable {
    /// Modality id (`xrd`, `ftir`).
    public var id: String
    /// The canonical grid the model's input vector lives on.
    public var axis: CanonicalAxis
    /// The preprocessing applied to a file before the model sees it.
    public var preprocessing: Pipeline

    public init(id: String, axis: CanonicalAxis, preprocessing: Pipeline) {
        self.id = id
        self.axis = axis
        self.preprocessing = preprocessing
    }
}

/// How a checkpoint was trained.
public struct TrainingProvenance: Codable, Sendable, Equatable {
    /// Name or path of the training dataset.
    public var dataset: String
    /// Random seed of the run.
    public var seed: UInt64
    /// Epochs completed.
    public var epochs: Int
    /// Final metrics by name (`top1`, `top3`, `loss`), as fractions where they are rates.
    public var metrics: [String: Double]
    /// SpectraKit version that wrote the checkpoint.
    public var projectVersion: String

    enum CodingKeys: String, CodingKey {
        case dataset, seed, epochs, metrics
        case projectVersion = "project_version"
    }

    public init(dataset: String, seed: UInt64, epochs: Int, metrics: [String: Double], projectVersion: String) {
        self.dataset = dataset
        self.seed = seed
        self.epochs = epochs
        self.metrics = metrics
        self.projectVersion = projectVersion
    }
}

/// Everything a checkpoint says besides its tensors, stored as the string values of the safetensors
/// `__metadata__`: `format_version`, `model_config` (JSON object), `modality` (JSON), `labels` (JSON
/// array), `provenance` (JSON) and, for transferred models, `parent_sha256`.
public struct CheckpointMetadata: Sendable, Equatable {
    /// The format version this build writes and reads.
    public static let currentFormatVersion = 1

    /// Checkpoint format version.
    public var formatVersion: Int
    /// The model's configuration as compact JSON object text (architecture, sizes, …).
    public var modelConfigJSON: String
    /// Input modality, when the model was trained on one.
    public var modality: CheckpointModality?
    /// Class labels in head order.
    public var labels: [String]
    /// Training provenance.
    public var provenance: TrainingProvenance?
    /// Lower-case hex SHA-256 of the compressed parent checkpoint, for transferred models.
    public var parentSHA256: String?
    /// Other `__metadata__` entries, kept as they are.
    public var extra: [String: String]

    public init(formatVersion: Int = currentFormatVersion, modelConfigJSON: String = "{}", modality: CheckpointModality? = nil,
                labels: [String] = [], provenance: TrainingProvenance? = nil, parentSHA256: String? = nil,
                extra: [String: String] = [:]) {
        self.formatVersion = formatVersion
        self.modelConfigJSON = modelConfigJSON
        self.modality = modality
        self.labels = labels
        self.provenance = provenance
        self.parentSHA256 = parentSHA256
        self.extra = extra
    }

    /// Sets `modelConfigJSON` from any encodable configuration.
    public mutating func setModelConfig<Config: Encodable>(_ config: Config) throws {
        modelConfigJSON = try CheckpointMetadata.compactJSON(config, what: "model_config")
    }

    /// Decodes the model configuration as `Config`.
    public func modelConfig<Config: Decodable>(as type: Config.Type, file: String? = nil) throws -> Config {
        do {
            return try JSONDecoder().decode(Config.self, from: Data(modelConfigJSON.utf8))
        } catch {
            throw CheckpointError(file: file, reason: "model_config does not describe a \(Config.self): \(describeDecodingError(error))")
        }
    }

    static let reservedKeys: Set<String> = ["format_version", "model_config", "modality", "labels", "provenance", "parent_sha256"]

    /// The `__metadata__` map.
    public func encoded() throws -> [String: String] {
        var map = extra.filter { !CheckpointMetadata.reservedKeys.contains($0.key) }
        map["format_version"] = String(formatVersion)
        map["model_config"] = modelConfigJSON
        map["labels"] = try CheckpointMetadata.compactJSON(labels, what: "labels")
        if let modality { map["modality"] = try CheckpointMetadata.compactJSON(modality, what: "modality") }
        if let provenance { map["provenance"] = try CheckpointMetadata.compactJSON(provenance, what: "provenance") }
        if let parentSHA256 { map["parent_sha256"] = parentSHA256 }
        return map
    }

    /// Decodes and checks a `__metadata__` map; refuses a missing or unknown format version first,
    /// so a future format is never misread.
    public static func decode(_ map: [String: String], file: String?) throws -> CheckpointMetadata {
        func fail(_ reason: String) -> CheckpointError { CheckpointError(file: file, reason: reason) }
        guard let versionText = map["format_version"] else {
            throw fail("not a SpectraKit checkpoint: __metadata__ has no format_version")
        }
        guard let version = Int(versionText), version == currentFormatVersion else {
            throw fail("unknown checkpoint format version \"\(versionText)\" (this build reads version \(currentFormatVersion))")
        }
        var metadata = CheckpointMetadata(formatVersion: version)
        metadata.modelConfigJSON = map["model_config"] ?? "{}"
        guard let object = try? JSONSerialization.jsonObject(with: Data(metadata.modelConfigJSON.utf8)), object is [String: Any] else {
            throw fail("model_config is not a JSON object")
        }
        if let text = map["labels"] { metadata.labels = try decodeJSON([String].self, text, key: "labels", file: file) }
        if let text = map["modality"] { metadata.modality = try decodeJSON(CheckpointModality.self, text, key: "modality", file: file) }
        if let text = map["provenance"] { metadata.provenance = try decodeJSON(TrainingProvenance.self, text, key: "provenance", file: file) }
        if let parent = map["parent_sha256"] {
            guard isSHA256Hex(parent) else { throw fail("parent_sha256 \"\(parent)\" is not 64 lower-case hex digits") }
            metadata.parentSHA256 = parent
        }
        metadata.extra = map.filter { !reservedKeys.contains($0.key) }
        return metadata
    }

    /// True for 64 lower-case hex digits.
    public static func isSHA256Hex(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }

    static func compactJSON<Value: Encodable>(_ value: Value, what: String) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return String(decoding: try encoder.encode(value), as: UTF8.self)
        } catch {
            throw CheckpointError(file: nil, reason: "cannot encode \(what) as JSON (non-finite number?): \(error)")
        }
    }

    private static func decodeJSON<Value: Decodable>(_ type: Value.Type, _ text: String, key: String, file: String?) throws -> Value {
        do {
            return try JSONDecoder().decode(Value.self, from: Data(text.utf8))
        } catch {
            throw CheckpointError(file: file, reason: "metadata \(key) is invalid: \(describeDecodingError(error))")
        }
    }
}

import Foundation
import SpectraCore

/// One model listed in `model-zoo/zoo.json`.
public struct ZooEntry: Codable, Sendable, Equatable {
    /// Zoo name used on the command line (`xrd-mof-vit`); letters, digits, `.`, `_`, `-`.
    public var name: String
    /// Checkpoint file name inside the zoo folder (`NAME.safetensors.zst`).
    public var file: String
    /// Lower-case hex SHA-256 of the compressed checkpoint file.
    public var sha256: String
    /// Size of the compressed checkpoint, in bytes.
    public var size: Int
    /// Modality id of the model's inputs.
    public var modality: String
    /// Architecture (`vit`, `cnn`, `knn`, …), from the checkpoint's model config.
    public var architecture: String
    /// Number of classes the head predicts.
    public var classes: Int
    /// Reported metrics (fractions for rates).
    public var metrics: [String: Double]
    /// SHA-256 of the parent checkpoint for a transferred model.
    public var parent: String?
    /// Licence of the training data (e.g. "CC BY 4.0").
    public var dataLicence: String
    /// Who made the training data, as it asks to be credited.
    public var attribution: String

    enum CodingKeys: String, CodingKey {
        case name, file, sha256, size, modality, architecture, classes, metrics, parent, attribution
        case dataLicence = "data_licence"
    }

    public init(name: String, file: String, sha256: String, size: Int, modality: String, architecture: String, classes: Int,
                metrics: [String: Double] = [:], parent: String? = nil, dataLicence: String, attribution: String) {
        self.name = name
        self.file = file
        self.sha256 = sha256
        self.size = size
        self.modality = modality
        self.architecture = architecture
        self.classes = classes
        self.metrics = metrics
        self.parent = parent
        self.dataLicence = dataLicence
        self.attribution = attribution
    }

    /// True for a usable zoo name: starts with a letter or digit, then letters, digits, `.`, `_`, `-`.
    public static func isValidName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first.isASCII, first.properties.isAlphabetic || ("0"..."9").contains(first) else { return false }
        return name.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || ".-_".unicodeScalars.contains($0)) }
    }
}

/// The zoo's manifest, `zoo.json`: `{"format_version": 1, "models": [ZooEntry, ...]}`.
public struct ZooManifest: Codable, Sendable, Equatable {
    /// Manifest format version this build reads and writes.
    public static let currentFormatVersion = 1

    /// Manifest format version.
    public var formatVersion: Int
    /// Models, in the order they were added.
    public var models: [ZooEntry]

    enum CodingKeys: String, CodingKey {
        case formatVersion = "format_version"
        case models
    }

    public init(formatVersion: Int = currentFormatVersion, models: [ZooEntry] = []) {
        self.formatVersion = formatVersion
        self.models = models
    }

    /// Decodes and validates manifest text; `file` names it in errors, which give the line of the offending entry.
    public static func decode(json text: String, file: String) throws -> ZooManifest {
        let manifest: ZooManifest
        do {
            manifest = try JSONDecoder().decode(ZooManifest.self, from: Data(text.utf8))
        } catch {
            throw CheckpointError(file: file, reason: "invalid zoo manifest: \(describeDecodingError(error))")
        }
        guard manifest.formatVersion == currentFormatVersion else {
            throw CheckpointError(file: file, line: line(of: "format_version", in: text),
                                  reason: "unknown zoo manifest format_version \(manifest.formatVersion) (this build reads \(currentFormatVersion))")
        }
        var names = Set<String>()
        for entry in manifest.models {
            func fail(_ reason: String) -> CheckpointError {
                CheckpointError(file: file, line: line(of: "\"\(entry.name)\"", in: text), reason: "model \"\(entry.name)\": \(reason)")
            }
            guard ZooEntry.isValidName(entry.name) else { throw fail("invalid name (use letters, digits, '.', '_', '-')") }
            guard names.insert(entry.name).inserted else { throw fail("listed twice") }
            guard !entry.file.contains("/"), entry.file.hasSuffix(Checkpoint.fileExtension), !entry.file.hasPrefix(".") else {
                throw fail("file \"\(entry.file)\" must be a plain NAME\(Checkpoint.fileExtension) inside the zoo folder")
            }
            guard CheckpointMetadata.isSHA256Hex(entry.sha256) else { throw fail("sha256 is not 64 lower-case hex digits") }
            guard entry.size >= 0, entry.classes >= 0 else { throw fail("size and classes must be non-negative") }
            if let parent = entry.parent, !CheckpointMetadata.isSHA256Hex(parent) {
                throw fail("parent is not a SHA-256 (64 lower-case hex digits)")
            }
        }
        return manifest
    }

    /// Pretty JSON with sorted keys, one field per line, ending in a newline.
    public func jsonText() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Strings, integers and finite metrics (checked when entries are added) always encode.
        let data = (try? encoder.encode(self)) ?? Data("{\"format_version\":1,\"models\":[]}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// 1-based line of the first occurrence of `needle` in `text`.
    static func line(of needle: String, in text: String) -> Int? {
        guard let range = text.range(of: needle) else { return nil }
        return text[..<range.lowerBound].reduce(1) { $1 == "\n" ? $0 + 1 : $0 }
    }
}

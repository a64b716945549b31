import Foundation

/// A model named on the command line, either as a zoo name (`xrd-mof-vit`) or as a file path.
///
/// A reference containing `/` or ending in `.safetensors.zst` is a path; anything else is looked up in the
/// zoo first and, if the zoo has no such name, tried as a path in the current directory.
public struct ModelReference: Sendable, Equatable {
    /// What a reference resolved to.
    public enum Target: Sendable, Equatable {
        /// A zoo entry (its file is checked against the manifest's SHA-256 when loaded).
        case zoo(ZooEntry)
        /// A checkpoint file.
        case file(String)
    }

    /// The text as given.
    public var text: String

    public init(_ text: String) { self.text = text }

    /// Whether the text is unambiguously a path.
    public var isPath: Bool { text.contains("/") || text.hasSuffix(Checkpoint.fileExtension) }

    /// Resolves against `zoo` (which may be nil when there is none).
    public func resolve(in zoo: ModelZoo?) throws -> Target {
        if !isPath, let zoo, let entry = zoo.manifest.models.first(where: { $0.name == text }) { return .zoo(entry) }
        if FileManager.default.fileExists(atPath: text) { return .file(text) }
        if isPath { throw CheckpointError(file: text, reason: "no such checkpoint file") }
        if let zoo { _ = try zoo.entry(named: text) }
        throw CheckpointError(file: nil, reason: "\"\(text)\" is neither a zoo model nor a file (no zoo found; set SPECTRAKIT_ZOO)")
    }

    /// Loads the referenced checkpoint with its file's SHA-256 (for lineage) and path; zoo models are
    /// verified against the manifest first.
    public func load(in zoo: ModelZoo?, expecting expectation: CheckpointExpectation? = nil) throws -> (checkpoint: Checkpoint, sha256: String, path: String) {
        switch try resolve(in: zoo) {
        case let .zoo(entry):
            // resolve only returns .zoo when zoo is non-nil.
            guard let zoo else { throw CheckpointError(file: nil, reason: "no zoo") }
            return (try zoo.load(entry, expecting: expectation), entry.sha256, zoo.path(of: entry))
        case let .file(path):
            let bytes = try Checkpoint.readFile(path)
            return (try Checkpoint.load(compressed: bytes, file: path, expecting: expectation), SHA256.hexDigest(of: bytes), path)
        }
    }
}

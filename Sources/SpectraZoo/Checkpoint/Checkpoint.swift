import Foundation
import SpectraCore

/// The names and shapes a caller's model needs; loading refuses a checkpoint that lacks one, disagrees
/// on a shape, or (unless allowed) carries tensors the model does not know.
public struct CheckpointExpectation: Sendable, Equatable {
    /// Required tensor shapes by name.
    public var shapes: [String: [Int]]
    /// Whether tensors not named in `shapes` are tolerated.
    public var allowsExtraTensors: Bool

    public init(shapes: [String: [Int]], allowsExtraTensors: Bool = false) {
        self.shapes = shapes
        self.allowsExtraTensors = allowsExtraTensors
    }
}

/// A trained model on disk: named tensors (timm naming for ViTs) plus metadata, stored as a safetensors
/// file compressed into one checksummed zstd frame, `NAME.safetensors.zst`. `zstd -d` gives a plain
/// safetensors file that Python's `safetensors` and PyTorch read directly.
public struct Checkpoint: Sendable, Equatable {
    /// File name suffix of a checkpoint.
    public static let fileExtension = ".safetensors.zst"

    /// Tensors by name.
    public var tensors: [String: CheckpointTensor]
    /// Configuration, modality, labels, provenance, lineage.
    public var metadata: CheckpointMetadata

    public init(tensors: [String: CheckpointTensor], metadata: CheckpointMetadata) {
        self.tensors = tensors
        self.metadata = metadata
    }

    /// Builds a checkpoint from a model's parameter dictionary `name → (shape, values)`.
    public init(parameters: [String: (shape: [Int], values: [Float])], metadata: CheckpointMetadata) throws {
        var tensors: [String: CheckpointTensor] = [:]
        for (name, parameter) in parameters {
            do {
                tensors[name] = try CheckpointTensor(shape: parameter.shape, values: parameter.values)
            } catch let error as CheckpointError {
                throw CheckpointError(file: nil, reason: "parameter \"\(name)\": \(error.reason)")
            }
        }
        self.init(tensors: tensors, metadata: metadata)
    }

    /// The tensors as a model's parameter dictionary `name → (shape, values)`.
    public var parameters: [String: (shape: [Int], values: [Float])] {
        tensors.mapValues { (shape: $0.shape, values: $0.values) }
    }

    // MARK: Uncompressed safetensors

    /// The plain safetensors bytes, tensors stored as `storage` (F32, or F16/BF16 for smaller files).
    public func safetensorsBytes(storage: TensorDType = .float32) throws -> [UInt8] {
        try check(file: nil)
        return SafeTensors(tensors: tensors, metadata: try metadata.encoded()).encoded(defaultDType: storage)
    }

    /// Decodes plain safetensors bytes and validates them (see `validate`).
    public static func decode(safetensors bytes: [UInt8], file: String?, expecting expectation: CheckpointExpectation? = nil) throws -> Checkpoint {
        let container = try SafeTensors.decode(bytes, file: file)
        let checkpoint = Checkpoint(tensors: container.tensors, metadata: try CheckpointMetadata.decode(container.metadata, file: file))
        try checkpoint.check(file: file)
        if let expectation { try checkpoint.validate(against: expectation, file: file) }
        return checkpoint
    }

    // MARK: Compressed files

    /// Writes `NAME.safetensors.zst` atomically (temporary file, fsync, rename) and returns the SHA-256
    /// of the written bytes, lower-case hex.
    @discardableResult
    public func write(to path: String, storage: TensorDType = .float32, compressionLevel: Int32 = 3) throws -> String {
        let compressed = try ZstdFrame.compress(try safetensorsBytes(storage: storage), level: compressionLevel, file: path)
        try AtomicFile.write(compressed, to: path)
        return SHA256.hexDigest(of: compressed)
    }

    /// Reads, decompresses (checksum verified) and validates a checkpoint. Nothing is returned unless every
    /// check passes, so a caller never sees a half-loaded model.
    public static func load(from path: String, expecting expectation: CheckpointExpectation? = nil) throws -> Checkpoint {
        try load(compressed: try readFile(path), file: path, expecting: expectation)
    }

    /// Like `load(from:)` for bytes already in memory; `file` names them in errors.
    public static func load(compressed bytes: [UInt8], file: String?, expecting expectation: CheckpointExpectation? = nil) throws -> Checkpoint {
        try decode(safetensors: try ZstdFrame.decompress(bytes, file: file), file: file, expecting: expectation)
    }

    /// Lower-case hex SHA-256 of the file at `path`.
    public static func sha256(ofFileAt path: String) throws -> String {
        SHA256.hexDigest(of: try readFile(path))
    }

    /// The file's bytes, or a `CheckpointError` naming it. Reads straight into the array (no `Data` copy):
    /// checkpoints are tens of megabytes.
    static func readFile(_ path: String) throws -> [UInt8] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw CheckpointError(file: path, reason: "no such file")
        }
        let descriptor = open(path, O_RDONLY)
        guard !isDirectory.boolValue, descriptor >= 0 else { throw CheckpointError(file: path, reason: "cannot read the file") }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw CheckpointError(file: path, reason: "cannot read the file") }
        let size = Int(status.st_size)
        var failed = false
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
            var offset = 0
            while offset < size, let base = buffer.baseAddress {
                let n = read(descriptor, base + offset, size - offset)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { break }
                offset += n
            }
            failed = offset != size
            initialized = offset
        }
        guard !failed else { throw CheckpointError(file: path, reason: "the file changed size while being read") }
        return bytes
    }

    // MARK: Validation

    /// Checks internal consistency: labels agree with `head.weight`'s first dimension.
    func check(file: String?) throws {
        if let head = tensors["head.weight"] {
            guard let classes = head.shape.first, classes == metadata.labels.count else {
                throw CheckpointError(file: file, reason: "\(metadata.labels.count) labels but head.weight has shape \(head.shape) (first dimension is the class count)")
            }
        }
    }

    /// Checks the tensors against the names and shapes a model needs.
    public func validate(against expectation: CheckpointExpectation, file: String?) throws {
        for name in expectation.shapes.keys.sorted() {
            guard let tensor = tensors[name] else {
                throw CheckpointError(file: file, reason: "missing tensor \"\(name)\" (the model config needs shape \(expectation.shapes[name] ?? []))")
            }
            if let shape = expectation.shapes[name], tensor.shape != shape {
                throw CheckpointError(file: file, reason: "tensor \"\(name)\" has shape \(tensor.shape) but the model config needs \(shape)")
            }
        }
        if !expectation.allowsExtraTensors, let extra = tensors.keys.sorted().first(where: { expectation.shapes[$0] == nil }) {
            throw CheckpointError(file: file, reason: "unexpected tensor \"\(extra)\" that the model config does not use")
        }
    }
}

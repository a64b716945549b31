import SpectraCore

/// Optimiser state saved beside a checkpoint (`NAME.optim.safetensors.zst`) so training can resume
/// exactly: always Float32, and tied to the model file by its SHA-256 so a stale pair is refused.
public struct OptimizerState: Sendable, Equatable {
    /// Optimiser steps taken.
    public var step: Int
    /// State tensors by name, e.g. `exp_avg.blocks.0.attn.qkv.weight`, `exp_avg_sq.head.weight`.
    public var tensors: [String: CheckpointTensor]
    /// SHA-256 of the model checkpoint file this state belongs to.
    public var modelSHA256: String
    /// Other string fields (optimiser name, hyperparameters, epoch, RNG state…).
    public var extra: [String: String]

    public init(step: Int, tensors: [String: CheckpointTensor], modelSHA256: String, extra: [String: String] = [:]) {
        self.step = step
        self.tensors = tensors
        self.modelSHA256 = modelSHA256
        self.extra = extra
    }

    /// The optimiser-state path for a checkpoint path: `X.safetensors.zst` → `X.optim.safetensors.zst`.
    public static func path(forCheckpoint path: String) -> String {
        let stem = path.hasSuffix(Checkpoint.fileExtension) ? String(path.dropLast(Checkpoint.fileExtension.count)) : path
        return stem + ".optim" + Checkpoint.fileExtension
    }

    /// Writes the state atomically as a compressed safetensors file.
    public func write(to path: String) throws {
        var metadata = extra.filter { !["format_version", "kind", "step", "model_sha256"].contains($0.key) }
        metadata["format_version"] = String(CheckpointMetadata.currentFormatVersion)
        metadata["kind"] = "optimizer_state"
        metadata["step"] = String(step)
        metadata["model_sha256"] = modelSHA256
        let bytes = SafeTensors(tensors: tensors, metadata: metadata).encoded(defaultDType: .float32)
        try AtomicFile.write(try ZstdFrame.compress(bytes, file: path), to: path)
    }

    /// Loads the state; when `modelSHA256` is given, refuses state written for another model file.
    public static func load(from path: String, modelSHA256 expected: String? = nil) throws -> OptimizerState {
        let container = try SafeTensors.decode(try ZstdFrame.decompress(try Checkpoint.readFile(path), file: path), file: path)
        func fail(_ reason: String) -> CheckpointError { CheckpointError(file: path, reason: reason) }
        guard container.metadata["kind"] == "optimizer_state" else { throw fail("not an optimiser-state file (kind is not optimizer_state)") }
        guard let version = container.metadata["format_version"], version == String(CheckpointMetadata.currentFormatVersion) else {
            throw fail("unknown optimiser-state format version \"\(container.metadata["format_version"] ?? "")\"")
        }
        guard let stepText = container.metadata["step"], let step = Int(stepText), step >= 0 else { throw fail("optimiser state has no valid step") }
        guard let model = container.metadata["model_sha256"], CheckpointMetadata.isSHA256Hex(model) else {
            throw fail("optimiser state does not name its model's SHA-256")
        }
        if let expected, expected != model {
            throw fail("optimiser state belongs to model \(model.prefix(12))…, not to \(expected.prefix(12))…")
        }
        let extra = container.metadata.filter { !["format_version", "kind", "step", "model_sha256"].contains($0.key) }
        return OptimizerState(step: step, tensors: container.tensors, modelSHA256: model, extra: extra)
    }
}

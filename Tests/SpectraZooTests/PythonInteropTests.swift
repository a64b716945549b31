import Foundation
import SpectraCore
import Testing
@testable import SpectraZoo

/// Writes the sample checkpoints that `benchmarks/zoo/check_safetensors.py` loads with Python's
/// `safetensors` (to `$TMPDIR/spectrakit-interop/`), and checks them here.
@Suite struct PythonInteropTests {
    /// A one-block ViT in timm naming: 1-D patch embedding (embed 8, patch 4, 16 tokens), 3 classes.
    /// Values are `((i % 17) - 8) / 8`, exact in float16 too, so the Python side recomputes them.
    static func sampleParameters() -> [String: (shape: [Int], values: [Float])] {
        let d = 8, tokens = 16, hidden = 32, classes = 3
        let shapes: [String: [Int]] = [
            "patch_embed.proj.weight": [d, 1, 4], "patch_embed.proj.bias": [d],
            "cls_token": [1, 1, d], "pos_embed": [1, tokens + 1, d],
            "blocks.0.norm1.weight": [d], "blocks.0.norm1.bias": [d],
            "blocks.0.attn.qkv.weight": [3 * d, d], "blocks.0.attn.qkv.bias": [3 * d],
            "blocks.0.attn.proj.weight": [d, d], "blocks.0.attn.proj.bias": [d],
            "blocks.0.norm2.weight": [d], "blocks.0.norm2.bias": [d],
            "blocks.0.mlp.fc1.weight": [hidden, d], "blocks.0.mlp.fc1.bias": [hidden],
            "blocks.0.mlp.fc2.weight": [d, hidden], "blocks.0.mlp.fc2.bias": [d],
            "norm.weight": [d], "norm.bias": [d],
            "head.weight": [classes, d], "head.bias": [classes],
        ]
        return shapes.mapValues { shape in (shape, (0..<shape.reduce(1, *)).map { Float($0 % 17 - 8) / 8 }) }
    }

    static func sampleCheckpoint() throws -> Checkpoint {
        var metadata = CheckpointMetadata(
            modality: CheckpointModality(id: "ftir", axis: CanonicalAxis(unit: .wavenumberPerCm, start: 400, stop: 4000, step: 4),
                                         preprocessing: Pipeline(steps: [PipelineStepSpec(name: "normalize")])),
            labels: ["benzene", "toluene", "phenol"],
            provenance: TrainingProvenance(dataset: "synthetic", seed: 7, epochs: 2, metrics: ["top1": 0.5], projectVersion: "0.1.0"),
            parentSHA256: SHA256.hexDigest(of: Array("parent".utf8)))
        try metadata.setModelConfig(["architecture": "vit", "embed_dim": "8", "depth": "1", "patch_size": "4"])
        return try Checkpoint(parameters: sampleParameters(), metadata: metadata)
    }

    @Test func writesSampleCheckpointsThatRoundTrip() throws {
        let folder = NSTemporaryDirectory() + "spectrakit-interop"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let checkpoint = try Self.sampleCheckpoint()
        let expectation = CheckpointExpectation(shapes: Self.sampleParameters().mapValues(\.shape))
        for storage in [TensorDType.float32, .float16, .bfloat16] {
            let path = folder + "/tiny-vit-\(storage.rawValue.lowercased()).safetensors.zst"
            try checkpoint.write(to: path, storage: storage)
            let loaded = try Checkpoint.load(from: path, expecting: expectation)
            // Multiples of 1/8 in −1…1 are exact in every storage type.
            #expect(loaded == checkpoint)
        }
    }
}

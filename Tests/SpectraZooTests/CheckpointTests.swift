import Foundation
import SpectraCore
import Testing
import SpectraModels
@testable import SpectraZoo

@Suite struct CheckpointTests {
    /// A tiny ViT-shaped parameter set in timm naming: 2 classes, embedding 4, one block (qkv only).
    static func tinyCheckpoint(labels: [String] = ["quartz", "calcite"]) throws -> Checkpoint {
        let parameters: [String: (shape: [Int], values: [Float])] = [
            "cls_token": ([1, 1, 4], [0.25, -0.5, 1e-7, -0.0]),
            "pos_embed": ([1, 2, 4], [1, 2, 3, 4, 5, 6, 7, 8].map { Float($0) / 3 }),
            "blocks.0.attn.qkv.weight": ([12, 4], (0..<48).map { Float($0) * 0.01 - 0.2 }),
            "head.weight": ([2, 4], [.greatestFiniteMagnitude, -.leastNonzeroMagnitude, 1, 2, 3, 4, 5, 6]),
            "head.bias": ([2], [0.5, -0.5]),
        ]
        var metadata = CheckpointMetadata(
            modality: CheckpointModality(id: "xrd", axis: CanonicalAxis(unit: .twoThetaDegrees, start: 5, stop: 50, step: 0.02),
                                         preprocessing: Pipeline(steps: [PipelineStepSpec(name: "normalize")])),
            labels: labels,
            provenance: TrainingProvenance(dataset: "mof-2000", seed: 42, epochs: 3, metrics: ["top1": 0.7], projectVersion: "0.1.0"))
        try metadata.setModelConfig(["architecture": "vit", "embed_dim": "4"])
        return try Checkpoint(parameters: parameters, metadata: metadata)
    }

    static let expectation = CheckpointExpectation(shapes: [
        "cls_token": [1, 1, 4], "pos_embed": [1, 2, 4], "blocks.0.attn.qkv.weight": [12, 4], "head.weight": [2, 4], "head.bias": [2],
    ])

    func refusalReason(_ body: () throws -> Checkpoint) -> String? {
        do {
            _ = try body()
            return nil
        } catch let error as CheckpointError {
            return error.reason
        } catch {
            return "untyped error \(error)"
        }
    }

    @Test func writeThenLoadGivesBitIdenticalTensorsAndMetadata() throws {
        let folder = try Fixtures.temporaryDirectory()
        let original = try Self.tinyCheckpoint()
        let path = folder + "/tiny.safetensors.zst"
        let digest = try original.write(to: path)
        let loaded = try Checkpoint.load(from: path, expecting: Self.expectation)
        #expect(loaded.metadata == original.metadata)
        #expect(Set(loaded.tensors.keys) == Set(original.tensors.keys))
        for (name, tensor) in original.tensors {
            #expect(loaded.tensors[name]?.isBitIdentical(to: tensor) == true, "\(name)")
        }
        // The returned digest is the SHA-256 of the file as written (checked independently of `write`).
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(digest == SHA256.hexDigest(of: bytes))
        // Atomic write leaves no temporary file behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["tiny.safetensors.zst"])
    }

    @Test func metadataIsStoredAsDocumentedStrings() throws {
        let checkpoint = try Self.tinyCheckpoint()
        let file = try SafeTensors.decode(try checkpoint.safetensorsBytes(), file: nil)
        #expect(file.metadata["format_version"] == "1")
        #expect(file.metadata["labels"] == #"["quartz","calcite"]"#)
        #expect(file.metadata["model_config"] == #"{"architecture":"vit","embed_dim":"4"}"#)
        #expect(file.metadata["provenance"] == #"{"dataset":"mof-2000","epochs":3,"metrics":{"top1":0.7},"project_version":"0.1.0","seed":42}"#)
        #expect(file.metadata["modality"]?.hasPrefix(#"{"axis":{"start":5,"step":0.02,"stop":50,"unit":"#) == true)
        #expect(file.metadata["parent_sha256"] == nil)
    }

    @Test func float16StorageRoundsEveryValueOnce() throws {
        let checkpoint = try Self.tinyCheckpoint()
        let loaded = try Checkpoint.decode(safetensors: try checkpoint.safetensorsBytes(storage: .float16), file: nil)
        // pos_embed[0] = 1/3: float16 nearest is 0x3555 = 1365/4096, Float32 bits 0x3eaaa000.
        #expect(loaded.tensors["pos_embed"]?.values.first?.bitPattern == 0x3EAA_A000)
        // head.weight[0] = Float.greatestFiniteMagnitude overflows float16 to +inf.
        #expect(loaded.tensors["head.weight"]?.values.first == .infinity)
        #expect(loaded.tensors["head.bias"]?.values == [0.5, -0.5])
    }

    @Test func parentSHA256RoundTripsAndIsValidated() throws {
        var checkpoint = try Self.tinyCheckpoint()
        checkpoint.metadata.parentSHA256 = String(repeating: "ab", count: 32)
        let loaded = try Checkpoint.decode(safetensors: try checkpoint.safetensorsBytes(), file: nil)
        #expect(loaded.metadata.parentSHA256 == String(repeating: "ab", count: 32))
        var map = try checkpoint.metadata.encoded()
        map["parent_sha256"] = "XYZ"
        #expect(throws: CheckpointError.self) { try CheckpointMetadata.decode(map, file: "c") }
    }

    @Test func refusesTruncatedFiles() throws {
        let compressed = try ZstdFrame.compress(try Self.tinyCheckpoint().safetensorsBytes())
        for length in stride(from: 0, to: compressed.count, by: 7) {
            #expect(refusalReason { try Checkpoint.load(compressed: Array(compressed.prefix(length)), file: "t") } != nil)
        }
    }

    @Test func aFlippedByteIsRefusedOrLeavesTheCheckpointIdentical() throws {
        let original = try Self.tinyCheckpoint()
        let compressed = try ZstdFrame.compress(try original.safetensorsBytes())
        var refused = 0
        for position in 0..<compressed.count {
            var corrupt = compressed
            corrupt[position] ^= 0x10
            do {
                let loaded = try Checkpoint.load(compressed: corrupt, file: "c")
                #expect(loaded.metadata == original.metadata && loaded.tensors == original.tensors, "flip at \(position)")
            } catch is CheckpointError {
                refused += 1
            }
        }
        #expect(refused >= compressed.count - 4)
    }

    @Test func refusesUnknownFormatVersion() throws {
        var checkpoint = try Self.tinyCheckpoint()
        checkpoint.metadata.formatVersion = 2
        let bytes = try checkpoint.safetensorsBytes()
        #expect(refusalReason { try Checkpoint.decode(safetensors: bytes, file: "v2") }
                == "unknown checkpoint format version \"2\" (this build reads version 1)")
        let noVersion = SafeTensors(tensors: [:], metadata: ["labels": "[]"]).encoded()
        #expect(refusalReason { try Checkpoint.decode(safetensors: noVersion, file: "v") }
                == "not a SpectraKit checkpoint: __metadata__ has no format_version")
    }

    @Test func refusesMissingTensorShapeMismatchAndUnexpectedTensors() throws {
        var checkpoint = try Self.tinyCheckpoint()
        checkpoint.tensors["head.bias"] = nil
        #expect(refusalReason { try Checkpoint.decode(safetensors: try checkpoint.safetensorsBytes(), file: "c", expecting: Self.expectation) }
                == "missing tensor \"head.bias\" (the model config needs shape [2])")
        var expectation = Self.expectation
        expectation.shapes["pos_embed"] = [1, 3, 4]
        let complete = try Self.tinyCheckpoint().safetensorsBytes()
        #expect(refusalReason { try Checkpoint.decode(safetensors: complete, file: "c", expecting: expectation) }
                == "tensor \"pos_embed\" has shape [1, 2, 4] but the model config needs [1, 3, 4]")
        var fewer = Self.expectation
        fewer.shapes["head.bias"] = nil
        #expect(refusalReason { try Checkpoint.decode(safetensors: complete, file: "c", expecting: fewer) }
                == "unexpected tensor \"head.bias\" that the model config does not use")
        fewer.allowsExtraTensors = true
        #expect(refusalReason { try Checkpoint.decode(safetensors: complete, file: "c", expecting: fewer) } == nil)
    }

    @Test func refusesLabelsThatDisagreeWithTheHead() throws {
        // Written by hand-assembling the container, since Checkpoint refuses to write such a file.
        let good = try Self.tinyCheckpoint()
        var metadata = try good.metadata.encoded()
        metadata["labels"] = #"["quartz","calcite","halite"]"#
        let bytes = SafeTensors(tensors: good.tensors, metadata: metadata).encoded()
        #expect(refusalReason { try Checkpoint.decode(safetensors: bytes, file: "c") }
                == "3 labels but head.weight has shape [2, 4] (first dimension is the class count)")
        #expect(throws: CheckpointError.self) { try Self.tinyCheckpoint(labels: ["one"]).safetensorsBytes() }
    }

    @Test func refusesParametersWhoseValuesDisagreeWithTheirShape() {
        #expect(throws: CheckpointError(file: nil, reason: "parameter \"w\": shape [2, 2] needs 4 values, got 3")) {
            try Checkpoint(parameters: ["w": ([2, 2], [1, 2, 3])], metadata: CheckpointMetadata())
        }
    }

    @Test func refusesMissingFilesAndNonCheckpoints() throws {
        let folder = try Fixtures.temporaryDirectory()
        #expect(refusalReason { try Checkpoint.load(from: folder + "/none.safetensors.zst") } == "no such file")
        try AtomicFile.write(Fixtures.zstdCLIFrame, to: folder + "/fx.safetensors.zst")
        // The Python fixture has format_version 1 and a head.weight of shape [2, 3] but no labels.
        #expect(refusalReason { try Checkpoint.load(from: folder + "/fx.safetensors.zst") }
                == "0 labels but head.weight has shape [2, 3] (first dimension is the class count)")
        try AtomicFile.write(Fixtures.pythonSafetensors, to: folder + "/plain.safetensors.zst")
        #expect(refusalReason { try Checkpoint.load(from: folder + "/plain.safetensors.zst") }
                == "not a zstd frame (missing magic number 28 B5 2F FD)")
    }

    @Test func optimizerStateRoundTripsBesideTheCheckpointAndRefusesAnotherModel() throws {
        let folder = try Fixtures.temporaryDirectory()
        let path = folder + "/run.safetensors.zst"
        #expect(OptimizerState.path(forCheckpoint: path) == folder + "/run.optim.safetensors.zst")
        #expect(OptimizerState.path(forCheckpoint: "x.bin") == "x.bin.optim.safetensors.zst")
        let digest = try Self.tinyCheckpoint().write(to: path)
        let state = OptimizerState(step: 17, tensors: ["exp_avg.head.bias": try CheckpointTensor(shape: [2], values: [1e-9, -3])],
                                   modelSHA256: digest, extra: ["epoch": "2"])
        try state.write(to: OptimizerState.path(forCheckpoint: path))
        #expect(try OptimizerState.load(from: OptimizerState.path(forCheckpoint: path), modelSHA256: digest) == state)
        #expect(throws: CheckpointError.self) {
            try OptimizerState.load(from: OptimizerState.path(forCheckpoint: path), modelSHA256: String(repeating: "0", count: 64))
        }
        // A model checkpoint is not an optimiser state.
        #expect(throws: CheckpointError.self) { try OptimizerState.load(from: path) }
    }
}

@Suite struct BaselineCheckpointTests {
    private static func classifier(_ baseline: any BaselineClassifier, labels: [String]) throws -> SpectrumClassifier {
        let axis = CanonicalAxis(unit: .arbitrary, start: 0, stop: 2, step: 1)
        return try SpectrumClassifier(network: .baseline(baseline), labels: labels,
                                      modality: CheckpointModality(id: "test", axis: axis, preprocessing: Pipeline()))
    }

    /// Every fitted baseline saved as a checkpoint predicts exactly the same after loading.
    @Test func everyBaselineSurvivesACheckpointRoundTrip() throws {
        let features: [[Float]] = [[1, 0, 0.5], [0.9, 0.1, 0.4], [0, 1, 0.2], [0.1, 0.8, 0.3], [0.5, 0.5, 0.9]]
        let labels = [0, 0, 1, 1, 2]
        var knn = try KNearestNeighbours(k: 2, similarity: .pearson)
        var bayes = try GaussianNaiveBayes()
        var logistic = try LogisticRegression(inverseRegularization: 1)
        try knn.fit(features: features, labels: labels, classCount: 3)
        try bayes.fit(features: features, labels: labels, classCount: 3)
        try logistic.fit(features: features, labels: labels, classCount: 3)
        for (model, expected) in [(knn as any BaselineClassifier, "knn"), (bayes, "gaussian_nb"), (logistic, "logistic_regression")] {
            let bytes = try Self.classifier(model, labels: ["x", "y", "z"]).checkpoint().safetensorsBytes()
            let checkpoint = try Checkpoint.load(compressed: try ZstdFrame.compress(bytes), file: expected)
            #expect(ModelZoo.architecture(of: checkpoint.metadata) == expected)
            let loaded = try SpectrumClassifier.load(checkpoint, file: expected)
            guard case .baseline(let restored) = loaded.network else { Issue.record("\(expected) did not load as a baseline"); continue }
            #expect(type(of: restored).architecture == expected)
            for row in features {
                #expect(try restored.predictProbabilities(row) == model.predictProbabilities(row), "\(expected)")
            }
        }
        #expect(throws: CheckpointError.self) { try Self.classifier(knn, labels: ["x"]) }
    }
}

import SpectraCore
import SpectraModels
import SpectraNN
import Testing

@Suite struct ViTModelTests {
    @Test func parameterNamesAndShapesFollowTimm() throws {
        // Written out by hand from timm's VisionTransformer(embed_dim=8, depth=1, num_heads=2, mlp_ratio=4)
        // with a 1-D patch embedding of 4 points (4 segments of 16 points → 5 tokens with CLS).
        let config = ViTConfiguration(inputLength: 16, segmentLength: 4, embedDim: 8, depth: 1, heads: 2)
        let model = try ViTModel(configuration: config, classes: 5)
        let expected: [(String, [Int])] = [
            ("cls_token", [1, 1, 8]), ("pos_embed", [1, 5, 8]),
            ("patch_embed.proj.weight", [8, 4]), ("patch_embed.proj.bias", [8]),
            ("blocks.0.norm1.weight", [8]), ("blocks.0.norm1.bias", [8]),
            ("blocks.0.attn.qkv.weight", [24, 8]), ("blocks.0.attn.qkv.bias", [24]),
            ("blocks.0.attn.proj.weight", [8, 8]), ("blocks.0.attn.proj.bias", [8]),
            ("blocks.0.norm2.weight", [8]), ("blocks.0.norm2.bias", [8]),
            ("blocks.0.mlp.fc1.weight", [32, 8]), ("blocks.0.mlp.fc1.bias", [32]),
            ("blocks.0.mlp.fc2.weight", [8, 32]), ("blocks.0.mlp.fc2.bias", [8]),
            ("norm.weight", [8]), ("norm.bias", [8]),
            ("head.weight", [5, 8]), ("head.bias", [5]),
        ]
        #expect(model.namedParameters.map(\.name) == expected.map(\.0))
        #expect(model.namedParameters.map(\.shape) == expected.map(\.1))
        // The direct embedding (segments of embedDim points) has no patch_embed tensor.
        let direct = try ViTBackbone(configuration: ViTConfiguration(inputLength: 20, segmentLength: 0, embedDim: 8, depth: 1,
                                                                     heads: 2, embedding: .direct))
        #expect(!direct.namedParameters.contains { $0.name.hasPrefix("patch_embed") })
        #expect(direct.configuration.tokenCount == 3)  // 20 points → 2 segments of 8 (4 dropped) + CLS
    }

    @Test func configurationErrorsAreTyped() {
        let good = ViTConfiguration(inputLength: 16, segmentLength: 4, embedDim: 8, depth: 1, heads: 2)
        var longSegment = good; longSegment.segmentLength = 17
        var badHeads = good; badHeads.heads = 3
        var zeroDepth = good; zeroDepth.depth = 0
        var badDrop = good; badDrop.dropPathRate = 1.5
        var directTooLong = good; directTooLong.embedding = .direct; directTooLong.embedDim = 32; directTooLong.heads = 4
        for config in [longSegment, badHeads, zeroDepth, badDrop, directTooLong] {
            #expect(throws: ModelError.self) { try config.validate() }
            #expect(throws: ModelError.self) { _ = try ViTBackbone(configuration: config) }
        }
        #expect(throws: ModelError.self) { try longSegment.validate(file: "cfg.json") }
        do { try badHeads.validate(file: "cfg.json") } catch {
            #expect("\(error)" == "cfg.json: heads (3) must divide the embedding dimension (8)")
        }
        #expect(throws: ModelError.self) { _ = try PaperCNN(inputLength: 75, classes: 3) }
        #expect((try? PaperCNN(inputLength: 76, classes: 3)) != nil)
    }

    @Test func badBatchesAreTypedErrors() throws {
        let config = ViTConfiguration(inputLength: 16, segmentLength: 4, embedDim: 8, depth: 1, heads: 2)
        let model = try ViTModel(configuration: config, classes: 3)
        var input = [Float](repeating: 0.5, count: 32)
        input[21] = .nan
        #expect(throws: ModelError.self) {
            try input.withUnsafeBufferPointer { _ = try model.predict($0.baseAddress!, batch: 2) }
        }
        input[21] = 0
        #expect(throws: ModelError.self) {
            try input.withUnsafeBufferPointer { try model.lossAndGradients($0.baseAddress!, batch: 2, targets: ["head": .classes([0, 3])]) }
        }
        #expect(throws: ModelError.self) {
            try input.withUnsafeBufferPointer { try model.lossAndGradients($0.baseAddress!, batch: 2, targets: ["head": .values([0, 3])]) }
        }
        // A NaN loss names the step and leaves the weights untouched.
        let before = model.exportParameters()["head.weight"]!.values
        model.backbone.parameters.values[0] = .infinity
        do {
            _ = try input.withUnsafeBufferPointer {
                try model.trainStep($0.baseAddress!, batch: 2, targets: ["head": .classes([0, 1])], optimiser: Adam.adamW(),
                                    learningRate: 0.1, step: 17)
            }
            Issue.record("expected a NaN-loss error")
        } catch let error as ModelError {
            #expect(error.reason.hasPrefix("step 17:"))
        }
        #expect(model.exportParameters()["head.weight"]!.values == before)
    }

    @Test func replacingAHeadKeepsTheBackboneAndExportRoundTrips() throws {
        let config = ViTConfiguration(inputLength: 16, segmentLength: 4, embedDim: 8, depth: 1, heads: 2)
        let model = try ViTModel(configuration: config, classes: 3, seed: 4)
        let backboneBefore = model.backbone.exportParameters()
        try model.replaceHead(ClassificationHead(embedDim: 8, classes: 7, seed: 9))
        #expect(model.head(named: "head")?.outputCount == 7)
        let after = model.backbone.exportParameters()
        for (name, tensor) in backboneBefore { #expect(after[name]?.values == tensor.values) }
        #expect(throws: ModelError.self) { try model.replaceHead(ClassificationHead(embedDim: 9, classes: 7)) }
        #expect(throws: ModelError.self) { try model.add(RegressionHead(name: "head", embedDim: 8, outputs: 1)) }
        // Export → import into a fresh model reproduces the outputs exactly.
        let other = try ViTModel(configuration: config, classes: 7, seed: 99)
        try other.importParameters(model.exportParameters())
        var g = SeededGenerator(seed: 3)
        let input = (0..<32).map { _ in Float(g.uniform()) }
        let a = try input.withUnsafeBufferPointer { try model.predict($0.baseAddress!, batch: 2).toArray() }
        let b = try input.withUnsafeBufferPointer { try other.predict($0.baseAddress!, batch: 2).toArray() }
        #expect(a == b)
        var broken = model.exportParameters()
        broken["blocks.0.attn.qkv.weight"] = ([8, 8], [Float](repeating: 0, count: 64))
        #expect(throws: ModelError.self) { try other.importParameters(broken) }
        broken.removeValue(forKey: "blocks.0.attn.qkv.weight")
        #expect(throws: ModelError.self) { try other.importParameters(broken) }
    }

    @Test func attentionWeightsAndCLSEmbeddingsAreExposed() throws {
        let config = ViTConfiguration(inputLength: 16, segmentLength: 4, embedDim: 8, depth: 2, heads: 2)
        let model = try ViTModel(configuration: config, classes: 3)
        let input = [Float](repeating: 0.25, count: 48)
        _ = try input.withUnsafeBufferPointer { try model.predict($0.baseAddress!, batch: 3) }
        let att = try #require(model.backbone.attentionWeights(layer: 1))
        #expect(att.count == 3 * 2 * 5 * 5)
        // Each row is a probability distribution over the 5 tokens.
        for row in 0..<(3 * 2 * 5) { #expect(abs(att[(row * 5)..<(row * 5 + 5)].reduce(0, +) - 1) < 1e-5) }
        #expect(model.backbone.attentionWeights(layer: 2) == nil)
        let cls = try #require(model.backbone.clsEmbeddings())
        #expect(cls.count == 3 * 8)
        // After the final LayerNorm with weight 1, bias 0 each embedding has mean 0.
        #expect(abs(cls[0..<8].reduce(0, +)) < 1e-4)
    }
}

import Foundation
import SpectraCore
import SpectraModels
import SpectraNN
import Testing

/// The same weights give the same logits as PyTorch, and one AdamW step moves them the same way.
/// Fixture: Fixtures/vit_parity.json, written once by benchmarks/vit/make_parity_fixture.py
/// (torch 2.15 CPU, the mirror model in benchmarks/vit/spectra_vit.py).
@Suite struct PyTorchParityTests {
    struct Fixture: Decodable {
        struct Config: Decodable { var input_length, segment, embed, depth, heads, classes: Int; var mlp_ratio: Double }
        struct Named: Decodable { var shape: [Int]; var values: [Float] }
        var config: Config
        var learning_rate: Float
        var weight_decay: Float
        var input: [Float]
        var labels: [Int32]
        var logits: [Float]
        var loss: Double
        var weights: [String: Named]
        var updated: [String: Named]
    }

    func load() throws -> (Fixture, ViTModel) {
        let url = try #require(Bundle.module.url(forResource: "vit_parity", withExtension: "json", subdirectory: "Fixtures"))
        let fixture = try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
        let c = fixture.config
        let config = ViTConfiguration(inputLength: c.input_length, segmentLength: c.segment, embedDim: c.embed, depth: c.depth,
                                      heads: c.heads, mlpRatio: c.mlp_ratio)
        let model = try ViTModel(configuration: config, classes: c.classes, seed: 123)
        try model.importParameters(fixture.weights.mapValues { ($0.shape, $0.values) })
        return (fixture, model)
    }

    @Test func logitsMatchPyTorch() throws {
        let (fixture, model) = try load()
        let batch = fixture.labels.count
        let logits = try fixture.input.withUnsafeBufferPointer { try model.predict($0.baseAddress!, batch: batch).toArray() }
        #expect(logits.count == fixture.logits.count)
        for (a, b) in zip(logits, fixture.logits) {
            #expect(abs(a - b) <= 1e-4 * max(abs(b), 1), "\(a) vs \(b)")
        }
    }

    @Test func oneAdamWStepMatchesPyTorch() throws {
        let (fixture, model) = try load()
        let batch = fixture.labels.count
        let loss = try fixture.input.withUnsafeBufferPointer {
            try model.trainStep($0.baseAddress!, batch: batch, targets: ["head": .classes(fixture.labels)],
                                optimiser: Adam.adamW(weightDecay: fixture.weight_decay), learningRate: fixture.learning_rate, step: 1)
        }
        #expect(abs(loss - fixture.loss) < 1e-4 * fixture.loss)
        let updated = model.exportParameters()
        #expect(Set(updated.keys) == Set(fixture.updated.keys))
        for (name, expected) in fixture.updated {
            let ours = try #require(updated[name])
            let before = try #require(fixture.weights[name])
            // Adam's first step moves each weight by ≈ lr = 1e-3 in the gradient's sign direction;
            // 1e-6 absolute is 0.1 % of that move. The key bias (qkv.bias[C..<2C]) is skipped: its
            // exact gradient is 0 (it adds q·b to a whole softmax row), so both sides hold only
            // rounding noise (~1e-9) that Adam's g/(|g|+ε) blows up differently.
            let c = fixture.config.embed
            let skipped = name.hasSuffix("attn.qkv.bias") ? c..<(2 * c) : 0..<0
            for i in 0..<expected.values.count where !skipped.contains(i) {
                #expect(abs(ours.values[i] - expected.values[i]) < 1e-6, "\(name)[\(i)]")
            }
            #expect(ours.values != before.values, "\(name) did not move")
        }
    }
}

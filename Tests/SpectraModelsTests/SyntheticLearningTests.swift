import Foundation
import SpectraCore
import SpectraModels
import SpectraNN
import Testing

/// A tiny ViT learns to tell 10 classes of synthetic spectra apart: each class is a Gaussian peak
/// at its own position, randomly shifted by up to ±3 points, scaled, on a noisy sloped baseline.
@Suite struct SyntheticLearningTests {
    static let length = 128

    static func sample(_ label: Int, _ g: inout SeededGenerator) -> [Float] {
        let center = 10 + 11 * Double(label) + Double(g.int(in: -3...3))
        let height = g.uniform(0.7, 1.3), slope = g.uniform(-0.2, 0.2)
        return (0..<length).map { i in
            let x = Double(i)
            let peak = height * exp(-0.5 * (x - center) * (x - center) / 4)
            return Float(peak + slope * x / Double(length) + 0.05 * g.gaussian())
        }
    }

    static func batch(_ count: Int, _ g: inout SeededGenerator) -> (input: [Float], labels: [Int32]) {
        var input: [Float] = [], labels: [Int32] = []
        for _ in 0..<count {
            let label = g.int(below: 10)
            input += sample(label, &g)
            labels.append(Int32(label))
        }
        return (input, labels)
    }

    @Test func tinyViTReachesOver95PercentTop1() throws {
        let config = ViTConfiguration(inputLength: Self.length, segmentLength: 16, embedDim: 32, depth: 2, heads: 2,
                                      mlpRatio: 2, dropout: 0, dropPathRate: 0.05)
        let model = try ViTModel(configuration: config, classes: 10, seed: 1)
        var g = SeededGenerator(seed: 2)
        let optimiser = Adam.adamW(weightDecay: 0.01)
        // 250 steps of 32: PyTorch with the same model and recipe reaches 100 % here too
        // (benchmarks/vit/spectra_vit.py); with segments of 8 both learn far more slowly.
        let steps = 250
        let schedule = WarmupCosineSchedule(peak: 3e-3, warmupSteps: 20, totalSteps: steps, minimum: 1e-4)
        for step in 1...steps {
            let (input, labels) = Self.batch(32, &g)
            try input.withUnsafeBufferPointer {
                _ = try model.trainStep($0.baseAddress!, batch: 32, targets: ["head": .classes(labels)], optimiser: optimiser,
                                        learningRate: schedule.learningRate(at: step - 1), step: step, clipNorm: 1)
            }
        }
        var test = SeededGenerator(seed: 777)
        let (input, labels) = Self.batch(500, &test)
        let logits = try input.withUnsafeBufferPointer { try model.predict($0.baseAddress!, batch: 500).toArray() }
        var correct = 0
        for i in 0..<500 {
            let row = logits[(i * 10)..<(i * 10 + 10)]
            if row.firstIndex(of: row.max()!)! - i * 10 == Int(labels[i]) { correct += 1 }
        }
        let accuracy = Double(correct) / 500
        #expect(accuracy > 0.95, "top-1 \(accuracy)")
    }
}

import SpectraCore
@testable import SpectraModels
import SpectraNN
import Testing

/// Whole-model gradients against central finite differences (Float32; tolerance argued in
/// `relativeError`'s comment): every ViT parameter, and a sample of the CNN's.
@Suite struct ModelGradientTests {
    /// ‖analytic − numeric‖ / ‖numeric‖. For the smooth ViT, Float32 with h = 1e-2: the forward's
    /// Float32 rounding (≈ 1e-6 on a loss of ~1) gives ≈ 1e-6/(2h) = 5e-5 noise per entry, ~1e-4
    /// relative on the vector, and truncation is h²-small; 2e-3 keeps a 10× margin while a broken
    /// term shows up as ≥ 1e-1. The CNN needs its own rule (see that test).
    static func relativeError(_ analytic: [Float], _ numeric: [Double]) -> Double {
        var diff = 0.0, norm = 0.0
        for (a, n) in zip(analytic, numeric) { diff += (Double(a) - n) * (Double(a) - n); norm += n * n }
        return diff.squareRoot() / max(norm.squareRoot(), 1e-12)
    }

    static func random(_ count: Int, _ g: inout SeededGenerator) -> [Float] {
        (0..<count).map { _ in Float(g.uniform(-1, 1)) }
    }

    @Test(arguments: [ViTConfiguration.Embedding.linear, .direct])
    func vitWithThreeHeadsMatchesFiniteDifferences(embedding: ViTConfiguration.Embedding) throws {
        // 13 points, segments of 4 (linear) or 8 (direct = embedDim): trailing points are dropped.
        let config = ViTConfiguration(inputLength: 13 + (embedding == .direct ? 4 : 0), segmentLength: 4, embedDim: 8,
                                      depth: 2, heads: 2, mlpRatio: 2, dropout: 0.1, attentionDropout: 0.1,
                                      dropPathRate: 0.3, embedding: embedding)
        let backbone = try ViTBackbone(configuration: config, seed: 11)
        let model = try ViTModel(backbone: backbone, heads: [
            ClassificationHead(embedDim: 8, classes: 3, labelSmoothing: 0.1, seed: 1),
            MultiLabelHead(name: "heads.groups", embedDim: 8, labels: 2, seed: 2),
            RegressionHead(name: "heads.density", embedDim: 8, outputs: 1, seed: 3),
        ])
        var g = SeededGenerator(seed: 12)
        let b = 3
        let input = Self.random(b * config.inputLength, &g)
        // Larger weights than the 0.02 initialisation so every path carries a visible gradient.
        for set in model.parameterSets {
            for i in 0..<set.count where set.values[i] != 1 { set.values[i] = Float(g.uniform(-0.5, 0.5)) }
        }
        let targets: [String: HeadTarget] = [
            "head": .classes([2, 0, 1]),
            "heads.groups": .multiLabel([1, 0, 0, 1, 1, 1]),
            "heads.density": .values([0.5, -0.2, 1.0]),
        ]
        let savedGenerator = backbone.generator
        func loss() -> Double {
            backbone.generator = savedGenerator  // same dropout masks on every evaluation
            return (try? input.withUnsafeBufferPointer { try model.lossAndGradients($0.baseAddress!, batch: b, targets: targets) }) ?? .nan
        }
        _ = loss()
        let analytic = model.parameterSets.flatMap { Array(UnsafeBufferPointer(start: $0.gradients, count: $0.count)) }
        var numeric: [Double] = []
        for set in model.parameterSets {
            for i in 0..<set.count {
                let saved = set.values[i]
                set.values[i] = saved + 1e-2
                let plus = loss()
                set.values[i] = saved - 1e-2
                let minus = loss()
                set.values[i] = saved
                numeric.append((plus - minus) / 2e-2)
            }
        }
        #expect(numeric.allSatisfy { $0.isFinite })
        #expect(Self.relativeError(analytic, numeric) < 2e-3)
        // Dropout really was active: the training loss differs from the inference one.
        let inference = try input.withUnsafeBufferPointer { try model.lossAndGradients($0.baseAddress!, batch: b, targets: targets, training: false) }
        #expect(abs(inference - loss()) > 1e-4)
    }

    /// The encoder runs group by group of samples (about 320 token rows each; see
    /// `ViTBackbone.samplesPerGroup`): with 81 tokens a batch of 4 is one group of 3 samples and one
    /// of 1, so rows, attention maps, dropout masks and drop-path scales are offset per group and the
    /// groups' sums over rows (LayerNorm weights, biases) are added up afterwards.
    @Test func vitRunGroupByGroupMatchesFiniteDifferences() throws {
        #expect(ViTBackbone.samplesPerGroup(tokens: 81) == 3)
        let config = ViTConfiguration(inputLength: 320, segmentLength: 4, embedDim: 8, depth: 2, heads: 2, mlpRatio: 2,
                                      dropout: 0.1, attentionDropout: 0.1, dropPathRate: 0.3)
        let backbone = try ViTBackbone(configuration: config, seed: 21)
        let model = try ViTModel(backbone: backbone, heads: [ClassificationHead(embedDim: 8, classes: 3, seed: 4)])
        var g = SeededGenerator(seed: 22)
        let b = 4
        let input = Self.random(b * config.inputLength, &g)
        for set in model.parameterSets {
            for i in 0..<set.count where set.values[i] != 1 { set.values[i] = Float(g.uniform(-0.5, 0.5)) }
        }
        let targets: [String: HeadTarget] = ["head": .classes([2, 0, 1, 1])]
        let savedGenerator = backbone.generator
        func loss() -> Double {
            backbone.generator = savedGenerator
            return (try? input.withUnsafeBufferPointer { try model.lossAndGradients($0.baseAddress!, batch: b, targets: targets) }) ?? .nan
        }
        _ = loss()
        let analytic = model.parameterSets.flatMap { Array(UnsafeBufferPointer(start: $0.gradients, count: $0.count)) }
        var numeric: [Double] = []
        for set in model.parameterSets {
            for i in 0..<set.count {
                let saved = set.values[i]
                set.values[i] = saved + 1e-2
                let plus = loss()
                set.values[i] = saved - 1e-2
                let minus = loss()
                set.values[i] = saved
                numeric.append((plus - minus) / 2e-2)
            }
        }
        #expect(numeric.allSatisfy { $0.isFinite })
        #expect(Self.relativeError(analytic, numeric) < 2e-3)
    }

    @Test func paperCNNMatchesFiniteDifferencesOnASampleOfEveryTensor() throws {
        let cnn = try PaperCNN(inputLength: 80, classes: 3, dropout: 0.2, seed: 5)
        // The check is of the gradients, not of the initialisation: random biases keep max-pool windows free
        // of ties and pre-activations away from the ReLU kink (He weights with the init's zero biases leave
        // exact ties on this small input), so every tensor, bias included, is drawn U(±1/√fan-in of its layer).
        var initGenerator = SeededGenerator(seed: 5, stream: 0xC1) // as PaperCNN drew them before it used He init
        var fanIn = 1
        cnn.parameters.initialise { spec in
            if spec.shape.count > 1 { fanIn = spec.shape.dropFirst().reduce(1, *) } // a weight; its bias follows
            return Initialiser.uniform(count: spec.count, bound: 1 / Double(fanIn).squareRoot(), generator: &initGenerator)
        }
        var g = SeededGenerator(seed: 13)
        let input = Self.random(2 * 80, &g)
        let labels: [Int32] = [1, 2]
        let saved = cnn.generator
        func loss() -> Double {
            cnn.generator = saved
            return (try? input.withUnsafeBufferPointer { try cnn.lossAndGradients($0.baseAddress!, labels: labels) }) ?? .nan
        }
        _ = loss()
        let set = cnn.parameters
        var analytic: [Float] = [], numeric: [Double] = []
        for (spec, offset) in zip(set.specs, set.offsets) {
            for j in stride(from: 0, to: spec.count, by: max(1, spec.count / 12)) {
                let i = offset + j
                analytic.append(set.gradients[i])
                let v = set.values[i]
                set.values[i] = v + 1e-3
                let plus = loss()
                set.values[i] = v - 1e-3
                let minus = loss()
                set.values[i] = v
                numeric.append((plus - minus) / 2e-3)
            }
        }
        #expect(analytic.contains { $0 != 0 })
        // The CNN is piecewise linear (ReLU, max), so h must stay small (1e-3; at 1e-2 kinks
        // inside ±h spoil 1 % of entries), and at 1e-3 the Float32 forward's rounding (≈ 1e-6 on a
        // loss of ~1, measured) leaves ≈ 3e-4 absolute noise per numeric entry. So: every entry
        // within 1e-3 absolute (3× the noise), and entries above the noise floor (|g| > 1e-2)
        // within 2e-3 relative.
        let large = zip(analytic, numeric).filter { abs($0.1) > 1e-2 }
        #expect(large.count > 20)
        #expect(Self.relativeError(large.map(\.0), large.map(\.1)) < 2e-3)
        #expect(zip(analytic, numeric).allSatisfy { abs(Double($0.0) - $0.1) < 1e-3 })
    }
}

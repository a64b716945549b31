import SpectraCore
import SpectraNN
import Testing

@Suite struct LossTests {
    @Test func crossEntropyMatchesNumpyWithAndWithoutSmoothing() throws {
        // numpy: z = [1,2,3], p = softmax(z): -log p[2] = 0.4076059644443803;
        // smoothing 0.1: 0.9·(-log p[2]) + 0.1·mean(-log p) = 0.5076059644443803
        let z: [Float] = [1, 2, 3]
        let plain = try Loss.softmaxCrossEntropy(logits: z, labels: [2], dlogits: nil, batch: 1, classes: 3)
        let smooth = try Loss.softmaxCrossEntropy(logits: z, labels: [2], dlogits: nil, batch: 1, classes: 3, smoothing: 0.1)
        #expect(abs(plain - 0.4076059644443803) < 1e-6)
        #expect(abs(smooth - 0.5076059644443803) < 1e-6)
    }

    @Test(arguments: [Float(0), 0.1])
    func crossEntropyGradientMatchesFiniteDifferences(smoothing: Float) throws {
        var g = SeededGenerator(seed: 8)
        var z = GradientCheck.random(12, &g, scale: 3)
        let labels: [Int32] = [0, 3, 1]
        var dz = [Float](repeating: 0, count: 12)
        _ = try Loss.softmaxCrossEntropy(logits: z, labels: labels, dlogits: &dz, batch: 3, classes: 4, smoothing: smoothing)
        let n = GradientCheck.numeric(count: 12, value: { z[$0] }, set: { z[$0] = $1 }) {
            (try? Loss.softmaxCrossEntropy(logits: z, labels: labels, dlogits: nil, batch: 3, classes: 4, smoothing: smoothing)) ?? .nan
        }
        #expect(GradientCheck.relativeError(dz, n) < GradientCheck.tolerance)
    }

    @Test func crossEntropyRejectsLabelsOutOfRange() {
        #expect(throws: NNError.self) {
            try Loss.softmaxCrossEntropy(logits: [0, 0, 0], labels: [3], dlogits: nil, batch: 1, classes: 3)
        }
        #expect(throws: NNError.self) {
            try Loss.softmaxCrossEntropy(logits: [0, 0, 0], labels: [-1], dlogits: nil, batch: 1, classes: 3)
        }
    }

    @Test func crossEntropyIsStableForHugeLogits() throws {
        // logits [1000, 0]: loss for label 0 is log(1 + e^-1000) ≈ 0, for label 1 it is 1000.
        let a = try Loss.softmaxCrossEntropy(logits: [1000, 0], labels: [0], dlogits: nil, batch: 1, classes: 2)
        let b = try Loss.softmaxCrossEntropy(logits: [1000, 0], labels: [1], dlogits: nil, batch: 1, classes: 2)
        #expect(a.isFinite && abs(a) < 1e-9)
        #expect(abs(b - 1000) < 1e-3)
    }

    @Test func binaryCrossEntropyAndMSEMatchHandValuesAndFiniteDifferences() {
        // BCE(x=0, y=1) = log 2 = 0.6931471805599453; BCE(x=2, y=0) = 2 + log(1+e^-2) = 2.1269280110429727
        let bce = Loss.binaryCrossEntropy(logits: [0, 2], targets: [1, 0], dlogits: nil, count: 2)
        #expect(abs(bce - (0.6931471805599453 + 2.1269280110429727) / 2) < 1e-6)
        // MSE([1, 3], [0, 0]) = (1 + 9) / 2 = 5
        #expect(Loss.meanSquaredError(outputs: [1, 3], targets: [0, 0], doutputs: nil, count: 2) == 5)
        var g = SeededGenerator(seed: 9)
        var x = GradientCheck.random(8, &g, scale: 3)
        let y: [Float] = [1, 0, 0, 1, 0.5, 1, 0, 0]
        var dx = [Float](repeating: 0, count: 8)
        _ = Loss.binaryCrossEntropy(logits: x, targets: y, dlogits: &dx, count: 8)
        let n = GradientCheck.numeric(count: 8, value: { x[$0] }, set: { x[$0] = $1 }) {
            Loss.binaryCrossEntropy(logits: x, targets: y, dlogits: nil, count: 8)
        }
        #expect(GradientCheck.relativeError(dx, n) < GradientCheck.tolerance)
        var dm = [Float](repeating: 0, count: 8)
        _ = Loss.meanSquaredError(outputs: x, targets: y, doutputs: &dm, count: 8)
        let nm = GradientCheck.numeric(count: 8, value: { x[$0] }, set: { x[$0] = $1 }) {
            Loss.meanSquaredError(outputs: x, targets: y, doutputs: nil, count: 8)
        }
        #expect(GradientCheck.relativeError(dm, nm) < GradientCheck.tolerance)
    }
}

import Foundation
import SpectraCore
import SpectraModels
import Testing
@testable import SpectraInsight

/// The paper's CNN with hand-set weights: every convolution is a pure shift (output channel j copies
/// input channel 0 at tap j mod 5, zero bias), so each feature map is computable by hand; the dense
/// layers make class 1's logit the sum of channel `selected`'s last feature map and class 0's logit 0.
private func channelSelectingCNN(selected: Int) throws -> PaperCNN {
    let cnn = try PaperCNN(inputLength: 100, classes: 3, dropout: 0)
    let channels = [1, 6, 16, 32, 64]
    for s in 0..<4 {
        let (c, oc) = (channels[s], channels[s + 1])
        var w = [Float](repeating: 0, count: oc * c * 5)
        for j in 0..<oc { w[(j * c + 0) * 5 + j % 5] = 1 }
        try cnn.parameters.load(name: "features.\(4 * s).weight", values: w, shape: [oc, c, 5])
        try cnn.parameters.load(name: "features.\(4 * s).bias", values: [Float](repeating: 0, count: oc), shape: [oc])
    }
    let (k, length) = cnn.featureMapShape
    var w0 = [Float](repeating: 0, count: 120 * k * length)
    for p in 0..<length { w0[selected * length + p] = 1 }  // row 0 sums channel `selected`
    var w1 = [Float](repeating: 0, count: 84 * 120); w1[0] = 1
    var w2 = [Float](repeating: 0, count: 3 * 84); w2[1 * 84 + 0] = 1
    for (i, (w, shape)) in [(w0, [120, k * length]), (w1, [84, 120]), (w2, [3, 84])].enumerated() {
        try cnn.parameters.load(name: "classifier.\(2 * i).weight", values: w, shape: shape)
        try cnn.parameters.load(name: "classifier.\(2 * i).bias", values: [Float](repeating: 0, count: shape[0]), shape: [shape[0]])
    }
    return cnn
}

/// Convolution with a one-tap kernel (a shift) then max pooling by 2, as the hand-built CNN does.
private func shiftAndPool(_ x: [Double], tap: Int) -> [Double] {
    let conv = (0..<(x.count - 4)).map { x[$0 + tap] }
    return (0..<(conv.count / 2)).map { max(conv[2 * $0], conv[2 * $0 + 1]) }
}

/// Values in 1.5 ± 1.5, never negative, so the hand-built network's ReLUs pass everything.
private let positiveSpectrum: [Float] = (0..<100).map { i -> Float in
    let t = Double(i)
    return Float(1.5 + sin(0.37 * t) + 0.5 * cos(1.3 * t))
}

struct ClassActivationMapTests {
    @Test func camOfACNNWhoseDenseWeightsSelectOneChannelIsThatChannel() throws {
        let selected = 13
        let cnn = try channelSelectingCNN(selected: selected)
        // By hand: three shifts by tap 0 (channel 0 feeds every next layer), then tap 13 mod 5 = 3.
        var a = positiveSpectrum.map(Double.init)
        for _ in 0..<3 { a = shiftAndPool(a, tap: 0) }
        let expected = shiftAndPool(a, tap: selected % 5)
        #expect(expected.count == cnn.featureMapShape.length)
        for method in [ClassActivationMap.Method.cam, .gradCAM] {
            let map = try ClassActivationMap.compute(method, cnn: cnn, spectrum: positiveSpectrum, classIndex: 1)
            #expect(map.classIndex == 1)
            #expect(map.values.count == expected.count)
            for (v, e) in zip(map.values, expected) { #expect(abs(v - e) < 1e-5, "\(method): \(v) vs \(e)") }
        }
        // Class 0's logit is constant 0: nothing in the spectrum speaks for it.
        let none = try ClassActivationMap.compute(.cam, cnn: cnn, spectrum: positiveSpectrum, classIndex: 0)
        #expect(none.values.allSatisfy { $0 == 0 })
    }

    @Test func featurePositionsSitAtTheCentreOfTheirReceptiveField() throws {
        // Going down one block, positions [a, b] come from conv outputs [2a, 2b + 1], whose kernels read
        // inputs [2a, 2b + 5]. From [p, p] after four blocks: [16p, 16p + 75], centre 16p + 37.5.
        let cnn = try channelSelectingCNN(selected: 0)
        let map = try ClassActivationMap.compute(.cam, cnn: cnn, spectrum: positiveSpectrum, classIndex: 1)
        var interval = (0.0, 0.0)
        for _ in 0..<4 { interval = (2 * interval.0, 2 * interval.1 + 5) }
        #expect(map.centres.first == (interval.0 + interval.1) / 2)
        #expect(map.centres == [37.5, 53.5])
        // Up-sampled: flat before the first centre and after the last, linear between.
        let points = map.pointValues(count: 100)
        #expect(points[0] == map.values[0] && points[37] == map.values[0])
        #expect(points[99] == map.values[1] && points[54] == map.values[1])
        #expect(abs(points[45] - (map.values[0] + (7.5 / 16) * (map.values[1] - map.values[0]))) < 1e-12)
    }

    @Test func camSumsToTheClassLogitWhenTheDenseLayersHaveNoBias() throws {
        // With zero dense biases the logit is linear in the feature maps between ReLU switches, so
        // Σ_p Σ_k (∂y/∂A_k(p))·A_k(p) = y exactly (Euler's theorem for a ReLU network).
        let cnn = try PaperCNN(inputLength: 120, classes: 4, dropout: 0, seed: 11)
        for (name, width) in [("classifier.0.bias", 120), ("classifier.2.bias", 84), ("classifier.4.bias", 4)] {
            try cnn.parameters.load(name: name, values: [Float](repeating: 0, count: width), shape: [width])
        }
        var generator = SeededGenerator(seed: 5)
        let spectrum = (0..<120).map { _ in Float(generator.uniform()) }
        let logits = try spectrum.withUnsafeBufferPointer { try cnn.logits($0.baseAddress!, batch: 1).toArray() }
        for c in 0..<4 {
            let map = try ClassActivationMap.compute(.cam, cnn: cnn, spectrum: spectrum, classIndex: c)
            let sum = map.values.reduce(0, +)
            #expect(abs(sum - Double(logits[c])) < 1e-4 * max(1, abs(Double(logits[c]))), "class \(c): \(sum) vs \(logits[c])")
        }
    }

    @Test func badClassOrLengthIsATypedError() throws {
        let cnn = try channelSelectingCNN(selected: 0)
        #expect(throws: InsightError.self) { _ = try ClassActivationMap.compute(.cam, cnn: cnn, spectrum: positiveSpectrum, classIndex: 3) }
        #expect(throws: InsightError.self) { _ = try ClassActivationMap.compute(.cam, cnn: cnn, spectrum: [1, 2, 3], classIndex: 0) }
    }
}

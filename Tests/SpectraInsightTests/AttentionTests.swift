import SpectraCore
import SpectraModels
import Testing
@testable import SpectraInsight

/// A small ViT run on two deterministic spectra, so its stored attention is real softmax output.
private func forwardedBackbone() throws -> ViTBackbone {
    let config = ViTConfiguration(inputLength: 50, segmentLength: 8, embedDim: 16, depth: 3, heads: 4)
    let backbone = try ViTBackbone(configuration: config, seed: 7)
    var generator = SeededGenerator(seed: 3)
    let input = (0..<100).map { _ in Float(generator.uniform()) }
    _ = try input.withUnsafeBufferPointer { try backbone.forwardFeatures($0.baseAddress!, batch: 2) }
    return backbone
}

struct AttentionTests {
    @Test func rolloutRowsSumToOne() throws {
        let backbone = try forwardedBackbone()
        let maps = try AttentionMaps(backbone: backbone, sample: 1)
        let t = maps.tokens
        #expect(t == 7)  // 50 points / 8 = 6 segments (2 dropped) + CLS
        let rollout = maps.rollout()
        for i in 0..<t {
            let sum = (0..<t).reduce(0.0) { $0 + rollout[i * t + $1] }
            #expect(abs(sum - 1) < 1e-6, "row \(i) sums to \(sum)")
            #expect((0..<t).allSatisfy { rollout[i * t + $0] >= 0 })
        }
        #expect(abs(maps.rolloutCLS().reduce(0, +) - 1) < 1e-6)
    }

    @Test func rolloutMixesTheResidualAndMultipliesLayers() throws {
        // Two layers, two heads, two tokens. Head means per layer: [[0.5, 0.5], [0.5, 0.5]].
        // Â = 0.5·mean + 0.5·I = [[0.75, 0.25], [0.25, 0.75]]; R = Â·Â = [[0.625, 0.375], [0.375, 0.625]].
        let head1: [Float] = [1, 0, 0.5, 0.5], head2: [Float] = [0, 1, 0.5, 0.5]
        let maps = try AttentionMaps(layers: 2, heads: 2, tokens: 2, weights: head1 + head2 + head1 + head2)
        let r = maps.rollout()
        for (value, expected) in zip(r, [0.625, 0.375, 0.375, 0.625]) { #expect(abs(value - expected) < 1e-12) }
        // Without the residual the product of two all-0.5 matrices stays all 0.5.
        #expect(maps.rollout(residualWeight: 0).allSatisfy { abs($0 - 0.5) < 1e-12 })
        // CLS map of the last layer: row 0 of the head mean.
        #expect(maps.clsMap() == [0.5, 0.5])
    }

    @Test func lastLayerCLSMapIsTheMeanOverHeadsOfTheStoredAttention() throws {
        let backbone = try forwardedBackbone()
        let config = backbone.configuration
        let t = config.tokenCount, h = config.heads
        for sample in 0..<2 {
            let maps = try AttentionMaps(backbone: backbone, sample: sample)
            let stored = try #require(backbone.attentionWeights(layer: config.depth - 1))
            // (batch, heads, T, T): the CLS query row of each head, averaged by hand.
            let expected = (0..<t).map { j in
                (0..<h).reduce(0.0) { $0 + Double(stored[((sample * h + $1) * t + 0) * t + j]) } / Double(h)
            }
            let map = maps.clsMap()
            #expect(map.count == t)
            for j in 0..<t { #expect(abs(map[j] - expected[j]) < 1e-12) }
            // A softmax row: the CLS map sums to 1.
            #expect(abs(map.reduce(0, +) - 1) < 1e-5)
        }
    }

    @Test func mapsOfAMissingSampleOrBadShapeAreTypedErrors() throws {
        let backbone = try forwardedBackbone()
        #expect(throws: InsightError.self) { _ = try AttentionMaps(backbone: backbone, sample: 2) }
        #expect(throws: InsightError.self) { _ = try AttentionMaps(layers: 1, heads: 1, tokens: 2, weights: [1, 0, 0]) }
        let fresh = try ViTBackbone(configuration: backbone.configuration)
        #expect(throws: InsightError.self) { _ = try AttentionMaps(backbone: fresh, sample: 0) }
    }

    @Test func segmentsCoverTheirGridIntervalsAndTheTailIsDropped() throws {
        // 11 points 5.00, 5.02, …, 5.20 in segments of 4: tokens 1 and 2 cover points 0–3 and 4–7,
        // points 8–10 are dropped.
        let axis = CanonicalAxis(unit: .twoThetaDegrees, start: 5, stop: 5.2, step: 0.02)
        let segments = try SegmentAxis(axis: axis.values, segmentLength: 4)
        #expect(segments.segments.map(\.token) == [1, 2])
        #expect(segments.segments.map(\.firstPoint) == [0, 4])
        #expect(segments.segments.map(\.lastPoint) == [3, 7])
        #expect(abs(segments.segments[1].start - 5.08) < 1e-12 && abs(segments.segments[1].end - 5.14) < 1e-12)
        #expect(segments.droppedPoints == 3)
        let values = segments.pointValues(tokenWeights: [0.5, 0.2, 0.3])
        #expect(values == [0.2, 0.2, 0.2, 0.2, 0.3, 0.3, 0.3, 0.3, nil, nil, nil])
        #expect(throws: InsightError.self) { _ = try SegmentAxis(axis: axis.values, segmentLength: 12) }
    }
}

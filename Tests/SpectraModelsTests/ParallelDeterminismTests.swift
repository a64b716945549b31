import SpectraCore
import SpectraModels
import SpectraNN
import Testing

/// The parallel paths (rows and attention heads split over threads) compute the same numbers as
/// the serial ones: each thread owns disjoint outputs, so results agree to the last bit except in
/// sgemm, whose blocking may differ by thread count (hence a 1e-5 relative tolerance).
@Suite(.serialized) struct ParallelDeterminismTests {
    @Test func twoThreadsGiveTheSameLogitsAndGradientsAsOne() throws {
        // Large enough that LayerNorm, GELU and attention take their parallel paths (≥ 32k ops).
        let config = ViTConfiguration(inputLength: 512, segmentLength: 16, embedDim: 64, depth: 2, heads: 4, mlpRatio: 4)
        var g = SeededGenerator(seed: 21)
        let input = (0..<(16 * 512)).map { _ in Float(g.uniform(-1, 1)) }
        let labels = (0..<16).map { _ in Int32(g.int(below: 10)) }
        func run(threads: Int) throws -> (logits: [Float], gradients: [Float]) {
            ComputeThreads.use(threads)
            defer { ComputeThreads.use(1) }
            let model = try ViTModel(configuration: config, classes: 10, seed: 5)
            return try input.withUnsafeBufferPointer { x in
                let logits = try model.predict(x.baseAddress!, batch: 16).toArray()
                _ = try model.lossAndGradients(x.baseAddress!, batch: 16, targets: ["head": .classes(labels)])
                let set = model.backbone.parameters
                return (logits, Array(UnsafeBufferPointer(start: set.gradients, count: set.count)))
            }
        }
        let one = try run(threads: 1), two = try run(threads: 2)
        func close(_ a: [Float], _ b: [Float]) -> Bool {
            let scale = a.map { abs($0) }.max() ?? 1
            return zip(a, b).allSatisfy { abs($0 - $1) <= 1e-5 * scale }
        }
        #expect(close(one.logits, two.logits))
        #expect(close(one.gradients, two.gradients))
        #expect(one.gradients.contains { $0 != 0 })
    }
}

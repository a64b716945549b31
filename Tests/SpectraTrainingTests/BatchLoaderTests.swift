import Testing
import SpectraCore
@testable import SpectraTraining

private func dataset(rows: Int, length: Int) throws -> PackedDataset {
    let axis = CanonicalAxis(unit: .arbitrary, start: 0, stop: Double(length - 1), step: 1)
    let values = (0..<(rows * length)).map { Float($0) }
    return try PackedDataset(modality: "test", axis: axis, labels: ["a", "b", "c"], sampleLabels: (0..<rows).map { $0 % 3 },
                             sampleNames: (0..<rows).map { "s\($0)" }, spectra: values)
}

/// Adds a random offset drawn from the generator: enough to tell seeds apart.
private struct OffsetAugmenter: Augmenter {
    static let stepName = "test-offset"
    static let summary = "adds a random offset"
    init(parameters: StepParameters) throws {}
    init() {}
    var parameters: StepParameters { [:] }
    func augment(_ spectrum: Spectrum, using rng: inout SeededGenerator) throws -> Spectrum {
        var s = spectrum
        let offset = rng.uniform()
        s.y = s.y.map { $0 + offset }
        return s
    }
}

@Test func batchesWithoutAugmentationCarryTheRowsAndLabelsUnchanged() throws {
    let data = try dataset(rows: 10, length: 4)
    let loader = BatchLoader(dataset: data, rows: Array(0..<10), batchSize: 4, augmentation: nil, seed: 3,
                             shuffle: false, dropLast: false)
    #expect(loader.batchCount() == 3)
    var seen: [Int] = []
    try loader.forEachBatch(epoch: 0) { index, batch in
        for (j, label) in batch.labels.enumerated() {
            let row = index * 4 + j
            seen.append(row)
            #expect(label == row % 3)
            #expect(Array(batch.inputs[(j * 4)..<(j * 4 + 4)]) == (0..<4).map { Float(row * 4 + $0) })
        }
    }
    #expect(seen == Array(0..<10))
}

@Test func augmentedBatchesAreReproducibleAndDropLastKeepsShapes() throws {
    let data = try dataset(rows: 10, length: 4)
    let pipeline = CompiledPipeline(steps: [OffsetAugmenter()])
    func collect(seed: UInt64) throws -> [[Float]] {
        let loader = BatchLoader(dataset: data, rows: Array(0..<10), batchSize: 4, augmentation: pipeline,
                                 seed: seed, repeats: 2, dropLast: true)
        var batches: [[Float]] = []
        try loader.forEachBatch(epoch: 1) { _, batch in
            #expect(batch.count == 4)
            batches.append(batch.inputs)
        }
        return batches
    }
    let a = try collect(seed: 5), b = try collect(seed: 5), c = try collect(seed: 6)
    #expect(a.count == 5)  // 20 samples / 4, none dropped
    #expect(a == b)
    #expect(a != c)
}

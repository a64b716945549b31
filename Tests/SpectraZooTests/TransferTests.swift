import Foundation
import Testing
import SpectraCore
import SpectraModels
import SpectraTraining
@testable import SpectraZoo

/// Gaussian peaks on `points` points: class c has peaks at `centres(c)` (fractions of the span), plus noise.
private func peakSet(modality: String, points: Int, classes: Int, perClass: Int, seed: UInt64,
                     centres: (Int) -> [Double]) throws -> PackedDataset {
    var rng = SeededGenerator(seed: seed)
    var values: [Float] = [], labels: [Int] = []
    for c in 0..<classes {
        for _ in 0..<perClass {
            let shift = rng.uniform(-0.02, 0.02)
            for k in 0..<points {
                let x = Double(k) / Double(points - 1)
                var y = 0.05 * rng.gaussian()
                for centre in centres(c) { let d = (x - centre - shift) / 0.025; y += exp(-d * d / 2) }
                values.append(Float(y))
            }
            labels.append(c)
        }
    }
    return try PackedDataset(modality: modality, axis: CanonicalAxis(unit: .arbitrary, start: 0, stop: Double(points - 1), step: 1),
                             labels: (0..<classes).map { "\(modality)-\($0)" }, sampleLabels: labels,
                             sampleNames: labels.indices.map { "s\($0)" }, spectra: values)
}

private func folder() throws -> String {
    let path = NSTemporaryDirectory() + "spectrakit-transfer-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

private func run(_ data: PackedDataset, epochs: Int, output: String, lr: Float) -> TrainingRun {
    var options = TrainingOptions()
    options.epochs = epochs; options.batchSize = 16; options.learningRate = lr; options.patience = 100
    options.warmupFraction = 0; options.seed = 3
    var r = TrainingRun(dataset: data, datasetName: data.modality,
                        modality: CheckpointModality(id: data.modality, axis: data.axis, preprocessing: Pipeline()),
                        augmentation: nil, options: options, output: output)
    r.showProgress = false
    return r
}

@Test func positionEmbeddingInterpolationKeepsClsAndEndsAndIsLinearInBetween() {
    // Width 1: CLS = 9, tokens 0, 10, 20, 30 → 8 tokens (align-corners false).
    let out = Transfer.interpolatePositions([9, 0, 10, 20, 30], fromTokens: 5, toTokens: 9, width: 1)
    #expect(out[0] == 9)
    // Token j of 8 maps to (j + 0.5)·4/8 − 0.5 = 0.5j − 0.25, clamped to [0, 3] → value 10·that.
    let expected: [Float] = [0, 2.5, 7.5, 12.5, 17.5, 22.5, 27.5, 30]
    for (a, b) in zip(out.dropFirst(), expected) { #expect(abs(a - b) < 1e-5) }
}

@Test func transferKeepsTheBackboneRecordsItsParentAndLearnsFasterThanScratch() throws {
    let dir = try folder()
    // Parent: an "XRD-like" task, 8 classes of peak pairs on 96 points.
    let parentData = try peakSet(modality: "xrdlike", points: 96, classes: 8, perClass: 12, seed: 1) { c in
        [0.1 + 0.1 * Double(c), 0.85 - 0.05 * Double(c)]
    }
    let vit = ModelConfiguration.vit(ViTConfiguration(inputLength: 96, segmentLength: 8, embedDim: 24, depth: 2,
                                                      heads: 2, mlpRatio: 2))
    let parentPath = dir + "/parent.safetensors.zst"
    let (parent, _) = try run(parentData, epochs: 12, output: parentPath, lr: 3e-3)
        .run(try ClassifierNetwork.make(vit, classes: 8, seed: 1))
    let parentSHA = try Checkpoint.sha256(ofFileAt: parentPath)

    // Child: an "FTIR-like" task on 72 points, 4 other classes, resampled onto the parent's 96.
    let childRaw = try peakSet(modality: "ftirlike", points: 72, classes: 4, perClass: 12, seed: 2) { c in
        [0.15 + 0.2 * Double(c), 0.9 - 0.2 * Double(c)]
    }
    let axis = Transfer.childAxis(target: childRaw.axis, parentInputLength: 96, adaptation: .resample)
    #expect(axis.count == 96)
    let child = try Transfer.adapt(childRaw, to: axis)
    #expect(child.length == 96)

    let transferred = try Transfer.childNetwork(from: parent.network, inputLength: 96, classes: 4, seed: 7)
    let p = parent.network.exportParameters(), t = transferred.exportParameters()
    for (name, tensor) in p where !name.hasPrefix("head.") { #expect(t[name]!.values == tensor.values, "tensor \(name)") }
    #expect(t["head.weight"]!.shape == [4, 24])

    var tl = run(child, epochs: 6, output: dir + "/tl.safetensors.zst", lr: 3e-3)
    tl.parentSHA256 = parentSHA
    let (tlModel, tlHistory) = try tl.run(transferred)
    let (_, scratchHistory) = try run(child, epochs: 6, output: dir + "/scratch.safetensors.zst", lr: 3e-3)
        .run(try ClassifierNetwork.make(vit, classes: 4, seed: 7))

    let reloaded = try SpectrumClassifier.load(from: dir + "/tl.safetensors.zst")
    #expect(reloaded.parentSHA256 == parentSHA)
    #expect(tlModel.parentSHA256 == parentSHA)
    // Epochs to reach 75 % validation top-1 (6 of 8 held-out spectra): the transferred model gets there
    // sooner (measured: 2 epochs vs not within 6 from scratch, same seed, same data, same optimiser).
    func epochsTo(_ h: [EpochRecord]) -> Int { (h.firstIndex { $0.validationTop1 >= 0.75 } ?? h.count) + 1 }
    #expect(epochsTo(tlHistory) < epochsTo(scratchHistory), "transfer \(tlHistory.map(\.validationTop1)) vs scratch \(scratchHistory.map(\.validationTop1))")
}

@Test func aCNNRefusesPositionInterpolationButTransfersByResampling() throws {
    let parent = try ClassifierNetwork.make(.cnn(CNNConfiguration(inputLength: 100)), classes: 5, seed: 1)
    #expect(throws: ModelError.self) { try Transfer.childNetwork(from: parent, inputLength: 120, classes: 3, seed: 2) }
    let child = try Transfer.childNetwork(from: parent, inputLength: 100, classes: 3, seed: 2)
    let p = parent.exportParameters(), c = child.exportParameters()
    #expect(c["features.0.weight"]!.values == p["features.0.weight"]!.values)
    #expect(c["classifier.2.weight"]!.values == p["classifier.2.weight"]!.values)
    #expect(c["classifier.4.weight"]!.shape == [3, 84])
}

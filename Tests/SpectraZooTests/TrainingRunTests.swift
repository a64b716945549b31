import Foundation
import Testing
import SpectraCore
import SpectraModels
import SpectraTraining
@testable import SpectraZoo

private let tinyViT = ModelConfiguration.vit(ViTConfiguration(
    inputLength: 64, segmentLength: 8, embedDim: 16, depth: 1, heads: 2, mlpRatio: 2, dropout: 0.1, dropPathRate: 0.1))

private func temporaryFolder() throws -> String {
    let path = NSTemporaryDirectory() + "spectrakit-run-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

private func makeRun(_ data: PackedDataset, epochs: Int, output: String) -> TrainingRun {
    var options = TrainingOptions()
    options.epochs = epochs; options.batchSize = 8; options.learningRate = 3e-3; options.patience = 100; options.seed = 9
    var run = TrainingRun(dataset: data, datasetName: "peaks", modality: CheckpointModality(id: "test", axis: data.axis, preprocessing: Pipeline()),
                          augmentation: nil, options: options, output: output)
    run.showProgress = false
    return run
}

@Test func checkpointRoundTripGivesBitIdenticalTensorsAndPredictions() throws {
    let data = try peaks(perClass: 4, seed: 1)
    let network = try ClassifierNetwork.make(tinyViT, classes: 3, seed: 5)
    let classifier = try SpectrumClassifier(network: network, labels: data.labels,
                                            modality: CheckpointModality(id: "test", axis: data.axis, preprocessing: Pipeline()))
    let path = try temporaryFolder() + "/m.safetensors.zst"
    try classifier.checkpoint().write(to: path)
    let loaded = try SpectrumClassifier.load(from: path)
    let before = network.exportParameters(), after = loaded.network.exportParameters()
    #expect(Set(before.keys) == Set(after.keys))
    for (name, t) in before {
        #expect(after[name]!.shape == t.shape)
        #expect(after[name]!.values.map(\.bitPattern) == t.values.map(\.bitPattern), "tensor \(name)")
    }
    let inputs = Array(data.spectra[0..<(3 * 64)])
    #expect(try loaded.probabilities(inputs, count: 3) == classifier.probabilities(inputs, count: 3))
    #expect(loaded.labels == ["a", "b", "c"])
}

@Test func aCheckpointWhoseLabelsDisagreeWithItsConfigIsRefusedBeforeLoading() throws {
    let network = try ClassifierNetwork.make(tinyViT, classes: 3, seed: 5)
    let axis = CanonicalAxis(unit: .arbitrary, start: 0, stop: 63, step: 1)
    var checkpoint = try SpectrumClassifier(network: network, labels: ["a", "b", "c"],
                                            modality: CheckpointModality(id: "test", axis: axis, preprocessing: Pipeline())).checkpoint()
    checkpoint.tensors["blocks.0.mlp.fc1.weight"] = try CheckpointTensor(shape: [16, 16], values: Array(repeating: 0, count: 256))
    #expect(throws: CheckpointError.self) { try SpectrumClassifier.load(checkpoint, file: "x.safetensors.zst") }
    checkpoint.tensors.removeValue(forKey: "blocks.0.mlp.fc1.weight")
    #expect(throws: CheckpointError.self) { try SpectrumClassifier.load(checkpoint, file: "x.safetensors.zst") }
}

private struct Interrupt: Error {}

@Test func aRunInterruptedAfterAnEpochResumesToTheSameResultAsAnUninterruptedRun() throws {
    let data = try peaks(perClass: 8, seed: 2)
    let folder = try temporaryFolder()
    let whole = makeRun(data, epochs: 4, output: folder + "/whole.safetensors.zst")
    let (wholeModel, wholeHistory) = try whole.run(try ClassifierNetwork.make(tinyViT, classes: 3, seed: 5))

    var interrupted = makeRun(data, epochs: 4, output: folder + "/resumed.safetensors.zst")
    interrupted.onEpoch = { record in if record.epoch == 2 { throw Interrupt() } }
    #expect(throws: Interrupt.self) { try interrupted.run(try ClassifierNetwork.make(tinyViT, classes: 3, seed: 5)) }
    interrupted.onEpoch = nil
    // A fresh process would start from a fresh network: everything comes from the files.
    let (resumedModel, resumedHistory) = try interrupted.run(try ClassifierNetwork.make(tinyViT, classes: 3, seed: 77), resume: true)

    #expect(resumedHistory.map(\.trainLoss) == wholeHistory.map(\.trainLoss))
    #expect(resumedHistory.map(\.validationLoss) == wholeHistory.map(\.validationLoss))
    let a = wholeModel.network.exportParameters(), b = resumedModel.network.exportParameters()
    for (name, t) in a { #expect(b[name]!.values == t.values, "tensor \(name)") }
    #expect(wholeHistory.count == 4)
    // The training learned something: the peaks task is easy.
    #expect(wholeHistory.last!.trainLoss < wholeHistory.first!.trainLoss)
}

@Test func resumingWithDifferentOptionsIsRefused() throws {
    let data = try peaks(perClass: 4, seed: 3)
    let folder = try temporaryFolder()
    var run = makeRun(data, epochs: 3, output: folder + "/r.safetensors.zst")
    run.onEpoch = { _ in throw Interrupt() }
    #expect(throws: Interrupt.self) { try run.run(try ClassifierNetwork.make(tinyViT, classes: 3, seed: 5)) }
    run.onEpoch = nil
    run.options.learningRate = 1
    #expect { try run.run(try ClassifierNetwork.make(tinyViT, classes: 3, seed: 5), resume: true) } throws: { error in
        (error as? CheckpointError)?.reason.contains("different options") == true
    }
}

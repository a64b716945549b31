import Foundation
import Testing
import SpectraCore
@testable import SpectraTraining

/// Softmax regression trained by plain SGD: small enough to check the Trainer's bookkeeping by hand.
private final class SoftmaxRegression: TrainableClassifier {
    let inputLength: Int, classCount: Int
    var weights: [Float]
    var nanAtStep: Int?

    init(inputLength: Int, classCount: Int) {
        self.inputLength = inputLength
        self.classCount = classCount
        weights = [Float](repeating: 0, count: inputLength * classCount)
    }

    func logits(_ inputs: [Float], _ count: Int) -> [Float] {
        var out = [Float](repeating: 0, count: count * classCount)
        for i in 0..<count { for c in 0..<classCount {
            var s: Float = 0
            for k in 0..<inputLength { s += inputs[i * inputLength + k] * weights[c * inputLength + k] }
            out[i * classCount + c] = s
        } }
        return out
    }

    func probabilities(_ logits: [Float], _ count: Int) -> [Float] {
        var p = logits
        for i in 0..<count {
            let row = (i * classCount)..<((i + 1) * classCount)
            let m = p[row].max()!
            var z: Float = 0
            for j in row { p[j] = exp(p[j] - m); z += p[j] }
            for j in row { p[j] /= z }
        }
        return p
    }

    func loss(inputs: [Float], labels: [Int]) throws -> Float {
        let p = probabilities(logits(inputs, labels.count), labels.count)
        return labels.enumerated().map { -log(max(p[$0 * classCount + $1], 1e-12)) }.reduce(0, +) / Float(labels.count)
    }

    func trainStep(inputs: [Float], labels: [Int], learningRate: Float, step: Int) throws -> Float {
        if let nanAtStep, step == nanAtStep { return .nan }
        let n = labels.count
        let loss = try self.loss(inputs: inputs, labels: labels)
        var p = probabilities(logits(inputs, n), n)
        for (i, l) in labels.enumerated() { p[i * classCount + l] -= 1 }
        for c in 0..<classCount { for k in 0..<inputLength {
            var g: Float = 0
            for i in 0..<n { g += p[i * classCount + c] * inputs[i * inputLength + k] }
            weights[c * inputLength + k] -= learningRate * g / Float(n)
        } }
        return loss
    }

    func scores(inputs: [Float], count: Int) throws -> [Float] { logits(inputs, count) }
}

/// Three classes, each a one-hot position plus noise.
private func separableDataset(perClass: Int) throws -> PackedDataset {
    var rng = SeededGenerator(seed: 11)
    var values: [Float] = [], labels: [Int] = []
    for c in 0..<3 { for _ in 0..<perClass {
        for k in 0..<6 { values.append((k == 2 * c ? 1 : 0) + Float(0.05 * rng.gaussian())) }
        labels.append(c)
    } }
    return try PackedDataset(modality: "test", axis: CanonicalAxis(unit: .arbitrary, start: 0, stop: 5, step: 1),
                             labels: ["a", "b", "c"], sampleLabels: labels, sampleNames: labels.indices.map { "s\($0)" },
                             spectra: values)
}

@Test func trainerLearnsASeparableProblemAndLogsEveryEpoch() throws {
    var options = TrainingOptions()
    options.epochs = 8; options.batchSize = 8; options.learningRate = 2; options.warmupFraction = 0
    options.patience = 100
    let trainer = try Trainer(dataset: try separableDataset(perClass: 20), augmentation: nil, options: options)
    trainer.progress = nil
    var logged = 0
    trainer.onEpoch = { _ in logged += 1 }
    let model = SoftmaxRegression(inputLength: 6, classCount: 3)
    let history = try trainer.fit(model)
    #expect(history.count == 8 && logged == 8)
    #expect(history.last!.validationTop1 == 1.0)
    #expect(history.last!.trainLoss < history.first!.trainLoss)
    // 60 rows, 20% held out per class → 48 training rows → 6 batches of 8.
    #expect(history.first!.steps == 6)
}

@Test func sameSeedGivesTheSameLossCurve() throws {
    var options = TrainingOptions()
    options.epochs = 3; options.batchSize = 8; options.learningRate = 0.5
    func curve() throws -> [Double] {
        let trainer = try Trainer(dataset: try separableDataset(perClass: 10), augmentation: nil, options: options)
        trainer.progress = nil
        return try trainer.fit(SoftmaxRegression(inputLength: 6, classCount: 3)).map(\.trainLoss)
    }
    #expect(try curve() == curve())
}

@Test func earlyStoppingEndsAfterPatienceEpochsWithoutImprovement() throws {
    var options = TrainingOptions()
    options.epochs = 50; options.batchSize = 8; options.learningRate = 0; options.warmupFraction = 0
    options.patience = 3
    let trainer = try Trainer(dataset: try separableDataset(perClass: 10), augmentation: nil, options: options)
    trainer.progress = nil
    // A zero learning rate never improves: epoch 1 sets the best, epochs 2–4 do not improve → stop after 4.
    let history = try trainer.fit(SoftmaxRegression(inputLength: 6, classCount: 3))
    #expect(history.count == 4)
}

@Test func aNaNLossStopsTrainingWithAnErrorNamingTheStep() throws {
    var options = TrainingOptions()
    options.epochs = 2; options.batchSize = 8
    let trainer = try Trainer(dataset: try separableDataset(perClass: 10), augmentation: nil, options: options)
    trainer.progress = nil
    let model = SoftmaxRegression(inputLength: 6, classCount: 3)
    model.nanAtStep = 4
    #expect { try trainer.fit(model) } throws: { error in
        (error as? TrainingError)?.reason.contains("at step 4") == true
    }
}

@Test func singletonClassesWithoutAugmentationAreValidatedOnThemselves() throws {
    // One sample per class and no augmentation: validation holds the three rows, so its loss is finite.
    var options = TrainingOptions()
    options.epochs = 1; options.batchSize = 3
    let data = try separableDataset(perClass: 1)
    let trainer = try Trainer(dataset: data, augmentation: nil, options: options)
    trainer.progress = nil
    let history = try trainer.fit(SoftmaxRegression(inputLength: 6, classCount: 3))
    #expect(history.first!.validationLoss.isFinite)
    // Zero weights score every class equally: the loss is ln 3.
    #expect(abs(history.first!.validationLoss - log(3)) < 0.2)
}

@Test func aTimeBudgetStopsBeforeTheNextEpochOnceSpent() throws {
    var options = TrainingOptions()
    options.epochs = 5; options.batchSize = 8; options.patience = 100
    // Any epoch takes more than a nanosecond, so the budget is spent after the first one.
    options.maxSeconds = 1e-9
    let trainer = try Trainer(dataset: try separableDataset(perClass: 10), augmentation: nil, options: options)
    trainer.progress = nil
    #expect(try trainer.fit(SoftmaxRegression(inputLength: 6, classCount: 3)).count == 1)
    // Without a budget the same run goes the full five epochs.
    options.maxSeconds = nil
    let unlimited = try Trainer(dataset: try separableDataset(perClass: 10), augmentation: nil, options: options)
    unlimited.progress = nil
    #expect(try unlimited.fit(SoftmaxRegression(inputLength: 6, classCount: 3)).count == 5)
}

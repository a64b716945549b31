import Foundation
#if canImport(Glibc)
import Glibc
#endif
import SpectraCore
import SpectraNN

/// Settings of a training run.
public struct TrainingOptions: Codable, Sendable, Equatable {
    public var epochs = 30
    public var batchSize = 64
    /// Peak learning rate (AdamW).
    public var learningRate: Float = 1e-3
    /// Warm-up as a fraction of all steps; 0 gives a constant rate.
    public var warmupFraction = 0.05
    /// Stop after this many epochs without a validation-loss improvement of at least `minDelta`.
    public var patience = 3
    public var minDelta = 1e-4
    /// Augmented copies of each training row per epoch.
    public var repeats = 1
    /// Fixed augmented copies per singleton class in validation.
    public var singletonValidationCopies = 4
    /// Share of each class held out for validation; 0 holds out nothing (`StratifiedSplit.everyRowTrains`).
    public var validationFraction = 0.2
    public var seed: UInt64 = 42
    /// Epochs at the start during which only the head trains (transfer learning); the classifier
    /// decides what its backbone is.
    public var frozenBackboneEpochs = 0
    /// A wall-clock budget: no epoch starts once the epochs so far took this many seconds (nil: none).
    /// The learning-rate schedule still spans `epochs`.
    public var maxSeconds: Double?

    public init() {}
}

/// One epoch's record in the JSON log.
public struct EpochRecord: Codable, Sendable, Equatable {
    public var epoch: Int
    public var steps: Int
    public var trainLoss: Double
    public var validationLoss: Double
    public var validationTop1: Double
    public var validationTop3: Double
    public var validationTop5: Double
    public var learningRate: Double
    public var seconds: Double
    public var samplesPerSecond: Double
    /// CPU time (user + system, all threads) the process spent in the epoch: on a shared machine a
    /// steadier measure of the work than wall-clock seconds. Absent in logs of older versions.
    public var cpuSeconds: Double?
}

/// Training failed (NaN loss, bad data) — names the step.
public struct TrainingError: LocatedError, Equatable {
    public var file: String?
    public var line: Int?
    public var reason: String
    public init(file: String? = nil, line: Int? = nil, reason: String) {
        self.file = file
        self.line = line
        self.reason = reason
    }
}

/// Trains a classifier on a labelled dataset: stratified split, shuffled augmented batches prepared
/// on a worker thread, warm-up + cosine learning rate, early stopping on validation loss, top-k metrics.
///
/// The same options (seed) and the same starting weights give the same loss curve.
public final class Trainer {
    public let options: TrainingOptions
    public let dataset: PackedDataset
    public let augmentation: CompiledPipeline?
    public let split: StratifiedSplit
    /// Called with each finished epoch (e.g. to write a checkpoint and the JSON log). Throwing stops training.
    public var onEpoch: ((EpochRecord) throws -> Void)?
    /// Progress lines go here (stderr by default); nil silences them.
    public var progress: ProgressReporter? = ProgressReporter()

    public private(set) var history: [EpochRecord] = []
    private let validation: PackedDataset

    public init(dataset: PackedDataset, augmentation: CompiledPipeline?, options: TrainingOptions) throws {
        guard dataset.count > 0 else { throw TrainingError(reason: "the dataset is empty") }
        self.options = options
        self.dataset = dataset
        self.augmentation = augmentation
        self.split = options.validationFraction > 0
            ? StratifiedSplit(labels: dataset.sampleLabels, classCount: dataset.labels.count,
                              validationFraction: options.validationFraction, seed: options.seed)
            : .everyRowTrains(count: dataset.count)
        self.validation = try split.validationSet(of: dataset, augmentation: augmentation,
                                                  singletonCopies: options.singletonValidationCopies, seed: options.seed)
    }

    /// Trains from `startEpoch` (for resuming: pass the number of epochs already done and their history).
    @discardableResult
    public func fit(_ model: TrainableClassifier, startEpoch: Int = 0, history previous: [EpochRecord] = []) throws -> [EpochRecord] {
        guard model.inputLength == dataset.length else {
            throw TrainingError(reason: "the model takes \(model.inputLength) points, the dataset has \(dataset.length)")
        }
        guard model.classCount == dataset.labels.count else {
            throw TrainingError(reason: "the model has \(model.classCount) classes, the dataset \(dataset.labels.count)")
        }
        history = previous
        let loader = BatchLoader(dataset: dataset, rows: split.train, batchSize: options.batchSize,
                                 augmentation: augmentation, seed: options.seed, repeats: options.repeats,
                                 dropLast: split.train.count * options.repeats >= options.batchSize)
        let stepsPerEpoch = loader.batchCount()
        let totalSteps = stepsPerEpoch * options.epochs
        let schedule: any LearningRateSchedule = options.warmupFraction > 0
            ? WarmupCosineSchedule(peak: options.learningRate, warmupSteps: max(1, Int(Double(totalSteps) * options.warmupFraction)),
                                   totalSteps: totalSteps, minimum: options.learningRate * 0.01)
            : ConstantSchedule(rate: options.learningRate)
        var best = history.map(\.validationLoss).min() ?? .infinity
        var sinceBest = history.isEmpty ? 0 : history.count - 1 - (history.firstIndex { $0.validationLoss == best } ?? 0)
        for epoch in startEpoch..<options.epochs {
            if sinceBest >= options.patience { break }
            if let budget = options.maxSeconds, history.reduce(0, { $0 + $1.seconds }) >= budget { break }
            let start = Date(), startCPU = Self.processCPUSeconds()
            var lossSum = 0.0, seen = 0
            var rate: Float = 0
            model.beginEpoch(epoch, seed: options.seed)
            try loader.forEachBatch(epoch: epoch) { index, batch in
                let step = epoch * stepsPerEpoch + index
                rate = schedule.learningRate(at: step)
                let loss = try model.trainStep(inputs: batch.inputs, labels: batch.labels, learningRate: rate, step: step)
                guard loss.isFinite else {
                    throw TrainingError(reason: "loss became \(loss) at step \(step) (epoch \(epoch + 1), batch \(index + 1)); lower the learning rate or check the data")
                }
                lossSum += Double(loss) * Double(batch.count)
                seen += batch.count
                progress?.step(epoch: epoch + 1, epochs: options.epochs, batch: index + 1, batches: stepsPerEpoch,
                               loss: lossSum / Double(seen), samples: seen, since: start)
            }
            let (validationLoss, metrics) = try evaluate(model, on: validation)
            let seconds = Date().timeIntervalSince(start)
            let record = EpochRecord(epoch: epoch + 1, steps: stepsPerEpoch, trainLoss: lossSum / Double(max(1, seen)),
                                     validationLoss: validationLoss, validationTop1: metrics.top1,
                                     validationTop3: metrics.top3, validationTop5: metrics.top5,
                                     learningRate: Double(rate), seconds: seconds,
                                     samplesPerSecond: Double(seen) / max(seconds, 1e-9),
                                     cpuSeconds: Self.processCPUSeconds() - startCPU)
            history.append(record)
            progress?.epoch(record, epochs: options.epochs)
            if validationLoss < best - options.minDelta {
                best = validationLoss; sinceBest = 0
            } else {
                sinceBest += 1
            }
            try onEpoch?(record)
        }
        return history
    }

    /// Mean loss and top-k metrics of `model` on `data` (no augmentation).
    public func evaluate(_ model: TrainableClassifier, on data: PackedDataset) throws -> (Double, ClassificationMetrics) {
        try Self.evaluate(model, on: data, batchSize: options.batchSize)
    }

    /// Mean loss and top-k metrics of `model` on `data` (no augmentation).
    public static func evaluate(_ model: TrainableClassifier, on data: PackedDataset,
                                batchSize: Int) throws -> (Double, ClassificationMetrics) {
        var metrics = ClassificationMetrics(classCount: data.labels.count)
        guard data.count > 0 else { return (.nan, metrics) }
        let loader = BatchLoader(dataset: data, rows: Array(0..<data.count), batchSize: batchSize,
                                 augmentation: nil, seed: 0, shuffle: false, dropLast: false)
        var lossSum = 0.0
        try loader.forEachBatch(epoch: 0) { _, batch in
            lossSum += Double(try model.loss(inputs: batch.inputs, labels: batch.labels)) * Double(batch.count)
            metrics.add(scores: try model.scores(inputs: batch.inputs, count: batch.count), labels: batch.labels)
        }
        return (lossSum / Double(data.count), metrics)
    }
}

extension Trainer {
    /// User + system CPU seconds of this process so far (all threads).
    static func processCPUSeconds() -> Double {
        var usage = rusage()
        guard getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage) == 0 else { return 0 }
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }
}

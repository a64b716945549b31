import Foundation
import SpectraCore
import SpectraModels
import SpectraTraining

/// Fits a classical baseline (k-NN library search, Gaussian naive Bayes, logistic regression) on the
/// training part of the same stratified split the networks use, scores the validation part, and writes
/// a checkpoint that `evaluate` and `predict` use like any other model.
public struct BaselineFit {
    public var dataset: PackedDataset
    public var datasetName: String
    public var modality: CheckpointModality
    public var seed: UInt64
    /// Share of each class held out for validation; 0 fits every spectrum (a k-NN library search should
    /// search the whole library: evaluate it on a separate test set instead).
    public var validationFraction = 0.2
    /// Augmentation for the fit: each training spectrum is used as is and as `repeats` augmented copies
    /// (what the networks see), and singleton classes validate on fixed augmented copies, as in `Trainer`.
    public var augmentation: CompiledPipeline?
    public var repeats = 1
    public var singletonValidationCopies = 4

    public init(dataset: PackedDataset, datasetName: String, modality: CheckpointModality, seed: UInt64) {
        self.dataset = dataset
        self.datasetName = datasetName
        self.modality = modality
        self.seed = seed
    }

    /// Fits `baseline`, writes the checkpoint to `output`, and returns it with its validation metrics.
    public func run(_ baseline: any BaselineClassifier, output: String) throws -> (SpectrumClassifier, ClassificationMetrics) {
        let start = Date()
        let split = validationFraction > 0
            ? StratifiedSplit(labels: dataset.sampleLabels, classCount: dataset.labels.count,
                              validationFraction: validationFraction, seed: seed)
            : StratifiedSplit(train: Array(0..<dataset.count), validation: [], singletons: [])
        var fitted = baseline
        do {
            var features = split.train.map { Array(dataset.spectrum($0)) }
            var labels = split.train.map { dataset.sampleLabels[$0] }
            if let augmentation {
                let copies = try StratifiedSplit.augmentedCopies(of: split.train, in: dataset, augmentation: augmentation,
                                                                 copies: repeats, seed: seed)
                let n = dataset.length
                for i in 0..<copies.batch.count { features.append(Array(copies.batch.inputs[(i * n)..<((i + 1) * n)])) }
                labels += copies.batch.labels
            }
            try fitted.fit(features: features, labels: labels, classCount: dataset.labels.count)
        } catch let error as BaselineError {
            throw ModelError(file: datasetName, reason: error.reason)
        }
        let network = ClassifierNetwork.baseline(fitted)
        var metrics = ClassificationMetrics(classCount: dataset.labels.count)
        let validation = try split.validationSet(of: dataset, augmentation: augmentation,
                                                 singletonCopies: augmentation == nil ? 0 : singletonValidationCopies, seed: seed)
        if validation.count > 0 {
            metrics.add(scores: try network.logits(validation.spectra, count: validation.count), labels: validation.sampleLabels)
        }
        let provenance = TrainingProvenance(
            dataset: datasetName, seed: seed, epochs: 0,
            metrics: ["validation_top1": metrics.top1, "validation_top3": metrics.top3, "validation_top5": metrics.top5,
                      "training_seconds": Date().timeIntervalSince(start)],
            projectVersion: SpectraKitVersion.current)
        let classifier = try SpectrumClassifier(network: network, labels: dataset.labels, modality: modality, provenance: provenance)
        try classifier.checkpoint().write(to: output)
        return (classifier, metrics)
    }
}

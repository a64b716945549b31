import SpectraModels

/// Saving and restoring the classical baselines (k-NN, Gaussian naive Bayes, logistic regression) as
/// checkpoints, so `train`/`evaluate`/`predict` handle them like neural models.
extension Checkpoint {
    /// The baseline types a checkpoint's `model_config.architecture` may name.
    public static let baselineTypes: [any BaselineClassifier.Type] = [
        KNearestNeighbours.self, GaussianNaiveBayes.self, LogisticRegression.self,
    ]

    /// A checkpoint holding a fitted baseline; `model_config` becomes `{"architecture": <its name>}` and
    /// `labels` must have one entry per class.
    public init(baseline: some BaselineClassifier, metadata: CheckpointMetadata) throws {
        guard metadata.labels.count == baseline.classCount else {
            throw CheckpointError(file: nil, reason: "\(metadata.labels.count) labels for a classifier with \(baseline.classCount) classes")
        }
        var metadata = metadata
        try metadata.setModelConfig(["architecture": type(of: baseline).architecture])
        try self.init(parameters: baseline.parameters(), metadata: metadata)
    }

    /// The baseline stored in this checkpoint, or nil when its architecture is not a baseline
    /// (a ViT or CNN); throws when the tensors do not make a valid baseline.
    public func baselineClassifier(file: String? = nil) throws -> (any BaselineClassifier)? {
        let architecture = ModelZoo.architecture(of: metadata)
        guard let type = Checkpoint.baselineTypes.first(where: { $0.architecture == architecture }) else { return nil }
        let classifier: any BaselineClassifier
        do {
            classifier = try type.init(parameters: parameters)
        } catch let error as BaselineError {
            throw CheckpointError(file: file, reason: "\(architecture) checkpoint: \(error.reason)")
        }
        guard classifier.classCount == metadata.labels.count else {
            throw CheckpointError(file: file, reason: "\(metadata.labels.count) labels but the \(architecture) model has \(classifier.classCount) classes")
        }
        return classifier
    }

    /// Refuses to apply this model to a spectrum of another modality, e.g. an FTIR file to an XRD model.
    public func requireModality(_ id: String, file: String?) throws {
        guard let modality = metadata.modality else { return }
        guard modality.id == id else {
            throw CheckpointError(file: file, reason: "is a \(id) spectrum but the model was trained on \(modality.id) spectra")
        }
    }
}

import Foundation
import SpectraCore
import SpectraModels
import SpectraNN
import SpectraTraining

/// A training run that writes a checkpoint after every epoch and can resume after being killed.
///
/// After each epoch it writes, in this order and each atomically, `OUT.optim.safetensors.zst`
/// (weights, Adam moments, epoch, history and options: everything a resume needs) and then the
/// checkpoint `OUT` itself. A kill at any moment leaves the last complete pair or, in the window
/// between the two writes, a newer resume file that does not depend on `OUT`; resuming restarts at
/// the next epoch and, because batches and dropout are seeded per epoch, repeats exactly what an
/// uninterrupted run would have done. When training ends, `OUT` holds the epoch with the lowest
/// validation loss.
public struct TrainingRun {
    public var dataset: PackedDataset
    /// Name recorded in the checkpoint's provenance (the dataset path, say).
    public var datasetName: String
    public var modality: CheckpointModality
    public var augmentation: CompiledPipeline?
    public var options: TrainingOptions
    /// The checkpoint path (`NAME.safetensors.zst`).
    public var output: String
    /// SHA-256 of the parent checkpoint for transferred models.
    public var parentSHA256: String?
    /// Optimiser override (defaults: AdamW for the ViT, Adam for the CNN).
    public var optimiser: (any Optimiser)?
    /// Progress lines on stderr.
    public var showProgress = true
    /// Called once per epoch with its record (e.g. to append to a JSON log).
    public var onEpoch: ((EpochRecord) throws -> Void)?

    public init(dataset: PackedDataset, datasetName: String, modality: CheckpointModality,
                augmentation: CompiledPipeline?, options: TrainingOptions, output: String) {
        self.dataset = dataset
        self.datasetName = datasetName
        self.modality = modality
        self.augmentation = augmentation
        self.options = options
        self.output = output
    }

    /// Trains `network` (or, with `resume`, the state found beside `output`) and returns the final classifier.
    public func run(_ network: ClassifierNetwork, resume: Bool = false) throws -> (SpectrumClassifier, [EpochRecord]) {
        let statePath = OptimizerState.path(forCheckpoint: output)
        var startEpoch = 0
        var history: [EpochRecord] = []
        var best: (loss: Double, parameters: NamedTensors)?
        if resume {
            guard FileManager.default.fileExists(atPath: statePath) else {
                throw CheckpointError(file: statePath, reason: "nothing to resume: no optimiser state beside \(output)")
            }
            let state = try OptimizerState.load(from: statePath)
            let saved = try Self.decodeState(state, file: statePath)
            guard saved.options == options else {
                throw CheckpointError(file: statePath, reason: "the saved run used different options; resume with the same options (or start anew without --resume)")
            }
            if saved.finished {
                throw CheckpointError(file: statePath, reason: "this run already finished after epoch \(saved.history.count)")
            }
            try network.importParameters(Self.tensors(in: state, prefix: "param."))
            try state.restoreMoments(into: network.parameterSets, file: statePath)
            if let bestLoss = saved.bestLoss {
                let params = Self.tensors(in: state, prefix: "best.")
                best = (bestLoss, params.isEmpty ? network.exportParameters() : params)
            }
            startEpoch = saved.history.count
            history = saved.history
        }

        let trainer = try Trainer(dataset: dataset, augmentation: augmentation, options: options)
        if !showProgress { trainer.progress = nil }
        let classifier = NetworkClassifier(network: network, optimiser: optimiser)
        classifier.frozenSets = Transfer.backboneSets(of: network)
        classifier.frozenEpochs = options.frozenBackboneEpochs
        trainer.onEpoch = { record in
            let parameters = network.exportParameters()
            if record.validationLoss < (best?.loss ?? .infinity) - options.minDelta || best == nil {
                best = (record.validationLoss, parameters)
            }
            try self.save(network: network, parameters: parameters, history: trainer.history, best: best, finished: false)
            try self.onEpoch?(record)
        }
        let records = try trainer.fit(classifier, startEpoch: startEpoch, history: history)
        if let best { try network.importParameters(best.parameters) }
        try save(network: network, parameters: network.exportParameters(), history: records, best: best, finished: true)
        return (try makeClassifier(network, history: records), records)
    }

    /// What the resume file beside the checkpoint `output` holds: the epochs done, whether the run
    /// finished and the options it ran with, or nil when there is no resume file.
    public static func savedProgress(forCheckpoint output: String) throws
        -> (epochs: Int, finished: Bool, options: TrainingOptions)? {
        let statePath = OptimizerState.path(forCheckpoint: output)
        guard FileManager.default.fileExists(atPath: statePath) else { return nil }
        let saved = try decodeState(try OptimizerState.load(from: statePath), file: statePath)
        return (saved.history.count, saved.finished, saved.options)
    }

    private func makeClassifier(_ network: ClassifierNetwork, history: [EpochRecord]) throws -> SpectrumClassifier {
        var metrics: [String: Double] = [:]
        if let bestRecord = history.min(by: { $0.validationLoss < $1.validationLoss }) {
            metrics = ["validation_loss": bestRecord.validationLoss, "validation_top1": bestRecord.validationTop1,
                       "validation_top3": bestRecord.validationTop3, "validation_top5": bestRecord.validationTop5,
                       "best_epoch": Double(bestRecord.epoch),
                       "training_seconds": history.reduce(0) { $0 + $1.seconds },
                       "training_cpu_seconds": history.reduce(0) { $0 + ($1.cpuSeconds ?? 0) }]
        }
        let provenance = TrainingProvenance(dataset: datasetName, seed: options.seed, epochs: history.count,
                                            metrics: metrics, projectVersion: SpectraKitVersion.current)
        return try SpectrumClassifier(network: network, labels: dataset.labels, modality: modality,
                                      provenance: provenance, parentSHA256: parentSHA256)
    }

    private struct SavedState: Codable {
        var options: TrainingOptions
        var history: [EpochRecord]
        var bestLoss: Double?
        var finished: Bool
    }

    private func save(network: ClassifierNetwork, parameters: NamedTensors, history: [EpochRecord],
                      best: (loss: Double, parameters: NamedTensors)?, finished: Bool) throws {
        let classifier = try makeClassifier(network, history: history)
        var checkpoint = try classifier.checkpoint()
        checkpoint.tensors = try parameters.mapValues { try CheckpointTensor(shape: $0.shape, values: $0.values) }
        let compressed = try ZstdFrame.compress(try checkpoint.safetensorsBytes(), file: output)
        let sha = SHA256.hexDigest(of: compressed)
        let stateJSON = String(decoding: try JSONEncoder().encode(
            SavedState(options: options, history: history, bestLoss: best?.loss, finished: finished)), as: UTF8.self)
        var state = try OptimizerState(moments: network.parameterSets, step: history.reduce(0) { $0 + $1.steps },
                                       modelSHA256: sha, extra: ["run": stateJSON])
        try Self.store(parameters, prefix: "param.", in: &state)
        if let best, !finished { try Self.store(best.parameters, prefix: "best.", in: &state) }
        try state.write(to: OptimizerState.path(forCheckpoint: output))
        try AtomicFile.write(compressed, to: output)
    }

    /// Model tensors kept in the resume file under `prefix` (`param.` = latest, `best.` = best so far).
    private static func store(_ tensors: NamedTensors, prefix: String, in state: inout OptimizerState) throws {
        for (name, t) in tensors { state.tensors[prefix + name] = try CheckpointTensor(shape: t.shape, values: t.values) }
    }

    /// The tensors stored under `prefix`, with the prefix removed.
    private static func tensors(in state: OptimizerState, prefix: String) -> NamedTensors {
        state.tensors.filter { $0.key.hasPrefix(prefix) }
            .reduce(into: NamedTensors()) { $0[String($1.key.dropFirst(prefix.count))] = ($1.value.shape, $1.value.values) }
    }

    private static func decodeState(_ state: OptimizerState, file: String) throws -> SavedState {
        guard let json = state.extra["run"] else { throw CheckpointError(file: file, reason: "the optimiser state has no run record") }
        do {
            return try JSONDecoder().decode(SavedState.self, from: Data(json.utf8))
        } catch {
            throw CheckpointError(file: file, reason: "the run record is unreadable: \(describeDecodingError(error))")
        }
    }
}

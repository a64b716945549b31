import Foundation
import SpectraCore
import SpectraModels
import SpectraNN

/// A trained classifier with everything needed to use it on a new file: the network, its class
/// labels, and the modality whose preprocessing puts a spectrum on its input grid. This is what a
/// `.safetensors.zst` checkpoint holds.
public struct SpectrumClassifier {
    public var network: ClassifierNetwork
    /// Class labels in head order.
    public var labels: [String]
    /// Modality id, canonical axis and the preprocessing used for files.
    public var modality: CheckpointModality
    public var provenance: TrainingProvenance?
    /// SHA-256 of the checkpoint this one was transferred from.
    public var parentSHA256: String?

    public init(network: ClassifierNetwork, labels: [String], modality: CheckpointModality,
                provenance: TrainingProvenance? = nil, parentSHA256: String? = nil) throws {
        guard labels.count == network.classCount else {
            throw CheckpointError(file: nil, reason: "\(labels.count) labels for a network with \(network.classCount) outputs")
        }
        guard modality.axis.count == network.inputLength else {
            throw CheckpointError(file: nil, reason: "the \(modality.id) grid has \(modality.axis.count) points, the network takes \(network.inputLength)")
        }
        self.network = network
        self.labels = labels
        self.modality = modality
        self.provenance = provenance
        self.parentSHA256 = parentSHA256
    }

    /// The checkpoint (tensors + metadata) of this classifier.
    public func checkpoint() throws -> Checkpoint {
        var metadata = CheckpointMetadata(modality: modality, labels: labels, provenance: provenance, parentSHA256: parentSHA256)
        try metadata.setModelConfig(network.configuration)
        return try Checkpoint(parameters: network.exportParameters(), metadata: metadata)
    }

    /// Rebuilds a classifier from a checkpoint, checking every tensor name and shape against the
    /// configuration before anything is loaded.
    public static func load(_ checkpoint: Checkpoint, file: String?) throws -> SpectrumClassifier {
        let metadata = checkpoint.metadata
        let configuration = try metadata.modelConfig(as: ModelConfiguration.self, file: file)
        guard let modality = metadata.modality else {
            throw CheckpointError(file: file, reason: "the checkpoint names no modality")
        }
        let classes = max(1, metadata.labels.count)
        if !configuration.architecture.isBaseline {
            // Every name and shape the configuration implies must be there before anything is loaded.
            let template: ClassifierNetwork
            do {
                template = try ClassifierNetwork.make(configuration, classes: classes, seed: 0)
            } catch let error as LocatedError {
                throw CheckpointError(file: file, reason: "model_config: \(error.reason)")
            }
            let expected = Dictionary(uniqueKeysWithValues: template.namedParameters.map { ($0.name, $0.shape) })
            try checkpoint.validate(against: CheckpointExpectation(shapes: expected), file: file)
        }
        let network: ClassifierNetwork
        do {
            network = try ClassifierNetwork.restore(configuration, classes: classes, parameters: checkpoint.parameters)
        } catch let error as LocatedError {
            throw CheckpointError(file: file, reason: error.reason)
        }
        do {
            return try SpectrumClassifier(network: network, labels: metadata.labels, modality: modality,
                                          provenance: metadata.provenance, parentSHA256: metadata.parentSHA256)
        } catch let error as LocatedError {
            throw CheckpointError(file: file, reason: error.reason)
        }
    }

    /// Loads `path` (a `.safetensors.zst` file).
    public static func load(from path: String) throws -> SpectrumClassifier {
        try load(Checkpoint.load(from: path), file: path)
    }

    /// Class probabilities (softmax of the logits), `count × labels.count` row-major.
    public func probabilities(_ inputs: [Float], count: Int) throws -> [Float] {
        var p = try network.logits(inputs, count: count)
        let k = labels.count
        for i in 0..<count {
            let row = (i * k)..<((i + 1) * k)
            let m = p[row].max() ?? 0
            var z: Float = 0
            for j in row { p[j] = exp(p[j] - m); z += p[j] }
            for j in row { p[j] /= z }
        }
        return p
    }
}

extension OptimizerState {
    /// The Adam moments of `sets` as `exp_avg.NAME` / `exp_avg_sq.NAME` tensors (PyTorch's names).
    public init(moments sets: [ParameterSet], step: Int, modelSHA256: String, extra: [String: String] = [:]) throws {
        var tensors: [String: CheckpointTensor] = [:]
        for set in sets {
            for (i, spec) in set.specs.enumerated() {
                let offset = set.offsets[i]
                tensors["exp_avg." + spec.name] = try CheckpointTensor(
                    shape: spec.shape, values: Array(UnsafeBufferPointer(start: set.firstMoment + offset, count: spec.count)))
                tensors["exp_avg_sq." + spec.name] = try CheckpointTensor(
                    shape: spec.shape, values: Array(UnsafeBufferPointer(start: set.secondMoment + offset, count: spec.count)))
            }
        }
        self.init(step: step, tensors: tensors, modelSHA256: modelSHA256, extra: extra)
    }

    /// Copies the moments back into `sets`; every tensor is checked before anything is written.
    public func restoreMoments(into sets: [ParameterSet], file: String?) throws {
        for set in sets {
            for spec in set.specs {
                for prefix in ["exp_avg.", "exp_avg_sq."] {
                    guard let t = tensors[prefix + spec.name], t.shape == spec.shape else {
                        throw CheckpointError(file: file, reason: "optimiser state lacks \(prefix + spec.name) with shape \(spec.shape)")
                    }
                }
            }
        }
        for set in sets {
            for (i, spec) in set.specs.enumerated() {
                let offset = set.offsets[i]
                tensors["exp_avg." + spec.name]!.values.withUnsafeBufferPointer { (set.firstMoment + offset).update(from: $0.baseAddress!, count: spec.count) }
                tensors["exp_avg_sq." + spec.name]!.values.withUnsafeBufferPointer { (set.secondMoment + offset).update(from: $0.baseAddress!, count: spec.count) }
            }
        }
    }
}

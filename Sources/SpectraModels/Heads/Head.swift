import SpectraCore
import SpectraNN

/// What a head is trained against, for a batch of B samples.
public enum HeadTarget: Sendable {
    /// One class index per sample (single-label classification).
    case classes([Int32])
    /// B×K targets in [0, 1] (multi-label, e.g. functional groups).
    case multiLabel([Float])
    /// B×K real values (regression).
    case values([Float])
}

/// A task head on the backbone's CLS embedding. Heads own their parameters, so one can be
/// replaced (e.g. for transfer to a new label set) without touching the backbone.
public protocol Head: ParameterStore {
    /// Parameter-name prefix: the model's main classifier is `head` (timm), others `heads.NAME`.
    var name: String { get }
    /// The head's parameters.
    var parameters: ParameterSet { get }
    /// Outputs per sample (classes, labels or regression targets).
    var outputCount: Int { get }
    /// Computes the outputs (B×outputCount logits or values) from features (B×C); valid until the next call.
    func forward(features: UnsafePointer<Float>, batch: Int) -> Tensor
    /// The mean loss of the last forward against `target`, storing ∂L/∂outputs for `backward`;
    /// a target of the wrong kind or size, or a label out of range, is a `ModelError`.
    func loss(target: HeadTarget, batch: Int) throws -> Double
    /// Adds ∂L/∂features (B×C) into `dfeatures` and ∂L/∂parameters into the head's gradients.
    func backward(features: UnsafePointer<Float>, dfeatures: UnsafeMutablePointer<Float>, batch: Int)
}

/// The linear layer every head is built on (PyTorch `nn.Linear(C, K)`, weight [K, C]), with its
/// output buffers planned per batch size.
public class LinearHead: @unchecked Sendable {
    public let name: String
    public let parameters: ParameterSet
    public let inputCount: Int
    public let outputCount: Int
    private var arena = Arena()
    private var outputs: Tensor?
    private var doutputs: Tensor?
    private var plannedBatch = 0

    /// A head reading `inputCount` features and producing `outputCount` outputs, with timm's
    /// initialisation (trunc-normal 0.02 weights, zero bias) from `seed`.
    public init(name: String, inputCount: Int, outputCount: Int, seed: UInt64) throws {
        guard inputCount > 0, outputCount > 0 else {
            throw ModelError(reason: "head \(name) needs positive input and output sizes, got \(inputCount)→\(outputCount)")
        }
        self.name = name
        self.inputCount = inputCount
        self.outputCount = outputCount
        parameters = ParameterSet([
            ParameterSpec(name: name + ".weight", shape: [outputCount, inputCount], decays: true),
            ParameterSpec(name: name + ".bias", shape: [outputCount], decays: false),
        ])
        var generator = SeededGenerator(seed: seed, stream: 0x4EAD)
        parameters.initialise { spec in
            spec.name.hasSuffix(".bias") ? [Float](repeating: 0, count: spec.count)
                : Initialiser.truncatedNormal(count: spec.count, std: 0.02, generator: &generator)
        }
    }

    private func plan(_ batch: Int) {
        guard batch > plannedBatch else { return }
        arena = Arena()
        outputs = arena.tensor([batch, outputCount])
        doutputs = arena.tensor([batch, outputCount])
        plannedBatch = batch
    }

    public func forward(features: UnsafePointer<Float>, batch: Int) -> Tensor {
        plan(batch)
        let out = outputs!.data
        Linear.forward(out: out, inp: features, weight: parameters.tensor(0).data, bias: parameters.tensor(1).data,
                       rows: batch, inChannels: inputCount, outChannels: outputCount)
        return Tensor(shape: [batch, outputCount], data: out)
    }

    /// ∂L/∂outputs storage for subclasses' losses.
    var outputGradient: UnsafeMutablePointer<Float> { plan(1); return doutputs!.data }
    /// The last outputs.
    var lastOutputs: UnsafeMutablePointer<Float> { plan(1); return outputs!.data }

    public func backward(features: UnsafePointer<Float>, dfeatures: UnsafeMutablePointer<Float>, batch: Int) {
        Linear.backward(dinp: dfeatures, dweight: parameters.gradient(0).data, dbias: parameters.gradient(1).data,
                        dout: outputGradient, inp: features, weight: parameters.tensor(0).data,
                        rows: batch, inChannels: inputCount, outChannels: outputCount, accumulateInput: true)
    }

    func checkCount(_ count: Int, batch: Int) throws {
        guard count == batch * outputCount else {
            throw ModelError(reason: "head \(name) expects \(batch)×\(outputCount) targets, got \(count)")
        }
    }

    public var namedParameters: [(name: String, shape: [Int])] { parameters.namedParameters }
    public func exportParameters() -> NamedTensors { parameters.exportParameters() }
    public func importParameters(_ tensors: NamedTensors) throws { try parameters.importParameters(tensors) }
}

/// Single-label classification: softmax cross-entropy over `classes` logits (optional label smoothing).
public final class ClassificationHead: LinearHead, Head, @unchecked Sendable {
    /// Label smoothing ε.
    public var labelSmoothing: Float

    public init(name: String = "head", embedDim: Int, classes: Int, labelSmoothing: Float = 0, seed: UInt64 = 0) throws {
        self.labelSmoothing = labelSmoothing
        try super.init(name: name, inputCount: embedDim, outputCount: classes, seed: seed)
    }

    public func loss(target: HeadTarget, batch: Int) throws -> Double {
        guard case .classes(let labels) = target else { throw ModelError(reason: "head \(name) needs class labels") }
        guard labels.count == batch else { throw ModelError(reason: "head \(name) expects \(batch) labels, got \(labels.count)") }
        do {
            return try labels.withUnsafeBufferPointer { l in
                try Loss.softmaxCrossEntropy(logits: lastOutputs, labels: l.baseAddress!, dlogits: outputGradient,
                                             batch: batch, classes: outputCount, smoothing: labelSmoothing)
            }
        } catch let error as NNError {
            throw ModelError(reason: error.reason)
        }
    }
}

/// Multi-label classification: an independent sigmoid per label, binary cross-entropy.
public final class MultiLabelHead: LinearHead, Head, @unchecked Sendable {
    public init(name: String, embedDim: Int, labels: Int, seed: UInt64 = 0) throws {
        try super.init(name: name, inputCount: embedDim, outputCount: labels, seed: seed)
    }

    public func loss(target: HeadTarget, batch: Int) throws -> Double {
        guard case .multiLabel(let targets) = target else { throw ModelError(reason: "head \(name) needs multi-label targets") }
        try checkCount(targets.count, batch: batch)
        return targets.withUnsafeBufferPointer { y in
            Loss.binaryCrossEntropy(logits: lastOutputs, targets: y.baseAddress!, dlogits: outputGradient, count: batch * outputCount)
        }
    }
}

/// Regression: linear outputs, mean-squared error.
public final class RegressionHead: LinearHead, Head, @unchecked Sendable {
    public init(name: String, embedDim: Int, outputs: Int, seed: UInt64 = 0) throws {
        try super.init(name: name, inputCount: embedDim, outputCount: outputs, seed: seed)
    }

    public func loss(target: HeadTarget, batch: Int) throws -> Double {
        guard case .values(let values) = target else { throw ModelError(reason: "head \(name) needs regression values") }
        try checkCount(values.count, batch: batch)
        return values.withUnsafeBufferPointer { y in
            Loss.meanSquaredError(outputs: lastOutputs, targets: y.baseAddress!, doutputs: outputGradient, count: batch * outputCount)
        }
    }
}

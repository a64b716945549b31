import SpectraCore
import SpectraNN

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

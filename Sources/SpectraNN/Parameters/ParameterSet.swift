import SpectraCore

/// One named parameter tensor: its checkpoint name (timm / PyTorch style), shape, and whether
/// AdamW's decoupled weight decay applies (not to norms, biases, `cls_token`, `pos_embed`).
public struct ParameterSpec: Sendable, Equatable {
    public var name: String
    public var shape: [Int]
    public var decays: Bool
    public init(name: String, shape: [Int], decays: Bool) {
        self.name = name
        self.shape = shape
        self.decays = decays
    }
    /// Number of elements.
    public var count: Int { shape.reduce(1, *) }
}

/// Named tensors keyed by checkpoint name, as the checkpoint code reads and writes them.
public typealias NamedTensors = [String: (shape: [Int], values: [Float])]

/// The uniform way to enumerate, read and load a model's parameters (for checkpoints and transfer).
public protocol ParameterStore: AnyObject {
    /// Every parameter's name and shape, in a stable order.
    var namedParameters: [(name: String, shape: [Int])] { get }
    /// All parameters by name.
    func exportParameters() -> NamedTensors
    /// Loads every tensor this store owns from `tensors`; a missing tensor or a shape mismatch is
    /// an `NNError` and leaves the store unchanged. Extra tensors are ignored.
    func importParameters(_ tensors: NamedTensors) throws
}

/// All parameters of one module in a single buffer (llm.c's `params_memory`), with gradients and
/// optimiser moments in buffers of the same layout, so optimisers run over flat arrays.
public final class ParameterSet: ParameterStore, @unchecked Sendable {
    /// The tensors, in layout order.
    public let specs: [ParameterSpec]
    /// Element offset of each tensor in the buffers.
    public let offsets: [Int]
    /// Total number of scalars.
    public let count: Int
    /// Parameter values.
    public let values: UnsafeMutablePointer<Float>
    /// Gradients of the loss with respect to `values`, accumulated by backward passes.
    public let gradients: UnsafeMutablePointer<Float>
    /// First and second moments for Adam/AdamW (the momentum buffer for SGD uses `firstMoment`).
    public let firstMoment: UnsafeMutablePointer<Float>
    public let secondMoment: UnsafeMutablePointer<Float>
    /// 1 where weight decay applies, 0 elsewhere (same layout as `values`).
    public let decayMask: UnsafeMutablePointer<Float>
    private let index: [String: Int]

    public init(_ specs: [ParameterSpec]) {
        self.specs = specs
        var offsets: [Int] = []
        var total = 0
        for spec in specs {
            offsets.append(total)
            total += spec.count
        }
        self.offsets = offsets
        self.count = total
        let n = max(total, 1)
        values = .allocate(capacity: n); values.initialize(repeating: 0, count: n)
        gradients = .allocate(capacity: n); gradients.initialize(repeating: 0, count: n)
        firstMoment = .allocate(capacity: n); firstMoment.initialize(repeating: 0, count: n)
        secondMoment = .allocate(capacity: n); secondMoment.initialize(repeating: 0, count: n)
        decayMask = .allocate(capacity: n); decayMask.initialize(repeating: 0, count: n)
        for (spec, offset) in zip(specs, offsets) where spec.decays {
            decayMask.advanced(by: offset).update(repeating: 1, count: spec.count)
        }
        var index: [String: Int] = [:]
        for (i, spec) in specs.enumerated() { index[spec.name] = i }
        self.index = index
    }

    deinit {
        values.deallocate(); gradients.deallocate()
        firstMoment.deallocate(); secondMoment.deallocate(); decayMask.deallocate()
    }

    /// The value tensor at position `i` of `specs`.
    public func tensor(_ i: Int) -> Tensor { Tensor(shape: specs[i].shape, data: values + offsets[i]) }
    /// The gradient tensor at position `i` of `specs`.
    public func gradient(_ i: Int) -> Tensor { Tensor(shape: specs[i].shape, data: gradients + offsets[i]) }
    /// Position of the tensor called `name`, if any.
    public func position(of name: String) -> Int? { index[name] }

    /// Sets all gradients to zero (once per step, before the backward pass).
    public func zeroGradients() { gradients.update(repeating: 0, count: max(count, 1)) }
    /// Resets the optimiser moments (e.g. after loading new weights).
    public func resetOptimiserState() {
        firstMoment.update(repeating: 0, count: max(count, 1))
        secondMoment.update(repeating: 0, count: max(count, 1))
    }

    /// Fills each tensor with `initialiser(spec)`'s values.
    public func initialise(_ initialiser: (ParameterSpec) -> [Float]) {
        for (i, spec) in specs.enumerated() { tensor(i).copy(from: initialiser(spec)) }
    }

    public var namedParameters: [(name: String, shape: [Int])] { specs.map { ($0.name, $0.shape) } }

    /// The values of the tensor called `name`.
    public func parameter(named name: String) -> [Float]? { index[name].map { tensor($0).toArray() } }

    public func exportParameters() -> NamedTensors {
        var out: NamedTensors = [:]
        for (i, spec) in specs.enumerated() { out[spec.name] = (spec.shape, tensor(i).toArray()) }
        return out
    }

    public func importParameters(_ tensors: NamedTensors) throws {
        for spec in specs {
            guard let found = tensors[spec.name] else {
                throw NNError(reason: "missing tensor \(spec.name) (expected shape \(spec.shape))")
            }
            guard found.shape == spec.shape, found.values.count == spec.count else {
                throw NNError(reason: "tensor \(spec.name) has shape \(found.shape), expected \(spec.shape)")
            }
        }
        for (i, spec) in specs.enumerated() { tensor(i).copy(from: tensors[spec.name]!.values) }
    }

    /// Loads one tensor by name; an unknown name or a shape mismatch is an `NNError`.
    public func load(name: String, values newValues: [Float], shape: [Int]) throws {
        guard let i = index[name] else { throw NNError(reason: "no parameter named \(name)") }
        guard shape == specs[i].shape, newValues.count == specs[i].count else {
            throw NNError(reason: "tensor \(name) has shape \(shape), expected \(specs[i].shape)")
        }
        tensor(i).copy(from: newValues)
    }
}

/// Weight initialisers as in timm's ViT (`trunc_normal_(std=.02)` for weights, zeros for biases,
/// ones/zeros for LayerNorm), drawn from a `SeededGenerator` so initialisation is reproducible.
public enum Initialiser {
    /// `count` normal samples with standard deviation `std`, redrawn outside ±2σ (timm's truncation).
    public static func truncatedNormal(count: Int, std: Double, generator: inout SeededGenerator) -> [Float] {
        (0..<count).map { _ in
            var z = generator.gaussian()
            while abs(z) > 2 { z = generator.gaussian() }
            return Float(z * std)
        }
    }

    /// `count` samples uniform in [-bound, bound) (PyTorch's default Linear/Conv initialisation
    /// uses bound = 1/sqrt(fan_in)).
    public static func uniform(count: Int, bound: Double, generator: inout SeededGenerator) -> [Float] {
        (0..<count).map { _ in Float(generator.uniform(-bound, bound)) }
    }
}

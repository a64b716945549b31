import SpectraCore
import SpectraNN

/// A ViT backbone carrying one or more heads (timm's `forward_features` + `forward_head`). The
/// main classifier is named `head`; further heads are `heads.NAME`. Replacing a head leaves the
/// backbone's weights untouched.
public final class ViTModel: ParameterStore, @unchecked Sendable {
    /// The shared encoder.
    public let backbone: ViTBackbone
    /// The heads, in the order their losses are summed.
    public private(set) var heads: [any Head]

    public init(backbone: ViTBackbone, heads: [any Head]) throws {
        self.backbone = backbone
        self.heads = []
        for head in heads { try add(head) }
    }

    /// A backbone from `configuration` with one classification head `head` over `classes`.
    public convenience init(configuration: ViTConfiguration, classes: Int, seed: UInt64 = 0) throws {
        let backbone = try ViTBackbone(configuration: configuration, seed: seed)
        try self.init(backbone: backbone, heads: [ClassificationHead(embedDim: configuration.embedDim, classes: classes, seed: seed)])
    }

    /// Adds a head; its input width must be the embedding dimension and its name unused.
    public func add(_ head: any Head) throws {
        guard !heads.contains(where: { $0.name == head.name }) else { throw ModelError(reason: "a head named \(head.name) already exists") }
        try checkFits(head)
        heads.append(head)
    }

    /// Replaces the head with the same name (e.g. a new label set for transfer).
    public func replaceHead(_ head: any Head) throws {
        guard let i = heads.firstIndex(where: { $0.name == head.name }) else { throw ModelError(reason: "no head named \(head.name)") }
        try checkFits(head)
        heads[i] = head
    }

    private func checkFits(_ head: any Head) throws {
        let width = head.parameters.specs.first?.shape.last ?? 0
        guard width == backbone.configuration.embedDim else {
            throw ModelError(reason: "head \(head.name) reads \(width) features, the backbone gives \(backbone.configuration.embedDim)")
        }
    }

    /// The head called `name`.
    public func head(named name: String) -> (any Head)? { heads.first { $0.name == name } }

    /// Every parameter set (backbone first), as optimisers take them.
    public var parameterSets: [ParameterSet] { [backbone.parameters] + heads.map(\.parameters) }

    /// Outputs of head `headName` for `input` (batch × inputLength), in inference mode.
    public func predict(_ input: UnsafePointer<Float>, batch: Int, head headName: String = "head") throws -> Tensor {
        guard let head = head(named: headName) else { throw ModelError(reason: "no head named \(headName)") }
        let features = try backbone.forwardFeatures(input, batch: batch, training: false)
        return head.forward(features: features.data, batch: batch)
    }

    /// Forward, loss (summed over the heads named in `targets`) and backward for one batch, gradients
    /// zeroed first. Returns the loss; a non-finite loss is a `ModelError`.
    public func lossAndGradients(_ input: UnsafePointer<Float>, batch: Int, targets: [String: HeadTarget],
                                 training: Bool = true) throws -> Double {
        for name in targets.keys where head(named: name) == nil { throw ModelError(reason: "no head named \(name)") }
        for set in parameterSets { set.zeroGradients() }
        let features = try backbone.forwardFeatures(input, batch: batch, training: training)
        backbone.zeroFeatureGradient()
        guard let dfeatures = backbone.featureGradient else { throw ModelError(reason: "backbone has no plan") }
        var total = 0.0
        for head in heads {
            guard let target = targets[head.name] else { continue }
            _ = head.forward(features: features.data, batch: batch)
            total += try head.loss(target: target, batch: batch)
            head.backward(features: features.data, dfeatures: dfeatures.data, batch: batch)
        }
        guard total.isFinite else { throw ModelError(reason: "loss is not finite (\(total))") }
        backbone.backward()
        return total
    }

    /// One optimisation step (`step` counts from 1): forward, backward, optional gradient clipping,
    /// update. A non-finite loss stops with a `ModelError` naming the step, before any update.
    @discardableResult
    public func trainStep(_ input: UnsafePointer<Float>, batch: Int, targets: [String: HeadTarget],
                          optimiser: any Optimiser, learningRate: Float, step: Int, clipNorm: Float? = nil) throws -> Double {
        let loss: Double
        do {
            loss = try lossAndGradients(input, batch: batch, targets: targets)
        } catch let error as ModelError {
            throw ModelError(file: error.file, line: error.line, reason: "step \(step): \(error.reason)")
        }
        if let clipNorm { GradientClipping.clip(parameterSets, maxNorm: clipNorm) }
        optimiser.update(parameterSets, learningRate: learningRate, step: step)
        return loss
    }

    public var namedParameters: [(name: String, shape: [Int])] { parameterSets.flatMap(\.namedParameters) }

    public func exportParameters() -> NamedTensors {
        var out = backbone.exportParameters()
        for head in heads { out.merge(head.exportParameters()) { a, _ in a } }
        return out
    }

    /// Loads the backbone and every head; all shapes are checked before anything changes.
    public func importParameters(_ tensors: NamedTensors) throws {
        for (name, shape) in namedParameters {
            guard let t = tensors[name] else { throw ModelError(reason: "missing tensor \(name) (expected shape \(shape))") }
            guard t.shape == shape, t.values.count == shape.reduce(1, *) else {
                throw ModelError(reason: "tensor \(name) has shape \(t.shape), expected \(shape)")
            }
        }
        try backbone.importParameters(tensors)
        for head in heads { try head.importParameters(tensors) }
    }
}

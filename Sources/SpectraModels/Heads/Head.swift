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

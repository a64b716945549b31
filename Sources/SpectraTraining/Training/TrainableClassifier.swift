/// What the `Trainer` needs from a model: a training step on a batch and scores for evaluation.
/// The ViT and the CNN conform through SpectraModels; classical baselines train in closed form.
public protocol TrainableClassifier: AnyObject {
    /// Points per input row.
    var inputLength: Int { get }
    /// Number of classes the head scores.
    var classCount: Int { get }
    /// One optimiser step on a batch (`labels.count × inputLength` row-major inputs) at the given
    /// learning rate; returns the batch's mean loss. `step` is the global step (for errors and schedules).
    func trainStep(inputs: [Float], labels: [Int], learningRate: Float, step: Int) throws -> Float
    /// Class scores (logits) for `count` rows, row-major `count × classCount`, in inference mode.
    func scores(inputs: [Float], count: Int) throws -> [Float]
    /// Mean loss on a batch without updating anything (inference mode).
    func loss(inputs: [Float], labels: [Int]) throws -> Float
    /// Called before each epoch, so the model's own randomness (dropout) depends only on (seed, epoch).
    func beginEpoch(_ epoch: Int, seed: UInt64)
}

extension TrainableClassifier {
    public func beginEpoch(_ epoch: Int, seed: UInt64) {}
}

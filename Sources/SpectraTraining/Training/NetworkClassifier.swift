import Foundation
import SpectraModels
import SpectraNN

/// Mean softmax cross-entropy of row-major logits (`labels.count × classes`), computed in Double.
func meanCrossEntropy(logits: [Float], labels: [Int], classes: Int) -> Float {
    var total = 0.0
    for (i, label) in labels.enumerated() {
        let row = logits[(i * classes)..<((i + 1) * classes)]
        let m = Double(row.max() ?? 0)
        let z = row.reduce(0.0) { $0 + exp(Double($1) - m) }
        total += m + log(z) - Double(row[row.startIndex + label])
    }
    return Float(total / Double(max(1, labels.count)))
}

/// A ViT or CNN trained by an optimiser: the bridge from `ClassifierNetwork` to the `Trainer`.
public final class NetworkClassifier: TrainableClassifier {
    public let network: ClassifierNetwork
    public var optimiser: any Optimiser
    /// Global gradient-norm clipping (ViT only), if any.
    public var clipNorm: Float?
    /// Parameter sets left unchanged during the first `frozenEpochs` epochs (a transferred backbone).
    public var frozenSets: [ParameterSet] = []
    public var frozenEpochs = 0
    private var epoch = 0

    /// AdamW (weight decay 0.05, no decay on norms, biases and tokens) with clipping at 1 for the
    /// ViT, as timm trains ViTs; Adam for the CNN, as the paper's Keras model.
    public init(network: ClassifierNetwork, optimiser: (any Optimiser)? = nil, clipNorm: Float? = 1) {
        self.network = network
        switch network {
        case .vit: self.optimiser = optimiser ?? Adam.adamW(weightDecay: 0.05)
        case .cnn, .baseline: self.optimiser = optimiser ?? Adam()
        }
        self.clipNorm = clipNorm
    }

    public var inputLength: Int { network.inputLength }
    public var classCount: Int { network.classCount }

    public func beginEpoch(_ epoch: Int, seed: UInt64) {
        self.epoch = epoch
        network.reseedRandomness(seed: seed, stream: 0xD409_0000 | UInt64(epoch))
    }

    /// The optimiser for the current epoch: the frozen sets are left out while they are frozen.
    private var activeOptimiser: any Optimiser {
        guard epoch < frozenEpochs, !frozenSets.isEmpty else { return optimiser }
        return ExcludingOptimiser(base: optimiser, excluded: Set(frozenSets.map(ObjectIdentifier.init)))
    }

    public func trainStep(inputs: [Float], labels: [Int], learningRate: Float, step: Int) throws -> Float {
        let targets = labels.map(Int32.init)
        let loss = try inputs.withUnsafeBufferPointer { p -> Double in
            switch network {
            case .vit(let m):
                return try m.trainStep(p.baseAddress!, batch: labels.count, targets: ["head": .classes(targets)],
                                       optimiser: activeOptimiser, learningRate: learningRate, step: step + 1, clipNorm: clipNorm)
            case .baseline:
                throw ModelError(reason: "a classical baseline is fitted in one go, not trained step by step")
            case .cnn(let m):
                return try m.trainStep(p.baseAddress!, labels: targets, optimiser: activeOptimiser,
                                       learningRate: learningRate, step: step + 1)
            }
        }
        return Float(loss)
    }

    public func scores(inputs: [Float], count: Int) throws -> [Float] {
        try network.logits(inputs, count: count)
    }

    public func loss(inputs: [Float], labels: [Int]) throws -> Float {
        meanCrossEntropy(logits: try scores(inputs: inputs, count: labels.count), labels: labels, classes: classCount)
    }
}

/// Applies `base` to every parameter set except the excluded ones (frozen during transfer).
struct ExcludingOptimiser: Optimiser {
    let base: any Optimiser
    let excluded: Set<ObjectIdentifier>

    func update(_ sets: [ParameterSet], learningRate: Float, step: Int) {
        base.update(sets.filter { !excluded.contains(ObjectIdentifier($0)) }, learningRate: learningRate, step: step)
    }
}

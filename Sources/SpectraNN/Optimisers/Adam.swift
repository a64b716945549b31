import CVectorMath
import Foundation

/// Adam / AdamW as PyTorch's `torch.optim.Adam` and `torch.optim.AdamW`: with `decoupled` the
/// weight decay shrinks weights directly (AdamW), otherwise it is added to the gradient (Adam's
/// L2). Decay applies only where the set's `decayMask` is 1 (not norms, biases, cls/pos tokens).
public struct Adam: Optimiser, Sendable {
    public var beta1: Float
    public var beta2: Float
    public var epsilon: Float
    public var weightDecay: Float
    public var decoupled: Bool

    public init(beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8,
                weightDecay: Float = 0, decoupled: Bool = false) {
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        self.decoupled = decoupled
    }

    /// AdamW with PyTorch's defaults (weight decay 0.01 unless given).
    public static func adamW(weightDecay: Float = 0.01, beta1: Float = 0.9, beta2: Float = 0.999,
                             epsilon: Float = 1e-8) -> Adam {
        Adam(beta1: beta1, beta2: beta2, epsilon: epsilon, weightDecay: weightDecay, decoupled: true)
    }

    public func update(_ sets: [ParameterSet], learningRate lr: Float, step: Int) {
        let correction1 = 1 - Float(pow(Double(beta1), Double(step)))
        let correction2 = 1 - Float(pow(Double(beta2), Double(step)))
        let (b1, b2, eps, wd, decoupled) = (beta1, beta2, epsilon, weightDecay, decoupled)
        for set in sets {
            let w = set.values, g = set.gradients, m = set.firstMoment, v = set.secondMoment, mask = set.decayMask
            // The element loop is CVectorMath's (8 lanes with AVX2; same operations in the same order).
            ComputeThreads.forEachChunk(set.count, costPerItem: 12) { range in
                let i = range.lowerBound
                spectra_adam_update(w + i, g + i, m + i, v + i, mask + i, range.count, lr, b1, b2, eps, wd,
                                    decoupled ? 1 : 0, correction1, correction2)
            }
        }
    }
}

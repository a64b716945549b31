import Foundation

/// Updates parameters from their accumulated gradients. `step` counts from 1 (Adam's bias correction).
public protocol Optimiser {
    /// Applies one update to every set with learning rate `learningRate`.
    func update(_ sets: [ParameterSet], learningRate: Float, step: Int)
}

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
            ComputeThreads.forEachChunk(set.count, costPerItem: 12) { range in
                for i in range {
                    var grad = g[i]
                    if decoupled {
                        w[i] -= lr * wd * mask[i] * w[i]
                    } else {
                        grad += wd * mask[i] * w[i]
                    }
                    m[i] = b1 * m[i] + (1 - b1) * grad
                    v[i] = b2 * v[i] + (1 - b2) * grad * grad
                    let mHat = m[i] / correction1
                    let vHat = v[i] / correction2
                    w[i] -= lr * mHat / (vHat.squareRoot() + eps)
                }
            }
        }
    }
}

/// SGD with momentum as PyTorch's `torch.optim.SGD(momentum=μ, weight_decay=λ)` (L2 decay on the
/// gradient where the decay mask is 1).
public struct SGD: Optimiser, Sendable {
    public var momentum: Float
    public var weightDecay: Float

    public init(momentum: Float = 0.9, weightDecay: Float = 0) {
        self.momentum = momentum
        self.weightDecay = weightDecay
    }

    public func update(_ sets: [ParameterSet], learningRate lr: Float, step: Int) {
        for set in sets {
            let w = set.values, g = set.gradients, buffer = set.firstMoment, mask = set.decayMask
            for i in 0..<set.count {
                let grad = g[i] + weightDecay * mask[i] * w[i]
                // PyTorch starts the buffer at the first gradient; with a zero buffer μ·0 + g is the same.
                buffer[i] = step <= 1 ? grad : momentum * buffer[i] + grad
                w[i] -= lr * buffer[i]
            }
        }
    }
}

/// Gradient-norm clipping as `torch.nn.utils.clip_grad_norm_`.
public enum GradientClipping {
    /// Scales all gradients so their global L2 norm is at most `maxNorm`; returns the norm before clipping.
    @discardableResult
    public static func clip(_ sets: [ParameterSet], maxNorm: Float) -> Double {
        var sum: Double = 0
        for set in sets {
            for i in 0..<set.count { sum += Double(set.gradients[i]) * Double(set.gradients[i]) }
        }
        let norm = sum.squareRoot()
        let coefficient = Float(Double(maxNorm) / (norm + 1e-6))
        if coefficient < 1 {
            for set in sets {
                for i in 0..<set.count { set.gradients[i] *= coefficient }
            }
        }
        return norm
    }
}

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

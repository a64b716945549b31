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

import SpectraCore

/// Dropout: zero each element with probability `rate` and scale the survivors by 1/(1−rate), so
/// the expectation is unchanged (inverted dropout, as PyTorch).
public enum Dropout {
    /// Fills mask (N) with 0 or 1/(1−rate) from `generator`.
    public static func makeMask(_ mask: UnsafeMutablePointer<Float>, count n: Int, rate: Float,
                                generator: inout SeededGenerator) {
        let keep = 1 - rate
        let scale = keep > 0 ? 1 / keep : 0
        for i in 0..<n { mask[i] = generator.uniform() < Double(keep) ? scale : 0 }
    }

    /// out (N) = inp (N) · mask (N); may run in place.
    public static func forward(out: UnsafeMutablePointer<Float>, inp: UnsafePointer<Float>,
                               mask: UnsafePointer<Float>, count n: Int) {
        for i in 0..<n { out[i] = inp[i] * mask[i] }
    }

    /// dinp (N) = dout (N) · mask (N); may run in place.
    public static func backward(dinp: UnsafeMutablePointer<Float>, dout: UnsafePointer<Float>,
                                mask: UnsafePointer<Float>, count n: Int) {
        for i in 0..<n { dinp[i] = dout[i] * mask[i] }
    }
}

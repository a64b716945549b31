import SpectraCore

/// Stochastic depth (timm's `DropPath`): a residual branch is dropped for a whole sample with
/// probability `rate`, the kept samples scaled by 1/(1−rate).
public enum DropPath {
    /// Fills scale (B) with 0 or 1/(1−rate) per sample.
    public static func makeScale(_ scale: UnsafeMutablePointer<Float>, batch b: Int, rate: Float,
                                 generator: inout SeededGenerator) {
        Dropout.makeMask(scale, count: b, rate: rate, generator: &generator)
    }

    /// out (B,N) = inp (B,N) · scale[b]; may run in place.
    public static func forward(out: UnsafeMutablePointer<Float>, inp: UnsafePointer<Float>,
                               scale: UnsafePointer<Float>, batch b: Int, perSample n: Int) {
        for bi in 0..<b {
            let s = scale[bi]
            for i in 0..<n { out[bi * n + i] = inp[bi * n + i] * s }
        }
    }

    /// dinp (B,N) = dout (B,N) · scale[b]; may run in place.
    public static func backward(dinp: UnsafeMutablePointer<Float>, dout: UnsafePointer<Float>,
                                scale: UnsafePointer<Float>, batch b: Int, perSample n: Int) {
        forward(out: dinp, inp: dout, scale: scale, batch: b, perSample: n)
    }
}

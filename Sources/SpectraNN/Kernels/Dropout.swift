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

/// Residual connection `out = a + b`.
public enum Residual {
    /// out (N) = a (N) + b (N); out may alias a.
    public static func forward(out: UnsafeMutablePointer<Float>, a: UnsafePointer<Float>,
                               b: UnsafePointer<Float>, count n: Int) {
        for i in 0..<n { out[i] = a[i] + b[i] }
    }

    /// da (N) += dout; db (N) += dout.
    public static func backward(da: UnsafeMutablePointer<Float>, db: UnsafeMutablePointer<Float>,
                                dout: UnsafePointer<Float>, count n: Int) {
        for i in 0..<n { da[i] += dout[i]; db[i] += dout[i] }
    }
}

/// Reduces the token axis to one vector per sample: the CLS token (timm's `global_pool='token'`)
/// or the mean over tokens.
public enum Pooling {
    /// out (B,C) = inp[b, 0, :] from inp (B,T,C).
    public static func clsForward(out: UnsafeMutablePointer<Float>, inp: UnsafePointer<Float>,
                                  batch b: Int, tokens t: Int, channels c: Int) {
        for bi in 0..<b { (out + bi * c).update(from: inp + bi * t * c, count: c) }
    }

    /// dinp[b, 0, :] += dout (B,C).
    public static func clsBackward(dinp: UnsafeMutablePointer<Float>, dout: UnsafePointer<Float>,
                                   batch b: Int, tokens t: Int, channels c: Int) {
        for bi in 0..<b {
            let d = dinp + bi * t * c, g = dout + bi * c
            for i in 0..<c { d[i] += g[i] }
        }
    }

    /// out (B,C) = mean over t of inp (B,T,C).
    public static func meanForward(out: UnsafeMutablePointer<Float>, inp: UnsafePointer<Float>,
                                   batch b: Int, tokens t: Int, channels c: Int) {
        for bi in 0..<b {
            let o = out + bi * c
            o.update(repeating: 0, count: c)
            for ti in 0..<t {
                let x = inp + (bi * t + ti) * c
                for i in 0..<c { o[i] += x[i] }
            }
            for i in 0..<c { o[i] /= Float(t) }
        }
    }

    /// dinp[b, t, :] += dout[b, :] / T.
    public static func meanBackward(dinp: UnsafeMutablePointer<Float>, dout: UnsafePointer<Float>,
                                    batch b: Int, tokens t: Int, channels c: Int) {
        let inv = 1 / Float(t)
        for bi in 0..<b {
            let g = dout + bi * c
            for ti in 0..<t {
                let d = dinp + (bi * t + ti) * c
                for i in 0..<c { d[i] += g[i] * inv }
            }
        }
    }
}

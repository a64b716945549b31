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

/// GELU in its exact erf form, `0.5·x·(1 + erf(x/√2))`, as PyTorch's `nn.GELU()` default
/// (erf evaluated to 1e-7 by `VectorMath`).
public enum GELU {
    static let invSqrt2: Float = 0.70710678118654752
    static let invSqrt2Pi: Float = 0.39894228040143268

    /// out (N) = gelu(inp (N)); may run in place.
    public static func forward(out: UnsafeMutablePointer<Float>, inp: UnsafePointer<Float>, count n: Int) {
        ComputeThreads.forEachChunk(n, costPerItem: 8) { range in
            for i in range {
                let x = inp[i]
                out[i] = 0.5 * x * (1 + VectorMath.erf(x * invSqrt2))
            }
        }
    }

    /// dinp (N) = dout · gelu′(inp), gelu′(x) = Φ(x) + x·φ(x); dinp may alias dout (in place).
    public static func backward(dinp: UnsafeMutablePointer<Float>, inp: UnsafePointer<Float>,
                                dout: UnsafePointer<Float>, count n: Int) {
        ComputeThreads.forEachChunk(n, costPerItem: 10) { range in
            for i in range {
                let x = inp[i]
                let cdf = 0.5 * (1 + VectorMath.erf(x * invSqrt2))
                let pdf = VectorMath.exp(-0.5 * x * x) * invSqrt2Pi
                dinp[i] = dout[i] * (cdf + x * pdf)
            }
        }
    }

    /// Training form of `forward`: also writes gelu′(inp) into `derivative` (which may alias inp),
    /// so the backward pass is one multiply (`backward(dinp:derivative:dout:)`).
    public static func forward(out: UnsafeMutablePointer<Float>, derivative: UnsafeMutablePointer<Float>,
                               inp: UnsafePointer<Float>, count n: Int) {
        ComputeThreads.forEachChunk(n, costPerItem: 10) { range in
            // When derivative aliases inp, LLVM's runtime overlap check sends the loop down its
            // scalar path (measured: 4× slower); computing 256 at a time into a stack buffer and
            // copying keeps the vector loop.
            withUnsafeTemporaryAllocation(of: Float.self, capacity: 256) { tmp in
                let t = tmp.baseAddress!
                var start = range.lowerBound
                while start < range.upperBound {
                    let m = min(256, range.upperBound - start)
                    let x0 = inp + start, y0 = out + start
                    for i in 0..<m {
                        let x = x0[i]
                        let cdf = 0.5 * (1 + VectorMath.erf(x * invSqrt2))
                        let pdf = VectorMath.exp(-0.5 * x * x) * invSqrt2Pi
                        y0[i] = x * cdf
                        t[i] = cdf + x * pdf
                    }
                    (derivative + start).update(from: t, count: m)
                    start += m
                }
            }
        }
    }

    /// dinp (N) = dout · derivative, with the derivative saved by the training forward; may run in place.
    public static func backward(dinp: UnsafeMutablePointer<Float>, derivative: UnsafePointer<Float>,
                                dout: UnsafePointer<Float>, count n: Int) {
        ComputeThreads.forEachChunk(n, costPerItem: 2) { range in
            for i in range { dinp[i] = dout[i] * derivative[i] }
        }
    }
}

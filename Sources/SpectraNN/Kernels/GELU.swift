import Foundation

/// GELU in its exact erf form, `0.5·x·(1 + erf(x/√2))`, as PyTorch's `nn.GELU()` default.
public enum GELU {
    /// out (N) = gelu(inp (N)); out may alias inp only when the caller keeps inp elsewhere for backward.
    public static func forward(out: UnsafeMutablePointer<Float>, inp: UnsafePointer<Float>, count n: Int) {
        ComputeThreads.forEachChunk(n, costPerItem: 20) { range in
            for i in range {
                let x = inp[i]
                out[i] = 0.5 * x * (1 + erf(x * 0.70710678118654752))
            }
        }
    }

    /// dinp (N) = dout · gelu′(inp); dinp may alias dout (in place).
    public static func backward(dinp: UnsafeMutablePointer<Float>, inp: UnsafePointer<Float>,
                                dout: UnsafePointer<Float>, count n: Int) {
        ComputeThreads.forEachChunk(n, costPerItem: 25) { range in
            for i in range {
                let x = inp[i]
                let cdf = 0.5 * (1 + erf(x * 0.70710678118654752))
                let pdf = exp(-0.5 * x * x) * 0.39894228040143268
                dinp[i] = dout[i] * (cdf + x * pdf)
            }
        }
    }
}

/// ReLU, `max(0, x)` (the CNN's activation).
public enum ReLU {
    /// out (N) = max(0, inp (N)); may run in place.
    public static func forward(out: UnsafeMutablePointer<Float>, inp: UnsafePointer<Float>, count n: Int) {
        for i in 0..<n { out[i] = max(0, inp[i]) }
    }

    /// dinp (N) = dout where out > 0, else 0; may run in place.
    public static func backward(dinp: UnsafeMutablePointer<Float>, out: UnsafePointer<Float>,
                                dout: UnsafePointer<Float>, count n: Int) {
        for i in 0..<n { dinp[i] = out[i] > 0 ? dout[i] : 0 }
    }
}

import CVectorMath

/// GELU in its exact erf form, `0.5·x·(1 + erf(x/√2))`, as PyTorch's `nn.GELU()` default
/// (erf to 1e-7 by a rational polynomial). The element loops are CVectorMath's, which use AVX2 + FMA
/// when the CPU has them: 2–3× faster than the same loops in Swift, compiled for baseline SSE (measured).
public enum GELU {
    /// out (N) = gelu(inp (N)); may run in place.
    public static func forward(out: UnsafeMutablePointer<Float>, inp: UnsafePointer<Float>, count n: Int) {
        ComputeThreads.forEachChunk(n, costPerItem: 8) { range in
            spectra_gelu_forward(out + range.lowerBound, inp + range.lowerBound, range.count)
        }
    }

    /// dinp (N) = dout · gelu′(inp), gelu′(x) = Φ(x) + x·φ(x); dinp may alias dout (in place).
    public static func backward(dinp: UnsafeMutablePointer<Float>, inp: UnsafePointer<Float>,
                                dout: UnsafePointer<Float>, count n: Int) {
        ComputeThreads.forEachChunk(n, costPerItem: 10) { range in
            spectra_gelu_backward(dinp + range.lowerBound, inp + range.lowerBound, dout + range.lowerBound, range.count)
        }
    }

    /// Training form of `forward`: also writes gelu′(inp) into `derivative` (which may alias inp),
    /// so the backward pass is one multiply (`backward(dinp:derivative:dout:)`).
    public static func forward(out: UnsafeMutablePointer<Float>, derivative: UnsafeMutablePointer<Float>,
                               inp: UnsafePointer<Float>, count n: Int) {
        ComputeThreads.forEachChunk(n, costPerItem: 10) { range in
            spectra_gelu_forward_derivative(out + range.lowerBound, derivative + range.lowerBound, inp + range.lowerBound,
                                            range.count)
        }
    }

    /// dinp (N) = dout · derivative, with the derivative saved by the training forward; may run in place.
    public static func backward(dinp: UnsafeMutablePointer<Float>, derivative: UnsafePointer<Float>,
                                dout: UnsafePointer<Float>, count n: Int) {
        ComputeThreads.forEachChunk(n, costPerItem: 2) { range in
            for i in range { dinp[i] = dout[i] * derivative[i] }
        }
    }

    /// `backward(dinp:derivative:dout:count:)` over rows (N,F) on the calling thread that also adds the
    /// result's column sums into `dbias` (F), the gradient of the bias before the GELU: one pass over
    /// the rows instead of two (at paper scale a group's N × F block is larger than L2).
    public static func backward(dinp: UnsafeMutablePointer<Float>, dbias: UnsafeMutablePointer<Float>,
                                derivative: UnsafePointer<Float>, dout: UnsafePointer<Float>, rows n: Int, channels f: Int) {
        for r in 0..<n {
            let d = dinp + r * f, g = derivative + r * f, y = dout + r * f
            for i in 0..<f {
                let x = y[i] * g[i]
                d[i] = x
                dbias[i] += x
            }
        }
    }
}

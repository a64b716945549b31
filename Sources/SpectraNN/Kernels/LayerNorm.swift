import Foundation

/// Layer normalisation over the last dimension (eps 1e-6, as timm's ViT), with affine weight and bias.
public enum LayerNorm {
    /// timm's ViT epsilon.
    public static let epsilon: Float = 1e-6

    /// out (N,C) = (inp − mean) · rstd · weight + bias per row; saves mean (N) and rstd (N) for backward.
    public static func forward(out: UnsafeMutablePointer<Float>, mean: UnsafeMutablePointer<Float>,
                               rstd: UnsafeMutablePointer<Float>, inp: UnsafePointer<Float>,
                               weight: UnsafePointer<Float>, bias: UnsafePointer<Float>,
                               rows n: Int, channels c: Int) {
        ComputeThreads.forEachChunk(n, costPerItem: c * 4) { range in
            for r in range {
                let x = inp + r * c
                let m = VectorMath.sum(x, c) / Float(c)
                let variance = VectorMath.sumOfSquares(x, c, around: m)
                let s = 1 / (variance / Float(c) + epsilon).squareRoot()
                let y = out + r * c
                for i in 0..<c { y[i] = (x[i] - m) * s * weight[i] + bias[i] }
                mean[r] = m
                rstd[r] = s
            }
        }
    }

    /// Given dout (N,C): dinp (N,C) += ∂L/∂inp, dweight (C) += Σ dout·x̂, dbias (C) += Σ dout.
    public static func backward(dinp: UnsafeMutablePointer<Float>, dweight: UnsafeMutablePointer<Float>,
                                dbias: UnsafeMutablePointer<Float>, dout: UnsafePointer<Float>,
                                inp: UnsafePointer<Float>, weight: UnsafePointer<Float>,
                                mean: UnsafePointer<Float>, rstd: UnsafePointer<Float>,
                                rows n: Int, channels c: Int) {
        // On one thread (inside a worker, as the ViT's group tasks call it, or with one worker): one
        // pass over the rows that also sums dweight and dbias. Otherwise rows in parallel for dinp,
        // then columns in parallel for dweight/dbias so each thread owns its slice and nothing is allocated.
        let serial = ComputeThreads.count == 1 || ComputeThreads.isInsideWorker
        ComputeThreads.forEachChunk(n, costPerItem: c * 8) { range in
            for r in range {
                let x = inp + r * c, dy = dout + r * c, dx = dinp + r * c
                let m = mean[r], s = rstd[r]
                // mean of w·dy and of w·dy·x̂ over the row
                let dnormMean = VectorMath.dot(weight, dy, c) / Float(c)
                let dnormNormMean = VectorMath.dot(weight, dy, x, around: m, c) * s / Float(c)
                if serial {
                    for i in 0..<c {
                        let xhat = (x[i] - m) * s
                        dx[i] += (weight[i] * dy[i] - dnormMean - xhat * dnormNormMean) * s
                        dbias[i] += dy[i]
                        dweight[i] += xhat * dy[i]
                    }
                } else {
                    for i in 0..<c {
                        let xhat = (x[i] - m) * s
                        dx[i] += (weight[i] * dy[i] - dnormMean - xhat * dnormNormMean) * s
                    }
                }
            }
        }
        if serial { return }
        ComputeThreads.forEachChunk(c, costPerItem: n * 4) { cols in
            for r in 0..<n {
                let x = inp + r * c, dy = dout + r * c
                let m = mean[r], s = rstd[r]
                for i in cols {
                    dbias[i] += dy[i]
                    dweight[i] += (x[i] - m) * s * dy[i]
                }
            }
        }
    }
}

import CBLAS

/// 1-D convolution (stride 1, no padding, PyTorch's `nn.Conv1d` weight layout `[OC, C, K]`) by
/// im2col over the whole batch and one sgemm per pass.
///
/// One sgemm per sample (M = OC as small as 6, K = C·K as small as 5) spent its time packing
/// operands and waking BLAS threads; laying the batch side by side (N = B·Lo) makes each layer one
/// BLAS-sized product, at the price of a copy between the (OC, B·Lo) product and the (B, OC, Lo)
/// activation layout, done in `scratch`.
public enum Conv1d {
    /// Output length for input length `l` and kernel `k`.
    public static func outputLength(_ l: Int, kernel k: Int) -> Int { l - k + 1 }

    /// out (B,OC,L−K+1) = weight (OC,C,K) ⋆ inp (B,C,L) + bias (OC).
    /// `columns` (C·K, B·Lo) is the im2col matrix, saved for backward; `scratch` holds B·OC·Lo floats.
    public static func forward(out: UnsafeMutablePointer<Float>, columns: UnsafeMutablePointer<Float>,
                               scratch: UnsafeMutablePointer<Float>,
                               inp: UnsafePointer<Float>, weight: UnsafePointer<Float>, bias: UnsafePointer<Float>,
                               batch b: Int, inChannels c: Int, length l: Int, outChannels oc: Int, kernel k: Int) {
        let lo = outputLength(l, kernel: k)
        let ck = c * k, n = b * lo
        // columns[(ci·K + ki), bi·Lo + i] = inp[bi, ci, i + ki]
        ComputeThreads.forEach(ck, costPerItem: n) { row in
            let ci = row / k, ki = row % k
            for bi in 0..<b { (columns + row * n + bi * lo).update(from: inp + (bi * c + ci) * l + ki, count: lo) }
        }
        // scratch (OC, B·Lo) = weight (OC, CK) · columns (CK, B·Lo)
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(oc), Int32(n), Int32(ck),
                    1, weight, Int32(ck), columns, Int32(n), 0, scratch, Int32(n))
        ComputeThreads.forEach(b, costPerItem: oc * lo) { bi in
            for o in 0..<oc {
                let src = scratch + o * n + bi * lo, dst = out + (bi * oc + o) * lo, bo = bias[o]
                for i in 0..<lo { dst[i] = src[i] + bo }
            }
        }
    }

    /// Given dout (B,OC,Lo): dweight += dout·colᵀ, dbias += Σ dout, and (when dinp is non-nil)
    /// dinp (B,C,L) += col2im(weightᵀ·dout). `dcolumns` holds C·K·B·Lo floats and `scratch`
    /// B·OC·Lo floats of working memory.
    public static func backward(dinp: UnsafeMutablePointer<Float>?, dweight: UnsafeMutablePointer<Float>,
                                dbias: UnsafeMutablePointer<Float>, dcolumns: UnsafeMutablePointer<Float>,
                                scratch: UnsafeMutablePointer<Float>,
                                dout: UnsafePointer<Float>, columns: UnsafePointer<Float>, weight: UnsafePointer<Float>,
                                batch b: Int, inChannels c: Int, length l: Int, outChannels oc: Int, kernel k: Int) {
        let lo = outputLength(l, kernel: k)
        let ck = c * k, n = b * lo
        // scratch (OC, B·Lo) = dout in the product's layout
        ComputeThreads.forEach(b, costPerItem: oc * lo) { bi in
            for o in 0..<oc { (scratch + o * n + bi * lo).update(from: dout + (bi * oc + o) * lo, count: lo) }
        }
        for o in 0..<oc {
            var s: Float = 0
            let row = scratch + o * n
            for i in 0..<n { s += row[i] }
            dbias[o] += s
        }
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(oc), Int32(ck), Int32(n),
                    1, scratch, Int32(n), columns, Int32(n), 1, dweight, Int32(ck))
        guard let dinp else { return }
        cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, Int32(ck), Int32(n), Int32(oc),
                    1, weight, Int32(ck), scratch, Int32(n), 0, dcolumns, Int32(n))
        // Each (sample, channel) row of dinp gathers its K shifted column rows.
        ComputeThreads.forEach(b * c, costPerItem: k * lo) { item in
            let bi = item / c, ci = item % c
            let dx = dinp + (bi * c + ci) * l
            for ki in 0..<k {
                let src = dcolumns + (ci * k + ki) * n + bi * lo, dst = dx + ki
                for i in 0..<lo { dst[i] += src[i] }
            }
        }
    }
}

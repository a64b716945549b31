import CBLAS

/// 1-D convolution (stride 1, no padding, PyTorch's `nn.Conv1d` weight layout `[OC, C, K]`) by
/// im2col and one sgemm per sample.
public enum Conv1d {
    /// Output length for input length `l` and kernel `k`.
    public static func outputLength(_ l: Int, kernel k: Int) -> Int { l - k + 1 }

    /// out (B,OC,L−K+1) = weight (OC,C,K) ⋆ inp (B,C,L) + bias (OC); columns (B,C·K,L−K+1) is
    /// the im2col matrix saved for backward.
    public static func forward(out: UnsafeMutablePointer<Float>, columns: UnsafeMutablePointer<Float>,
                               inp: UnsafePointer<Float>, weight: UnsafePointer<Float>, bias: UnsafePointer<Float>,
                               batch b: Int, inChannels c: Int, length l: Int, outChannels oc: Int, kernel k: Int) {
        let lo = outputLength(l, kernel: k)
        let ck = c * k
        for bi in 0..<b {
            let x = inp + bi * c * l, col = columns + bi * ck * lo, y = out + bi * oc * lo
            for ci in 0..<c {
                for ki in 0..<k { (col + (ci * k + ki) * lo).update(from: x + ci * l + ki, count: lo) }
            }
            for o in 0..<oc { (y + o * lo).update(repeating: bias[o], count: lo) }
            // y (OC,Lo) += weight (OC,CK) · col (CK,Lo)
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(oc), Int32(lo), Int32(ck),
                        1, weight, Int32(ck), col, Int32(lo), 1, y, Int32(lo))
        }
    }

    /// Given dout (B,OC,Lo): dweight += dout·colᵀ, dbias += Σ dout, and (when dinp is non-nil)
    /// dinp (B,C,L) += col2im(weightᵀ·dout); `dcolumns` (C·K, Lo) is working memory for one sample.
    public static func backward(dinp: UnsafeMutablePointer<Float>?, dweight: UnsafeMutablePointer<Float>,
                                dbias: UnsafeMutablePointer<Float>, dcolumns: UnsafeMutablePointer<Float>,
                                dout: UnsafePointer<Float>, columns: UnsafePointer<Float>, weight: UnsafePointer<Float>,
                                batch b: Int, inChannels c: Int, length l: Int, outChannels oc: Int, kernel k: Int) {
        let lo = outputLength(l, kernel: k)
        let ck = c * k
        for bi in 0..<b {
            let dy = dout + bi * oc * lo, col = columns + bi * ck * lo
            for o in 0..<oc {
                var s: Float = 0
                for i in 0..<lo { s += dy[o * lo + i] }
                dbias[o] += s
            }
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(oc), Int32(ck), Int32(lo),
                        1, dy, Int32(lo), col, Int32(lo), 1, dweight, Int32(ck))
            guard let dinp else { continue }
            cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, Int32(ck), Int32(lo), Int32(oc),
                        1, weight, Int32(ck), dy, Int32(lo), 0, dcolumns, Int32(lo))
            let dx = dinp + bi * c * l
            for ci in 0..<c {
                for ki in 0..<k {
                    let src = dcolumns + (ci * k + ki) * lo, dst = dx + ci * l + ki
                    for i in 0..<lo { dst[i] += src[i] }
                }
            }
        }
    }
}

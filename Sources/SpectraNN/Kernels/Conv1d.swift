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
        // Samples are independent: they are shared out over the workers.
        ComputeThreads.forEachTask(b) { bi in
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
        // Weight and bias gradients: pieces of output channels, each summing over the samples in order.
        let channelPieces = min(oc, 8)
        ComputeThreads.forEachTask(channelPieces) { index in
            let rows = ComputeThreads.piece(index, of: oc, pieces: channelPieces)
            guard !rows.isEmpty else { return }
            for bi in 0..<b {
                let dy = dout + bi * oc * lo, col = columns + bi * ck * lo
                for o in rows {
                    var s: Float = 0
                    for i in 0..<lo { s += dy[o * lo + i] }
                    dbias[o] += s
                }
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(rows.count), Int32(ck), Int32(lo),
                            1, dy + rows.lowerBound * lo, Int32(lo), col, Int32(lo), 1, dweight + rows.lowerBound * ck, Int32(ck))
            }
        }
        guard let dinp else { return }
        // Input gradient, sample by sample: pieces of input channels, each computing its rows of
        // dcolumns = weightᵀ · dout and scattering them back (col2im) into its own channels of dinp.
        let inputPieces = min(c, 8)
        for bi in 0..<b {
            let dy = dout + bi * oc * lo, dx = dinp + bi * c * l
            ComputeThreads.forEachTask(inputPieces) { index in
                let channels = ComputeThreads.piece(index, of: c, pieces: inputPieces)
                guard !channels.isEmpty else { return }
                let row0 = channels.lowerBound * k
                cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, Int32(channels.count * k), Int32(lo), Int32(oc),
                            1, weight + row0, Int32(ck), dy, Int32(lo), 0, dcolumns + row0 * lo, Int32(lo))
                for ci in channels {
                    for ki in 0..<k {
                        let src = dcolumns + (ci * k + ki) * lo, dst = dx + ci * l + ki
                        for i in 0..<lo { dst[i] += src[i] }
                    }
                }
            }
        }
    }
}

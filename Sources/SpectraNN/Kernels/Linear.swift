import CBLAS

/// A fully connected layer `out = inp · Wᵀ + b` with PyTorch's weight layout `[OC, C]`.
public enum Linear {
    /// out (N,OC) = inp (N,C) · weight (OC,C)ᵀ + bias (OC); bias may be nil.
    public static func forward(out: UnsafeMutablePointer<Float>, inp: UnsafePointer<Float>,
                               weight: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
                               rows n: Int, inChannels c: Int, outChannels oc: Int) {
        var beta: Float = 0
        if let bias {
            // Seeding the output with the bias lets sgemm add the product in the same pass (beta 1).
            ComputeThreads.forEachChunk(n, costPerItem: oc) { range in
                for r in range { (out + r * oc).update(from: bias, count: oc) }
            }
            beta = 1
        }
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(n), Int32(oc), Int32(c),
                    1, inp, Int32(c), weight, Int32(c), beta, out, Int32(oc))
    }

    /// Given dout (N,OC): dinp (N,C) = dout · weight (overwritten, or added to when
    /// `accumulateInput`; skipped when dinp is nil), dweight (OC,C) += doutᵀ · inp, dbias (OC) += Σ dout.
    public static func backward(dinp: UnsafeMutablePointer<Float>?, dweight: UnsafeMutablePointer<Float>,
                                dbias: UnsafeMutablePointer<Float>?, dout: UnsafePointer<Float>,
                                inp: UnsafePointer<Float>, weight: UnsafePointer<Float>,
                                rows n: Int, inChannels c: Int, outChannels oc: Int,
                                accumulateInput: Bool = false) {
        if let dinp {
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(n), Int32(c), Int32(oc),
                        1, dout, Int32(oc), weight, Int32(c), accumulateInput ? 1 : 0, dinp, Int32(c))
        }
        cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, Int32(oc), Int32(c), Int32(n),
                    1, dout, Int32(oc), inp, Int32(c), 1, dweight, Int32(c))
        if let dbias {
            // Columns split over threads so each thread owns its slice of dbias.
            ComputeThreads.forEachChunk(oc, costPerItem: n) { cols in
                for r in 0..<n {
                    let row = dout + r * oc
                    for o in cols { dbias[o] += row[o] }
                }
            }
        }
    }
}

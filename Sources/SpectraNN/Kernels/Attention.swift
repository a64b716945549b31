import CBLAS
import CVectorMath
import Foundation

/// Multi-head scaled dot-product self-attention over a fused qkv tensor laid out as timm's
/// `qkv(x).reshape(B, T, 3, H, hs)`: per token, q (C) then k (C) then v (C), head h at h·hs.
/// Each (batch, head) pair runs through CVectorMath's fused kernel (q·kᵀ, softmax and att·v in one
/// call on zero-padded stack tiles, AVX2 + FMA): at paper scale (38 × 38 × 30) the two, and in
/// backward four, sgemm calls per pair spent more time in call overhead, packing and zeroing their
/// output than in arithmetic. Where that kernel declines (no AVX2, or T and hs too large for its
/// tiles) the pair goes through small sgemms reading q, k, v in place through their row stride (3C).
/// Pairs run in parallel over the threads.
public enum Attention {
    /// Which implementation runs a (sample, head) pair; tests pin `.matrixProducts` to check that path too.
    enum Path { case fused, matrixProducts }

    /// out (B,T,C) = softmax(q·kᵀ/√hs) · v per head; att (B,H,T,T) receives the attention weights
    /// (before dropout). With `dropoutMask` (B,H,T,T; 0 or 1/keep) the weights used for the product
    /// are att·mask, stored in `attDropped`.
    public static func forward(out: UnsafeMutablePointer<Float>, att: UnsafeMutablePointer<Float>,
                               qkv: UnsafePointer<Float>, batch b: Int, tokens t: Int, channels c: Int,
                               heads h: Int, dropoutMask: UnsafePointer<Float>? = nil,
                               attDropped: UnsafeMutablePointer<Float>? = nil) {
        forward(out: out, att: att, qkv: qkv, batch: b, tokens: t, channels: c, heads: h, dropoutMask: dropoutMask,
                attDropped: attDropped, path: .fused)
    }

    static func forward(out: UnsafeMutablePointer<Float>, att: UnsafeMutablePointer<Float>,
                        qkv: UnsafePointer<Float>, batch b: Int, tokens t: Int, channels c: Int,
                        heads h: Int, dropoutMask: UnsafePointer<Float>?, attDropped: UnsafeMutablePointer<Float>?,
                        path: Path) {
        let hs = c / h
        let scale = 1 / Float(hs).squareRoot()
        let c3 = 3 * c
        ComputeThreads.forEach(b * h, costPerItem: 4 * t * t * hs) { pair in
            let bi = pair / h, hi = pair % h
            let q = qkv + bi * t * c3 + hi * hs
            let k = q + c, v = q + 2 * c
            let a = att + pair * t * t
            let mask = attDropped == nil ? nil : dropoutMask.map { $0 + pair * t * t }
            let dropped = mask == nil ? nil : attDropped.map { $0 + pair * t * t }
            if path == .fused,
               spectra_attention_forward(out + bi * t * c + hi * hs, c, a, q, k, v, c3, mask, dropped, t, hs, scale) != 0 {
                return
            }
            // scores (T,T) = q (T,hs) · kᵀ · scale
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(t), Int32(t), Int32(hs),
                        scale, q, Int32(c3), k, Int32(c3), 0, a, Int32(t))
            spectra_softmax_rows(a, t, t)
            var used = UnsafePointer(a)
            if let mask, let dropped {
                for i in 0..<(t * t) { dropped[i] = a[i] * mask[i] }
                used = UnsafePointer(dropped)
            }
            // out (T,hs) = att (T,T) · v (T,hs)
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(t), Int32(hs), Int32(t),
                        1, used, Int32(t), v, Int32(c3), 0, out + bi * t * c + hi * hs, Int32(c))
        }
    }

    /// Given dout (B,T,C): dqkv (B,T,3C) is overwritten with the gradient; `scratch` (B,H,T,T) is
    /// working memory. att, dropoutMask, attDropped are what forward saw.
    public static func backward(dqkv: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>,
                                dout: UnsafePointer<Float>, qkv: UnsafePointer<Float>, att: UnsafePointer<Float>,
                                batch b: Int, tokens t: Int, channels c: Int, heads h: Int,
                                dropoutMask: UnsafePointer<Float>? = nil, attDropped: UnsafePointer<Float>? = nil) {
        backward(dqkv: dqkv, scratch: scratch, dout: dout, qkv: qkv, att: att, batch: b, tokens: t, channels: c, heads: h,
                 dropoutMask: dropoutMask, attDropped: attDropped, path: .fused)
    }

    /// `backward` when only token 0 (CLS) of each sample has an output gradient, as in a ViT's last
    /// block, whose other tokens never reach the CLS embedding: dout (B,C) is ∂L/∂out at token 0
    /// (the other rows' gradients are zero). dqkv (B,T,3C) is overwritten: dq is zero except at
    /// token 0, dk and dv are dense. O(T·hs) per (sample, head) instead of O(T²·hs); `scratch`
    /// (B,H,T) is working memory.
    public static func backwardFirstToken(dqkv: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>,
                                          dout: UnsafePointer<Float>, qkv: UnsafePointer<Float>, att: UnsafePointer<Float>,
                                          batch b: Int, tokens t: Int, channels c: Int, heads h: Int,
                                          dropoutMask: UnsafePointer<Float>? = nil, attDropped: UnsafePointer<Float>? = nil) {
        let hs = c / h
        let scale = 1 / Float(hs).squareRoot()
        let c3 = 3 * c
        ComputeThreads.forEach(b * h, costPerItem: 6 * t * hs) { pair in
            let bi = pair / h, hi = pair % h
            let q0 = qkv + bi * t * c3 + hi * hs
            let dq = dqkv + bi * t * c3 + hi * hs
            let a0 = att + pair * t * t  // row 0 of the weights
            let mask0 = attDropped == nil ? nil : dropoutMask.map { $0 + pair * t * t }
            let used0 = (mask0 == nil ? nil : attDropped.map { $0 + pair * t * t }) ?? a0
            let dy0 = dout + bi * c + hi * hs
            let ds = scratch + pair * t
            // datt0[j] = dy0 · v[j] (⊙ mask); dv[j] = used0[j] · dy0
            for j in 0..<t {
                let v = q0 + j * c3 + 2 * c, dv = dq + j * c3 + 2 * c
                ds[j] = VectorMath.dot(dy0, v, hs) * (mask0?[j] ?? 1)
                let w = used0[j]
                for d in 0..<hs { dv[d] = w * dy0[d] }
            }
            // softmax backward of row 0: ds = a0 ⊙ (datt0 − Σ a0·datt0)
            let dot = VectorMath.dot(a0, ds, t)
            for j in 0..<t { ds[j] = a0[j] * (ds[j] - dot) }
            // dq0 = Σ_j ds[j]·k[j]·scale, dq of the other tokens 0; dk[j] = ds[j]·q0·scale
            dq.update(repeating: 0, count: hs)
            for j in 0..<t {
                let k = q0 + j * c3 + c, dk = dq + j * c3 + c
                let sj = ds[j] * scale
                for d in 0..<hs {
                    dq[d] += sj * k[d]
                    dk[d] = sj * q0[d]
                }
                if j > 0 { (dq + j * c3).update(repeating: 0, count: hs) }
            }
        }
    }

    static func backward(dqkv: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>,
                         dout: UnsafePointer<Float>, qkv: UnsafePointer<Float>, att: UnsafePointer<Float>,
                         batch b: Int, tokens t: Int, channels c: Int, heads h: Int,
                         dropoutMask: UnsafePointer<Float>?, attDropped: UnsafePointer<Float>?, path: Path) {
        let hs = c / h
        let scale = 1 / Float(hs).squareRoot()
        let c3 = 3 * c
        ComputeThreads.forEach(b * h, costPerItem: 8 * t * t * hs) { pair in
            let bi = pair / h, hi = pair % h
            let q = qkv + bi * t * c3 + hi * hs
            let k = q + c, v = q + 2 * c
            let dq = dqkv + bi * t * c3 + hi * hs
            let dk = dq + c, dv = dq + 2 * c
            let a = att + pair * t * t
            let da = scratch + pair * t * t
            let dy = dout + bi * t * c + hi * hs
            let mask = attDropped == nil ? nil : dropoutMask.map { $0 + pair * t * t }
            let dropped = mask == nil ? nil : attDropped.map { $0 + pair * t * t }
            if path == .fused,
               spectra_attention_backward(dq, dk, dv, c3, dy, c, q, k, v, a, mask, dropped, t, hs, scale) != 0 {
                return
            }
            let used = dropped ?? a
            // datt (T,T) = dy (T,hs) · vᵀ ; dv (T,hs) = attᵀ · dy
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(t), Int32(t), Int32(hs),
                        1, dy, Int32(c), v, Int32(c3), 0, da, Int32(t))
            cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, Int32(t), Int32(hs), Int32(t),
                        1, used, Int32(t), dy, Int32(c), 0, dv, Int32(c3))
            if let mask {
                for i in 0..<(t * t) { da[i] *= mask[i] }
            }
            // softmax backward in place: dscore = att ⊙ (datt − Σ att·datt)
            for i in 0..<t {
                let ar = a + i * t, dr = da + i * t
                let dot = VectorMath.dot(ar, dr, t)
                for j in 0..<t { dr[j] = ar[j] * (dr[j] - dot) }
            }
            // dq = dscore · k · scale ; dk = dscoreᵀ · q · scale
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(t), Int32(hs), Int32(t),
                        scale, da, Int32(t), k, Int32(c3), 0, dq, Int32(c3))
            cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, Int32(t), Int32(hs), Int32(t),
                        scale, da, Int32(t), q, Int32(c3), 0, dk, Int32(c3))
        }
    }
}

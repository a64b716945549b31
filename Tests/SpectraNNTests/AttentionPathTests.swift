import Foundation
import SpectraCore
@testable import SpectraNN
import Testing

/// Both implementations of a (sample, head) attention pair — the fused CVectorMath kernel and the
/// sgemm path it falls back to — against finite differences and against attention computed in
/// Double here, at shapes whose T and head size are not multiples of 8 (the fused kernel's tiles
/// are padded to 8), including the paper-scale shape T = 38, hs = 30.
@Suite struct AttentionPathTests {
    static let cases: [(path: Attention.Path, dropout: Bool)] = [(.fused, false), (.fused, true), (.matrixProducts, false), (.matrixProducts, true)]

    @Test(arguments: 0..<4)
    func backwardMatchesFiniteDifferences(caseIndex: Int) {
        let (path, withDropout) = Self.cases[caseIndex]
        // hs = 11: one 8-wide vector and a tail of 3; T = 10: tail of 2
        let check = Self.backwardCheck(batch: 2, tokens: 10, channels: 22, heads: 2, seed: 12, dropout: withDropout, path: path)
        #expect(check.error < GradientCheck.tolerance)
    }

    /// Attention's backward against central differences of its forward, for the loss Σ out·r on random q, k, v
    /// (with a 30 % dropout mask when `dropout`); `path` nil goes through the public forward and backward.
    /// Returns the relative error of the gradient and the forward's attention weights (B,H,T,T).
    static func backwardCheck(batch b: Int, tokens t: Int, channels c: Int, heads h: Int, seed: UInt64,
                              dropout withDropout: Bool, path: Attention.Path?) -> (error: Double, att: [Float]) {
        var g = SeededGenerator(seed: seed)
        var qkv = GradientCheck.random(b * t * 3 * c, &g)
        let r = GradientCheck.random(b * t * c, &g)
        var mask = [Float](repeating: 1, count: b * h * t * t)
        if withDropout { Dropout.makeMask(&mask, count: mask.count, rate: 0.3, generator: &g) }
        var out = [Float](repeating: 0, count: b * t * c), att = [Float](repeating: 0, count: b * h * t * t), dropped = att
        func loss() -> Double {
            dropped.withUnsafeMutableBufferPointer { d in
                let dropoutMask = withDropout ? mask : nil, attDropped = withDropout ? d.baseAddress : nil
                if let path {
                    Attention.forward(out: &out, att: &att, qkv: qkv, batch: b, tokens: t, channels: c, heads: h,
                                      dropoutMask: dropoutMask, attDropped: attDropped, path: path)
                } else {
                    Attention.forward(out: &out, att: &att, qkv: qkv, batch: b, tokens: t, channels: c, heads: h,
                                      dropoutMask: dropoutMask, attDropped: attDropped)
                }
            }
            return GradientCheck.dot(out, r)
        }
        _ = loss()
        let weights = att
        var dqkv = [Float](repeating: 7, count: qkv.count), scratch = att
        let dropoutMask = withDropout ? mask : nil, attDropped = withDropout ? dropped : nil
        if let path {
            Attention.backward(dqkv: &dqkv, scratch: &scratch, dout: r, qkv: qkv, att: att, batch: b, tokens: t, channels: c,
                               heads: h, dropoutMask: dropoutMask, attDropped: attDropped, path: path)
        } else {
            Attention.backward(dqkv: &dqkv, scratch: &scratch, dout: r, qkv: qkv, att: att, batch: b, tokens: t, channels: c,
                               heads: h, dropoutMask: dropoutMask, attDropped: attDropped)
        }
        let n = GradientCheck.numeric(count: qkv.count, value: { qkv[$0] }, set: { qkv[$0] = $1 }, loss: loss)
        return (GradientCheck.relativeError(dqkv, n), weights)
    }

    /// `backwardFirstToken` against central differences of the forward for a loss that reads only
    /// token 0 of each sample, Σ_b out[b, 0, :]·r[b, :] (with a 30 % dropout mask when `dropout`):
    /// dq of the other tokens must come out 0 (dqkv starts at 7), dk and dv dense.
    @Test(arguments: [false, true])
    func firstTokenBackwardMatchesFiniteDifferences(dropout withDropout: Bool) {
        let (b, t, c, h) = (2, 10, 22, 2)
        var g = SeededGenerator(seed: 14)
        var qkv = GradientCheck.random(b * t * 3 * c, &g)
        let r = GradientCheck.random(b * c, &g)
        var mask = [Float](repeating: 1, count: b * h * t * t)
        if withDropout { Dropout.makeMask(&mask, count: mask.count, rate: 0.3, generator: &g) }
        var out = [Float](repeating: 0, count: b * t * c), att = [Float](repeating: 0, count: b * h * t * t), dropped = att
        func loss() -> Double {
            dropped.withUnsafeMutableBufferPointer { d in
                Attention.forward(out: &out, att: &att, qkv: qkv, batch: b, tokens: t, channels: c, heads: h,
                                  dropoutMask: withDropout ? mask : nil, attDropped: withDropout ? d.baseAddress : nil)
            }
            var s = 0.0
            for bi in 0..<b { for i in 0..<c { s += Double(out[bi * t * c + i]) * Double(r[bi * c + i]) } }
            return s
        }
        _ = loss()
        var dqkv = [Float](repeating: 7, count: qkv.count), scratch = [Float](repeating: 0, count: b * h * t)
        Attention.backwardFirstToken(dqkv: &dqkv, scratch: &scratch, dout: r, qkv: qkv, att: att, batch: b, tokens: t,
                                     channels: c, heads: h, dropoutMask: withDropout ? mask : nil,
                                     attDropped: withDropout ? dropped : nil)
        let n = GradientCheck.numeric(count: qkv.count, value: { qkv[$0] }, set: { qkv[$0] = $1 }, loss: loss)
        #expect(GradientCheck.relativeError(dqkv, n) < GradientCheck.tolerance)
        // q of tokens 1… never reaches token 0's output: exactly 0.
        #expect((1..<t).allSatisfy { i in (0..<c).allSatisfy { dqkv[i * 3 * c + $0] == 0 } })
    }

    @Test(arguments: [Attention.Path.fused, .matrixProducts])
    func paperScaleHeadsMatchAttentionInDouble(path: Attention.Path) {
        // T = 38 tokens, C = 120, 4 heads of 30: reference softmax(q·kᵀ/√30)·v and its gradient
        // for the loss Σ out·r, computed here in Double from the definitions.
        var g = SeededGenerator(seed: 13)
        let (t, c, h) = (38, 120, 4), hs = 30, c3 = 360
        let qkv = GradientCheck.random(t * c3, &g, scale: 2)
        let r = GradientCheck.random(t * c, &g)
        var out = [Float](repeating: 0, count: t * c), att = [Float](repeating: 0, count: h * t * t)
        var dqkv = [Float](repeating: 7, count: t * c3), scratch = att
        Attention.forward(out: &out, att: &att, qkv: qkv, batch: 1, tokens: t, channels: c, heads: h,
                          dropoutMask: nil, attDropped: nil, path: path)
        Attention.backward(dqkv: &dqkv, scratch: &scratch, dout: r, qkv: qkv, att: att, batch: 1, tokens: t, channels: c,
                           heads: h, dropoutMask: nil, attDropped: nil, path: path)
        let scale = 1 / Double(hs).squareRoot()
        var worstOut = 0.0, worstAtt = 0.0, worstGrad = 0.0
        for hi in 0..<h {
            func q(_ i: Int, _ d: Int) -> Double { Double(qkv[i * c3 + hi * hs + d]) }
            func k(_ i: Int, _ d: Int) -> Double { Double(qkv[i * c3 + c + hi * hs + d]) }
            func v(_ i: Int, _ d: Int) -> Double { Double(qkv[i * c3 + 2 * c + hi * hs + d]) }
            func dy(_ i: Int, _ d: Int) -> Double { Double(r[i * c + hi * hs + d]) }
            var p = [[Double]](repeating: [Double](repeating: 0, count: t), count: t)
            for i in 0..<t {
                let s = (0..<t).map { j in (0..<hs).reduce(0.0) { $0 + q(i, $1) * k(j, $1) } * scale }
                let top = s.max()!, e = s.map { Foundation.exp($0 - top) }, total = e.reduce(0, +)
                p[i] = e.map { $0 / total }
                for j in 0..<t { worstAtt = max(worstAtt, abs(p[i][j] - Double(att[(hi * t + i) * t + j]))) }
                for d in 0..<hs {
                    let y = (0..<t).reduce(0.0) { $0 + p[i][$1] * v($1, d) }
                    worstOut = max(worstOut, abs(y - Double(out[i * c + hi * hs + d])))
                }
            }
            // dp = dy·vᵀ; ds = p ⊙ (dp − Σ p·dp); dq = ds·k·scale; dk = dsᵀ·q·scale; dv = pᵀ·dy
            var ds = p
            for i in 0..<t {
                let dp = (0..<t).map { j in (0..<hs).reduce(0.0) { $0 + dy(i, $1) * v(j, $1) } }
                let dot = (0..<t).reduce(0.0) { $0 + p[i][$1] * dp[$1] }
                for j in 0..<t { ds[i][j] = p[i][j] * (dp[j] - dot) }
            }
            for i in 0..<t {
                for d in 0..<hs {
                    let dq = (0..<t).reduce(0.0) { $0 + ds[i][$1] * k($1, d) } * scale
                    let dk = (0..<t).reduce(0.0) { $0 + ds[$1][i] * q($1, d) } * scale
                    let dv = (0..<t).reduce(0.0) { $0 + p[$1][i] * dy($1, d) }
                    worstGrad = max(worstGrad, abs(dq - Double(dqkv[i * c3 + hi * hs + d])),
                                    abs(dk - Double(dqkv[i * c3 + c + hi * hs + d])), abs(dv - Double(dqkv[i * c3 + 2 * c + hi * hs + d])))
                }
            }
        }
        // Float32 sums of ≤ 38 products of magnitude ≤ 4: rounding ~1e-6; an indexing error is O(0.1).
        #expect(worstAtt < 1e-5)
        #expect(worstOut < 1e-5)
        #expect(worstGrad < 1e-5)
    }
}

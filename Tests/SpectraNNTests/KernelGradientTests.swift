import Foundation
import SpectraCore
import SpectraNN
import Testing

/// Every kernel's backward against central finite differences of its forward on random inputs.
@Suite struct KernelGradientTests {
    @Test func linearBackwardMatchesFiniteDifferences() {
        var g = SeededGenerator(seed: 1)
        let (n, c, oc) = (5, 4, 3)
        var x = GradientCheck.random(n * c, &g), w = GradientCheck.random(oc * c, &g), b = GradientCheck.random(oc, &g)
        let r = GradientCheck.random(n * oc, &g)
        var out = [Float](repeating: 0, count: n * oc)
        func loss() -> Double {
            Linear.forward(out: &out, inp: x, weight: w, bias: b, rows: n, inChannels: c, outChannels: oc)
            return GradientCheck.dot(out, r)
        }
        var dx = [Float](repeating: 9, count: n * c), dw = [Float](repeating: 0, count: oc * c), db = [Float](repeating: 0, count: oc)
        _ = loss()
        Linear.backward(dinp: &dx, dweight: &dw, dbias: &db, dout: r, inp: x, weight: w, rows: n, inChannels: c, outChannels: oc)
        let nx = GradientCheck.numeric(count: n * c, value: { x[$0] }, set: { x[$0] = $1 }, loss: loss)
        let nw = GradientCheck.numeric(count: oc * c, value: { w[$0] }, set: { w[$0] = $1 }, loss: loss)
        let nb = GradientCheck.numeric(count: oc, value: { b[$0] }, set: { b[$0] = $1 }, loss: loss)
        #expect(GradientCheck.relativeError(dx, nx) < GradientCheck.tolerance)
        #expect(GradientCheck.relativeError(dw, nw) < GradientCheck.tolerance)
        #expect(GradientCheck.relativeError(db, nb) < GradientCheck.tolerance)
    }

    @Test func layerNormBackwardMatchesFiniteDifferences() {
        var g = SeededGenerator(seed: 2)
        let (n, c) = (4, 6)
        var x = GradientCheck.random(n * c, &g), w = GradientCheck.random(c, &g), b = GradientCheck.random(c, &g)
        let r = GradientCheck.random(n * c, &g)
        var out = [Float](repeating: 0, count: n * c), mean = [Float](repeating: 0, count: n), rstd = mean
        func loss() -> Double {
            LayerNorm.forward(out: &out, mean: &mean, rstd: &rstd, inp: x, weight: w, bias: b, rows: n, channels: c)
            return GradientCheck.dot(out, r)
        }
        _ = loss()
        var dx = [Float](repeating: 0, count: n * c), dw = [Float](repeating: 0, count: c), db = dw
        LayerNorm.backward(dinp: &dx, dweight: &dw, dbias: &db, dout: r, inp: x, weight: w, mean: mean, rstd: rstd, rows: n, channels: c)
        let nx = GradientCheck.numeric(count: n * c, step: 1e-3, value: { x[$0] }, set: { x[$0] = $1 }, loss: loss)
        let nw = GradientCheck.numeric(count: c, value: { w[$0] }, set: { w[$0] = $1 }, loss: loss)
        let nb = GradientCheck.numeric(count: c, value: { b[$0] }, set: { b[$0] = $1 }, loss: loss)
        #expect(GradientCheck.relativeError(dx, nx) < GradientCheck.tolerance)
        #expect(GradientCheck.relativeError(dw, nw) < GradientCheck.tolerance)
        #expect(GradientCheck.relativeError(db, nb) < GradientCheck.tolerance)
    }

    @Test func layerNormForwardNormalisesRows() {
        // numpy: (x - x.mean()) / sqrt(x.var() + 1e-6) for x = [1, 2, 4, 7]
        let x: [Float] = [1, 2, 4, 7]
        var out = [Float](repeating: 0, count: 4), mean: [Float] = [0], rstd: [Float] = [0]
        LayerNorm.forward(out: &out, mean: &mean, rstd: &rstd, inp: x, weight: [1, 1, 1, 1], bias: [0, 0, 0, 0], rows: 1, channels: 4)
        let expected: [Float] = [-1.09108935, -0.65465361, 0.21821787, 1.52752509]
        for (a, e) in zip(out, expected) { #expect(abs(a - e) < 1e-5) }
        #expect(mean[0] == 3.5)
    }

    @Test func geluMatchesErfFormAndItsDerivative() {
        // Python: 0.5*x*(1+math.erf(x/math.sqrt(2))) for x = 1, -0.5, 2
        var out: [Float] = [0, 0, 0]
        GELU.forward(out: &out, inp: [1, -0.5, 2], count: 3)
        #expect(abs(out[0] - 0.8413447460685429) < 1e-6)
        #expect(abs(out[1] + 0.15426876936299344) < 1e-6)
        #expect(abs(out[2] - 1.9544997361036416) < 1e-6)
        var g = SeededGenerator(seed: 3)
        var x = GradientCheck.random(20, &g, scale: 3)
        let r = GradientCheck.random(20, &g)
        var y = [Float](repeating: 0, count: 20)
        func loss() -> Double { GELU.forward(out: &y, inp: x, count: 20); return GradientCheck.dot(y, r) }
        var dx = [Float](repeating: 0, count: 20)
        GELU.backward(dinp: &dx, inp: x, dout: r, count: 20)
        let nx = GradientCheck.numeric(count: 20, value: { x[$0] }, set: { x[$0] = $1 }, loss: loss)
        #expect(GradientCheck.relativeError(dx, nx) < GradientCheck.tolerance)
    }

    @Test func geluAndItsDerivativeMatchTheErfFormOnAWideRange() {
        // 1003 points in [−7, 7] (the vector loop takes 8 at a time, the last 3 go through the
        // portable loop); reference: Foundation's erf and exp in Double.
        let n = 1003
        let x = (0..<n).map { Float(-7 + 14 * Double($0) / Double(n - 1)) }
        var y = [Float](repeating: 0, count: n), plain = y, derivative = y, dx = y
        GELU.forward(out: &y, derivative: &derivative, inp: x, count: n)
        GELU.forward(out: &plain, inp: x, count: n)
        GELU.backward(dinp: &dx, inp: x, dout: [Float](repeating: 1, count: n), count: n)
        for i in 0..<n {
            let v = Double(x[i])
            let cdf = 0.5 * (1 + erf(v / 2.0.squareRoot()))
            let pdf = Foundation.exp(-0.5 * v * v) / (2 * Double.pi).squareRoot()
            #expect(abs(Double(y[i]) - v * cdf) < 2e-6 * max(1, abs(v)))
            #expect(plain[i] == y[i])
            #expect(abs(Double(derivative[i]) - (cdf + v * pdf)) < 2e-6)
            #expect(abs(Double(dx[i]) - (cdf + v * pdf)) < 2e-6)
        }
    }

    @Test func geluTrainingFormSavesTheDerivative() {
        // Φ(x) + x·φ(x) at x = 1: 0.8413447460685429 + 0.24197072451914337 = 1.0833154705876864 (Python math)
        var g = SeededGenerator(seed: 31)
        var x = GradientCheck.random(300, &g, scale: 4)  // > 256 to cross the kernel's block boundary
        x[0] = 1
        let r = GradientCheck.random(300, &g)
        var y = [Float](repeating: 0, count: 300), plain = y, derivative = y
        GELU.forward(out: &y, derivative: &derivative, inp: x, count: 300)
        GELU.forward(out: &plain, inp: x, count: 300)
        #expect(y == plain)
        #expect(abs(derivative[0] - 1.0833154705876864) < 1e-6)
        var dx = [Float](repeating: 0, count: 300)
        GELU.backward(dinp: &dx, derivative: derivative, dout: r, count: 300)
        let nx = GradientCheck.numeric(count: 300, value: { x[$0] }, set: { x[$0] = $1 }) {
            GELU.forward(out: &y, inp: x, count: 300)
            return GradientCheck.dot(y, r)
        }
        #expect(GradientCheck.relativeError(dx, nx) < GradientCheck.tolerance)
        // In place (derivative aliasing the input), as the ViT uses it.
        var inPlace = x
        inPlace.withUnsafeMutableBufferPointer { p in
            GELU.forward(out: &y, derivative: p.baseAddress!, inp: p.baseAddress!, count: 300)
        }
        #expect(inPlace == derivative)
        // The row form that also sums a bias gradient: x as 20 rows × 15 channels, a bias b (15) added
        // to every row before the GELU; ∂/∂b of Σ gelu(x + b)·r by central differences at b = 0.
        var dxRows = [Float](repeating: 0, count: 300), dbias = [Float](repeating: 0.5, count: 15)
        GELU.backward(dinp: &dxRows, dbias: &dbias, derivative: derivative, dout: r, rows: 20, channels: 15)
        #expect(dxRows == dx)
        var bias = [Float](repeating: 0, count: 15), shifted = x
        let nb = GradientCheck.numeric(count: 15, value: { bias[$0] }, set: { bias[$0] = $1 }) {
            for i in 0..<300 { shifted[i] = x[i] + bias[i % 15] }
            GELU.forward(out: &y, inp: shifted, count: 300)
            return GradientCheck.dot(y, r)
        }
        #expect(GradientCheck.relativeError(dbias.map { $0 - 0.5 }, nb) < GradientCheck.tolerance)
    }

    @Test(arguments: [false, true])
    func attentionBackwardMatchesFiniteDifferences(withDropout: Bool) {
        // Through the public forward and backward (AttentionPathTests pins each implementation).
        let check = AttentionPathTests.backwardCheck(batch: 2, tokens: 5, channels: 8, heads: 2, seed: 4,
                                                     dropout: withDropout, path: nil)
        // Attention rows are probabilities.
        for row in 0..<(2 * 2 * 5) {
            let s = check.att[(row * 5)..<(row * 5 + 5)].reduce(0, +)
            #expect(abs(s - 1) < 1e-5)
        }
        #expect(check.error < GradientCheck.tolerance)
    }

    @Test func attentionWeightsAreTheSoftmaxOfScaledScores() {
        // T = 11 (one 8-wide vector and a tail per row); reference: softmax(q·k/√hs) in Double.
        var g = SeededGenerator(seed: 41)
        let (t, c, h) = (11, 4, 2), hs = 2
        let qkv = GradientCheck.random(t * 3 * c, &g, scale: 3)
        var out = [Float](repeating: 0, count: t * c), att = [Float](repeating: 0, count: h * t * t)
        Attention.forward(out: &out, att: &att, qkv: qkv, batch: 1, tokens: t, channels: c, heads: h)
        for hi in 0..<h {
            for i in 0..<t {
                var scores = [Double](repeating: 0, count: t)
                for j in 0..<t {
                    var dot = 0.0
                    for d in 0..<hs {
                        let q = Double(qkv[i * 3 * c + hi * hs + d]), k = Double(qkv[j * 3 * c + c + hi * hs + d])
                        dot += q * k
                    }
                    scores[j] = dot / Double(hs).squareRoot()
                }
                let top = scores.max()!
                let e = scores.map { Foundation.exp($0 - top) }
                let total = e.reduce(0, +)
                for j in 0..<t {
                    let weight = Double(att[(hi * t + i) * t + j])
                    #expect(abs(weight - e[j] / total) < 1e-6)
                }
            }
        }
    }

    @Test func attentionOfOneTokenReturnsItsValue() {
        // With T = 1 the softmax is 1, so out = v exactly (hand-derived).
        let qkv: [Float] = [0.3, -1, 2, 5, /* v */ 7, 8]
        var out: [Float] = [0, 0], att: [Float] = [0, 0]
        Attention.forward(out: &out, att: &att, qkv: qkv, batch: 1, tokens: 1, channels: 2, heads: 2)
        #expect(out == [7, 8])
        #expect(att == [1, 1])
    }

    @Test func dropoutAndDropPathScaleSurvivorsAndPassGradientsThroughTheMask() {
        var g = SeededGenerator(seed: 5)
        var mask = [Float](repeating: 0, count: 10_000)
        Dropout.makeMask(&mask, count: mask.count, rate: 0.25, generator: &g)
        #expect(Set(mask).isSubset(of: [0, Float(1 / 0.75)]))
        let kept = Double(mask.filter { $0 > 0 }.count) / 10_000
        #expect(abs(kept - 0.75) < 0.02)  // binomial σ ≈ 0.0043
        var x = GradientCheck.random(6, &g)
        let m: [Float] = [0, 2, 2, 0, 2, 2], r = GradientCheck.random(6, &g)
        var y = [Float](repeating: 0, count: 6)
        func loss() -> Double { Dropout.forward(out: &y, inp: x, mask: m, count: 6); return GradientCheck.dot(y, r) }
        var dx = [Float](repeating: 0, count: 6)
        Dropout.backward(dinp: &dx, dout: r, mask: m, count: 6)
        let nx = GradientCheck.numeric(count: 6, value: { x[$0] }, set: { x[$0] = $1 }, loss: loss)
        #expect(GradientCheck.relativeError(dx, nx) < GradientCheck.tolerance)
        // Drop path: sample 0 dropped, sample 1 kept and scaled by 1/(1-0.5) = 2.
        let scale: [Float] = [0, 2]
        var p = GradientCheck.random(6, &g)
        func pathLoss() -> Double { DropPath.forward(out: &y, inp: p, scale: scale, batch: 2, perSample: 3); return GradientCheck.dot(y, r) }
        _ = pathLoss()
        #expect(y[0] == 0 && y[3] == 2 * p[3])
        var dp = [Float](repeating: 0, count: 6)
        DropPath.backward(dinp: &dp, dout: r, scale: scale, batch: 2, perSample: 3)
        let np = GradientCheck.numeric(count: 6, value: { p[$0] }, set: { p[$0] = $1 }, loss: pathLoss)
        #expect(GradientCheck.relativeError(dp, np) < GradientCheck.tolerance)
    }

    @Test func residualAndPoolingBackwardMatchFiniteDifferences() {
        var g = SeededGenerator(seed: 6)
        let (b, t, c) = (2, 3, 4)
        var x = GradientCheck.random(b * t * c, &g)
        let r = GradientCheck.random(b * c, &g)
        var y = [Float](repeating: 0, count: b * c)
        for mean in [false, true] {
            func loss() -> Double {
                if mean { Pooling.meanForward(out: &y, inp: x, batch: b, tokens: t, channels: c) } else {
                    Pooling.clsForward(out: &y, inp: x, batch: b, tokens: t, channels: c)
                }
                return GradientCheck.dot(y, r)
            }
            var dx = [Float](repeating: 0, count: x.count)
            if mean { Pooling.meanBackward(dinp: &dx, dout: r, batch: b, tokens: t, channels: c) } else {
                Pooling.clsBackward(dinp: &dx, dout: r, batch: b, tokens: t, channels: c)
            }
            let nx = GradientCheck.numeric(count: x.count, value: { x[$0] }, set: { x[$0] = $1 }, loss: loss)
            #expect(GradientCheck.relativeError(dx, nx) < GradientCheck.tolerance)
        }
        var a = GradientCheck.random(5, &g), bb = GradientCheck.random(5, &g)
        let rr = GradientCheck.random(5, &g)
        var out = [Float](repeating: 0, count: 5)
        func loss() -> Double { Residual.forward(out: &out, a: a, b: bb, count: 5); return GradientCheck.dot(out, rr) }
        var da = [Float](repeating: 0, count: 5), db = da
        Residual.backward(da: &da, db: &db, dout: rr, count: 5)
        let na = GradientCheck.numeric(count: 5, value: { a[$0] }, set: { a[$0] = $1 }, loss: loss)
        let nb = GradientCheck.numeric(count: 5, value: { bb[$0] }, set: { bb[$0] = $1 }, loss: loss)
        #expect(GradientCheck.relativeError(da, na) < GradientCheck.tolerance)
        #expect(GradientCheck.relativeError(db, nb) < GradientCheck.tolerance)
    }

    @Test func convolutionPoolingAndReLUBackwardMatchFiniteDifferences() {
        var g = SeededGenerator(seed: 7)
        let (b, c, l, oc, k) = (2, 2, 9, 3, 3)
        let lo = l - k + 1, lp = lo / 2
        var x = GradientCheck.random(b * c * l, &g), w = GradientCheck.random(oc * c * k, &g), bias = GradientCheck.random(oc, &g)
        let r = GradientCheck.random(b * oc * lp, &g)
        var conv = [Float](repeating: 0, count: b * oc * lo), cols = [Float](repeating: 0, count: b * c * k * lo)
        var pooled = [Float](repeating: 0, count: b * oc * lp), argmax = [Int32](repeating: 0, count: b * oc * lp)
        func loss() -> Double {
            Conv1d.forward(out: &conv, columns: &cols, inp: x, weight: w, bias: bias, batch: b, inChannels: c, length: l, outChannels: oc, kernel: k)
            for i in conv.indices { conv[i] = max(0, conv[i]) }  // ReLU itself is checked below
            MaxPool1d.forward(out: &pooled, argmax: &argmax, inp: conv, rows: b * oc, length: lo)
            return GradientCheck.dot(pooled, r)
        }
        _ = loss()
        var dconv = [Float](repeating: 0, count: conv.count), dcols = [Float](repeating: 0, count: c * k * lo)
        var dx = [Float](repeating: 0, count: x.count), dw = [Float](repeating: 0, count: w.count), db = [Float](repeating: 0, count: oc)
        var dpool = [Float](repeating: 0, count: conv.count)
        MaxPool1d.backward(dinp: &dpool, dout: r, argmax: argmax, rows: b * oc, length: lo)
        ReLU.backward(dinp: &dconv, out: conv, dout: dpool, count: conv.count)
        Conv1d.backward(dinp: &dx, dweight: &dw, dbias: &db, dcolumns: &dcols, dout: dconv, columns: cols, weight: w,
                        batch: b, inChannels: c, length: l, outChannels: oc, kernel: k)
        // Small step: ReLU and max are piecewise linear, so the difference is exact unless a kink
        // lies within h, which random inputs make unlikely at h = 1e-3.
        let nx = GradientCheck.numeric(count: x.count, step: 1e-3, value: { x[$0] }, set: { x[$0] = $1 }, loss: loss)
        let nw = GradientCheck.numeric(count: w.count, step: 1e-3, value: { w[$0] }, set: { w[$0] = $1 }, loss: loss)
        let nb = GradientCheck.numeric(count: oc, step: 1e-3, value: { bias[$0] }, set: { bias[$0] = $1 }, loss: loss)
        #expect(GradientCheck.relativeError(dx, nx) < GradientCheck.tolerance)
        #expect(GradientCheck.relativeError(dw, nw) < GradientCheck.tolerance)
        #expect(GradientCheck.relativeError(db, nb) < GradientCheck.tolerance)
    }

    @Test func convolutionMatchesAHandComputedExample() {
        // Input [1,2,3,4], kernel [1,0,-1], bias 0.5: out[i] = x[i] - x[i+2] + 0.5 = [-1.5, -1.5].
        var out: [Float] = [0, 0], cols = [Float](repeating: 0, count: 6)
        Conv1d.forward(out: &out, columns: &cols, inp: [1, 2, 3, 4], weight: [1, 0, -1], bias: [0.5], batch: 1,
                       inChannels: 1, length: 4, outChannels: 1, kernel: 3)
        #expect(out == [-1.5, -1.5])
        var pooled: [Float] = [0, 0], argmax: [Int32] = [0, 0]
        MaxPool1d.forward(out: &pooled, argmax: &argmax, inp: [1, 5, 3, 2, 9], rows: 1, length: 5)
        #expect(pooled == [5, 3])
        #expect(argmax == [1, 2])
    }
}

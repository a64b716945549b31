import SpectraNN
import Testing

/// Stopping OpenBLAS's idle worker threads (as `spectra` does at start-up) leaves BLAS working: the next
/// threaded product starts them again and is right.
@Suite struct BLASThreadTests {
    @Test func productsAreRightAfterTheThreadsWereStopped() {
        // 512 × 512 inputs of 1 times weights of 0.5, plus bias 1: every output is 512 · 0.5 + 1 = 257.
        let n = 512, c = 512, oc = 512
        let input = [Float](repeating: 1, count: n * c)
        let weight = [Float](repeating: 0.5, count: oc * c)
        let bias = [Float](repeating: 1, count: oc)
        var out = [Float](repeating: 0, count: n * oc)
        for threads in [2, 1, 2] {
            ComputeThreads.stopIdleBLASThreads()
            ComputeThreads.use(threads)
            out.withUnsafeMutableBufferPointer { o in
                Linear.forward(out: o.baseAddress!, inp: input, weight: weight, bias: bias, rows: n, inChannels: c, outChannels: oc)
            }
            #expect(out.allSatisfy { $0 == 257 }, "\(threads) threads")
        }
        ComputeThreads.use(1)
    }
}

import CBLAS
import Dispatch
import SpectraCore

extension ComputeThreads {
    /// OpenBLAS's sgemm on `threads` threads for a square product of `size`: the median GFLOP/s of
    /// `repeats` calls after one warm-up call.
    public static func sgemmGFLOPs(size n: Int, threads: Int, repeats: Int) -> Double {
        var generator = SeededGenerator(seed: 3)
        let a = (0..<(n * n)).map { _ in Float(generator.uniform()) }, b = a.reversed() as [Float]
        var c = [Float](repeating: 0, count: n * n)
        let saved = ComputeThreads.count
        defer { ComputeThreads.use(saved) }
        ComputeThreads.use(threads)
        var times: [Double] = []
        ComputeThreads.withThreadedBLAS {
            for call in 0...repeats {
                let start = DispatchTime.now().uptimeNanoseconds
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(n), Int32(n), Int32(n), 1, a, Int32(n), b, Int32(n), 0, &c, Int32(n))
                if call > 0 { times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9) }
            }
        }
        return 2 * Double(n * n * n) / times.sorted()[times.count / 2] / 1e9
    }
}

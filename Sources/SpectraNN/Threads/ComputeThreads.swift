import CBLAS
import Dispatch

/// How the engine uses the cores: large matrix products run on OpenBLAS's own threads, and the
/// non-BLAS kernels (LayerNorm, GELU, softmax, per-head attention) split their rows over the same
/// number of Dispatch workers. The two never run at the same time, so the cores are not
/// oversubscribed.
///
/// Measured on the 2-core build machine at paper-scale (`spectra bench train`, batch 64):
/// BLAS 2 threads + our loops on 2 workers was fastest; BLAS 1 thread + our loops on 2 workers and
/// BLAS 2 threads + serial loops were both slower (see benchmarks/README.md, "ViT engine").
public enum ComputeThreads {
    nonisolated(unsafe) private static var current = 1

    /// Number of threads for our parallel loops.
    public static var count: Int { current }

    /// Uses `threads` cores (at least 1) for BLAS and, unless `loops` says otherwise, for our loops.
    public static func use(_ threads: Int, loops: Int? = nil) {
        current = max(1, loops ?? threads)
        openblas_set_num_threads(Int32(max(1, threads)))
    }

    /// Runs `body` over `0..<count` split into contiguous chunks, one per thread; serial when the
    /// work is too small (`count * costPerItem` below ~32k operations) to pay for the hand-off.
    @inline(__always)
    public static func forEachChunk(_ count: Int, costPerItem: Int = 1, _ body: (Range<Int>) -> Void) {
        let threads = min(current, count)
        if threads <= 1 || count * costPerItem < 32_768 {
            body(0..<count)
            return
        }
        DispatchQueue.concurrentPerform(iterations: threads) { t in
            let lower = count * t / threads
            let upper = count * (t + 1) / threads
            body(lower..<upper)
        }
    }

    /// Runs `body(i)` for every `i` in `0..<count`, the indices split over the threads.
    @inline(__always)
    public static func forEach(_ count: Int, costPerItem: Int = 1, _ body: (Int) -> Void) {
        forEachChunk(count, costPerItem: costPerItem) { range in
            for i in range { body(i) }
        }
    }
}

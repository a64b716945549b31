import CBLAS
import Dispatch

/// How the engine uses the cores: large matrix products run on OpenBLAS's own threads, and the
/// non-BLAS kernels (LayerNorm, GELU, softmax, per-head attention) split their rows over the same
/// number of Dispatch workers. The two never run at the same time, so the cores are not
/// oversubscribed.
///
/// Measured on the 2-core build machine at paper scale (`sh benchmarks/vit/threads.sh 3 train`,
/// alternating rounds, medians; the machine was shared with five compiling engineers, load
/// average 5–10): BLAS 2 + loops 2: 91 samples/s, BLAS 2 + loops 1: 85, BLAS 1 + loops 2: 98,
/// BLAS 1 + loops 1: 96 — all within the run-to-run noise (±30 %) of that machine, so no
/// arrangement was shown faster. We keep BLAS and loops on the same thread count: they never run
/// at the same time, so this cannot oversubscribe, and sgemm (~70 % of a step) is where a second
/// core pays on an idle machine. Re-measure on an idle machine with benchmarks/vit/threads.sh.
public enum ComputeThreads {
    nonisolated(unsafe) private static var current = 1

    /// Number of threads for our parallel loops.
    public static var count: Int { current }

    /// Uses `threads` cores (at least 1) for BLAS and, unless `loops` says otherwise, for our loops.
    public static func use(_ threads: Int, loops: Int? = nil) {
        current = max(1, loops ?? threads)
        openblas_set_num_threads(Int32(max(1, threads)))
    }

    /// Stops OpenBLAS's worker threads, which it starts when the library loads and which then spin (yielding)
    /// for about 0.1 s waiting for work: a whole second core burnt by every short command that never calls
    /// BLAS. The next threaded BLAS call, or `use(_:)`, starts them again.
    public static func stopIdleBLASThreads() {
        _ = blas_thread_shutdown_()
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

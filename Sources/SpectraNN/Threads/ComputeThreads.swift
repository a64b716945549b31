import CBLAS
import Dispatch
import Foundation

/// How the engine uses the cores: our own workers split every large piece of work (row blocks of
/// a matrix product, groups of samples through the ViT encoder) and each worker calls
/// OpenBLAS single-threaded on its part. Work inside a worker never forks again, so the cores are
/// never oversubscribed, and the pieces are handed out one at a time, so a worker that loses its
/// core to another process (the build machine is shared) does not hold the others back.
///
/// Measured at paper scale, training, on the shared 2-core build machine (load average 9–10 from
/// other builds; `sh benchmarks/vit/threads.sh 3 train`, alternating rounds, medians in samples/s):
/// 2 workers × BLAS 1: 182, 1 worker × BLAS 2 (OpenBLAS's own threads): 104, 2 × 2 (oversubscribed):
/// 116, 1 × 1: 154. OpenBLAS's threads synchronise inside every one of these small (K = 120) products and
/// wait for each other whenever one is descheduled; single-threaded sgemm keeps ~78 GFLOP/s per core
/// on blocks of 152 rows (vs ~80 on all 2432). See benchmarks/README.md, "Thread arrangement".
public enum ComputeThreads {
    /// Until `use` says otherwise: one worker per core, OpenBLAS single-threaded.
    nonisolated(unsafe) private static var current: Int = {
        openblas_set_num_threads(1)
        return max(1, ProcessInfo.processInfo.activeProcessorCount)
    }()

    /// Number of workers for our parallel loops (by default the number of cores).
    public static var count: Int { current }

    /// Uses `threads` workers (at least 1) for our loops, each calling OpenBLAS with `blas` threads
    /// (1 unless comparing arrangements: more oversubscribes the cores).
    public static func use(_ threads: Int, blas: Int = 1) {
        current = max(1, threads)
        openblas_set_num_threads(Int32(max(1, blas)))
    }

    /// Runs `body` with OpenBLAS using all `count` threads: for a few large products issued from one
    /// thread (a classical baseline's dgemm over the whole training set), where splitting by our workers
    /// has nothing to gain. OpenBLAS is single-threaded again afterwards.
    public static func withThreadedBLAS<T>(_ body: () throws -> T) rethrows -> T {
        openblas_set_num_threads(Int32(current))
        defer { openblas_set_num_threads(1) }
        return try body()
    }

    /// Stops OpenBLAS's worker threads, which it starts when the library loads and which then spin (yielding)
    /// for about 0.1 s waiting for work: a whole second core burnt by every short command that never calls
    /// BLAS. The next threaded BLAS call, or `use(_:)`, starts them again.
    public static func stopIdleBLASThreads() {
        _ = blas_thread_shutdown_()
    }

    /// True on a thread that is running one of our workers: nested parallel loops run serially there.
    private static let insideKey: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()

    /// Whether the calling thread is already one of our workers.
    public static var isInsideWorker: Bool { pthread_getspecific(insideKey) != nil }

    /// Runs `body(i)` for every `i` in `0..<count`; with more than one worker, the indices are handed
    /// out one at a time to up to `count` workers (the calling thread is one of them). Serial when
    /// there is one worker, one index, or the caller is itself a worker.
    public static func forEachTask(_ count: Int, _ body: (Int) -> Void) {
        let workers = min(current, count)
        if workers <= 1 || isInsideWorker {
            for i in 0..<count { body(i) }
            return
        }
        let next = TaskCounter()
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            let previous = pthread_getspecific(insideKey)
            pthread_setspecific(insideKey, UnsafeRawPointer(bitPattern: 1))
            defer { pthread_setspecific(insideKey, previous) }
            while true {
                let i = next.take()
                if i >= count { break }
                body(i)
            }
        }
    }

    /// Runs `body` over `0..<count` split into contiguous chunks, one per worker; serial when the
    /// work is too small (`count * costPerItem` below ~32k operations) to pay for the hand-off, or
    /// when the caller is already a worker.
    @inline(__always)
    public static func forEachChunk(_ count: Int, costPerItem: Int = 1, _ body: (Range<Int>) -> Void) {
        let threads = min(current, count)
        if threads <= 1 || count * costPerItem < 32_768 || isInsideWorker {
            body(0..<count)
            return
        }
        forEachTask(threads) { t in
            body((count * t / threads)..<(count * (t + 1) / threads))
        }
    }

    /// Runs `body(i)` for every `i` in `0..<count`, the indices split over the workers.
    @inline(__always)
    public static func forEach(_ count: Int, costPerItem: Int = 1, _ body: (Int) -> Void) {
        forEachChunk(count, costPerItem: costPerItem) { range in
            for i in range { body(i) }
        }
    }

    /// Piece `index` of `0..<count` cut into `pieces` contiguous ranges whose bounds (except the
    /// last) are multiples of `multiple`. The cut depends only on the arguments; pieces own disjoint
    /// outputs, so which worker runs which piece never changes a result.
    @inline(__always)
    public static func piece(_ index: Int, of count: Int, pieces: Int, multiple: Int = 1) -> Range<Int> {
        let units = (count + multiple - 1) / multiple
        let lower = min(count, units * index / pieces * multiple)
        let upper = index == pieces - 1 ? count : min(count, units * (index + 1) / pieces * multiple)
        return lower..<upper
    }
}

/// Hands out 0, 1, 2, … to concurrent workers.
private final class TaskCounter: @unchecked Sendable {
    private var value = 0
    private let lock = NSLock()
    func take() -> Int {
        lock.lock()
        defer { lock.unlock() }
        value += 1
        return value - 1
    }
}

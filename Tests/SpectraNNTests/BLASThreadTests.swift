import CBLAS
import Foundation
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

/// The load-time constructor in Sources/CBLASStartup leaves the process as it found it: the environment and the
/// command line are what the kernel started the process with, and BLAS can still be raised to several threads.
@Suite struct BLASStartupTests {
    /// NUL-separated strings of a /proc/self file: what the kernel recorded at exec (setenv does not change it).
    static func procStrings(_ name: String) throws -> [String] {
        let bytes = try Data(contentsOf: URL(fileURLWithPath: "/proc/self/" + name))
        return bytes.split(separator: 0, omittingEmptySubsequences: false).dropLast().map { String(decoding: $0, as: UTF8.self) }
    }

    @Test func environmentAndArgumentsAreUnchanged() throws {
        let started = try Self.procStrings("environ")
        let now = ProcessInfo.processInfo.environment
        for name in ["OPENBLAS_NUM_THREADS", "GOTO_NUM_THREADS", "OMP_NUM_THREADS"] {
            let atStart = started.first { $0.hasPrefix(name + "=") }.map { String($0.dropFirst(name.count + 1)) }
            #expect(now[name] == atStart, "\(name)")
        }
        #expect(CommandLine.arguments == (try Self.procStrings("cmdline")))
    }

    @Test func threadCountCanBeRaisedAfterASingleThreadedStart() {
        let before = ComputeThreads.count
        defer { ComputeThreads.use(before) }
        ComputeThreads.use(2)
        let inside = ComputeThreads.withThreadedBLAS { openblas_get_num_threads() }
        #expect(inside == 2)
        #expect(openblas_get_num_threads() == 1)
    }
}

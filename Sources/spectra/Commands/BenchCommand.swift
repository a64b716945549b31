import ArgumentParser
import Foundation
import SpectraCommandLine
import SpectraCore
import SpectraModels
import SpectraNN

/// `spectra bench train|infer`: the ViT engine's throughput on a named configuration, as one JSON line.
struct BenchCommand: SpectraCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure ViT training or inference throughput on random data (one JSON line).",
        discussion: """
        Prints samples_per_s, ms_per_step (median wall clock), cpu_ms_per_step (median CPU time of all
        threads: steadier than wall clock on a loaded machine), gflops (matrix-product FLOPs per second),
        peak_rss_mb, and, measured in the same process right after the steps, sgemm_gflops (OpenBLAS on --threads
        threads, 2048 × 2048 × 2048, median of 5) and peak_fraction = gflops / sgemm_gflops: on a shared
        virtual machine the peak itself moves from one minute to the next, so the fraction is the comparable number.
        paper-scale: input 4500, segment 120 (linear), embed 120, depth 7, heads 4, MLP ratio 4,
        2000 classes, batch 64, AdamW.
        Example: spectra bench train --config paper-scale --steps 20 --threads 2
        """
    )

    enum Mode: String, ExpressibleByArgument, CaseIterable { case train, infer }
    enum Config: String, ExpressibleByArgument, CaseIterable { case paperScale = "paper-scale", small }

    @Argument(help: "What to measure: train (forward, backward, AdamW) or infer (forward only).")
    var mode: Mode

    @Option(help: "Model configuration: paper-scale or small.")
    var config: Config = .paperScale

    @Option(help: "Timed steps (after 2 warm-up steps).")
    var steps = 20

    @Option(help: "Worker threads of the engine (each calls BLAS single-threaded).")
    var threads = 2

    @Option(help: "Threads OpenBLAS uses inside each call (default 1), to compare arrangements.")
    var blasThreads = 1

    @Option(help: "Batch size (default 64).")
    var batch = 64

    func execute() throws {
        guard steps > 0, threads > 0, blasThreads > 0, batch > 0 else {
            throw ValidationError("--steps, --threads, --blas-threads and --batch must be positive")
        }
        ComputeThreads.use(threads, blas: blasThreads)
        let (vit, classes): (ViTConfiguration, Int) = config == .paperScale ? (.paperScale, 2000) : (.small, 100)
        let model = try ViTModel(configuration: vit, classes: classes, seed: 1)
        var generator = SeededGenerator(seed: 2)
        let input = (0..<(batch * vit.inputLength)).map { _ in Float(generator.uniform()) }
        let labels = (0..<batch).map { _ in Int32(generator.int(below: classes)) }
        let optimiser = Adam.adamW(weightDecay: 0.05)
        var times: [Double] = [], cpuTimes: [Double] = []
        try input.withUnsafeBufferPointer { buffer in
            let x = buffer.baseAddress!
            for step in 1...(steps + 2) {
                let start = DispatchTime.now().uptimeNanoseconds, cpuStart = Self.processCPUSeconds()
                switch mode {
                case .train:
                    try model.trainStep(x, batch: batch, targets: ["head": .classes(labels)], optimiser: optimiser,
                                        learningRate: 1e-4, step: step)
                case .infer:
                    _ = try model.predict(x, batch: batch)
                }
                let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
                if step > 2 {
                    times.append(seconds)
                    cpuTimes.append(Self.processCPUSeconds() - cpuStart)
                }
            }
        }
        let median = times.sorted()[times.count / 2], cpuMedian = cpuTimes.sorted()[cpuTimes.count / 2]
        let headFLOPs = 2.0 * Double(batch * vit.embedDim * classes)
        let forward = model.backbone.forwardFLOPs(batch: batch) + headFLOPs
        let flops = mode == .train ? 3 * forward : forward
        // Peak memory of the steps, read before the sgemm probe allocates its three 16 MB matrices.
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let peakMB = Double(usage.ru_maxrss) / 1024  // ru_maxrss is in KiB on Linux
        let peak = ComputeThreads.sgemmGFLOPs(size: 2048, threads: threads, repeats: 5)
        let fields: [(String, String)] = [
            ("mode", "\"\(mode.rawValue)\""), ("config", "\"\(config.rawValue)\""), ("threads", "\(threads)"), ("blas_threads", "\(blasThreads)"),
            ("batch", "\(batch)"), ("steps", "\(steps)"),
            ("samples_per_s", String(format: "%.1f", Double(batch) / median)),
            ("ms_per_step", String(format: "%.2f", median * 1000)),
            ("cpu_ms_per_step", String(format: "%.2f", cpuMedian * 1000)),
            ("gflops", String(format: "%.1f", flops / median / 1e9)),
            ("peak_rss_mb", String(format: "%.1f", peakMB)),
            ("sgemm_gflops", String(format: "%.1f", peak)),
            ("peak_fraction", String(format: "%.3f", flops / median / 1e9 / peak)),
        ]
        print("{" + fields.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}")
    }

    /// CPU time used so far by every thread of the process.
    static func processCPUSeconds() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }
}

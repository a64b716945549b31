import Foundation

/// Prints training progress to standard error: a live line (epoch, step, loss, samples/s, ETA) on a
/// terminal, and one line per epoch either way.
public final class ProgressReporter {
    private let isTerminal = isatty(STDERR_FILENO) != 0
    private var lastDraw = Date.distantPast

    public init() {}

    func step(epoch: Int, epochs: Int, batch: Int, batches: Int, loss: Double, samples: Int, since start: Date) {
        // A terminal gets a line redrawn in place; a log file (a background run) a new line every minute.
        let now = Date()
        let interval: TimeInterval = isTerminal ? 0.2 : 60
        guard now.timeIntervalSince(lastDraw) > interval || (isTerminal && batch == batches) else { return }
        if !isTerminal, lastDraw == .distantPast { lastDraw = now; return }
        lastDraw = now
        let elapsed = now.timeIntervalSince(start)
        let rate = Double(samples) / max(elapsed, 1e-9)
        let eta = elapsed / Double(batch) * Double(batches - batch)
        write((isTerminal ? "\r" : "") + String(format: "epoch %d/%d  step %d/%d  loss %.4f  %.0f samples/s  ETA ",
                     epoch, epochs, batch, batches, loss, rate) + Self.duration(eta) + (isTerminal ? "   " : "\n"))
    }

    func epoch(_ r: EpochRecord, epochs: Int) {
        write((isTerminal ? "\r" : "") + String(
            format: "epoch %d/%d  train loss %.4f  val loss %.4f  top-1 %.1f%%  top-3 %.1f%%  top-5 %.1f%%  %.0f samples/s  ",
            r.epoch, epochs, r.trainLoss, r.validationLoss, 100 * r.validationTop1, 100 * r.validationTop3,
            100 * r.validationTop5, r.samplesPerSecond) + Self.duration(r.seconds) + "\n")
    }

    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600 ? "\(s / 3600)h\(String(format: "%02d", s % 3600 / 60))m" : s >= 60 ? "\(s / 60)m\(String(format: "%02d", s % 60))s" : "\(s)s"
    }

    private func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}

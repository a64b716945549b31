import Dispatch
import Foundation
import SpectraCore

/// One mini-batch: row-major inputs (`batchSize × length`) and class indices.
public struct Batch: Sendable {
    public var inputs: [Float]
    public var labels: [Int]
    public var count: Int { labels.count }
}

/// Cuts a dataset into shuffled mini-batches, augmenting each sample on the fly.
///
/// Each sample's augmentation draws from `SeededGenerator(seed, stream: epoch·2³² + position)`, so a
/// batch's content depends only on (seed, epoch, position) and not on thread timing: the same seed
/// gives the same batches however many workers run. The next batch is prepared on a worker thread
/// while the caller trains on the current one.
public final class BatchLoader: @unchecked Sendable {
    public let dataset: PackedDataset
    public let rows: [Int]
    public let batchSize: Int
    public let augmentation: CompiledPipeline?
    public let seed: UInt64
    /// Drop a final batch smaller than `batchSize` (training keeps shapes fixed; evaluation does not).
    public let dropLast: Bool
    /// Copies of each row per epoch (the paper's augmentation factor, applied on the fly).
    public let repeats: Int
    /// Shuffle the order each epoch (training) or keep row order (evaluation).
    public let shuffle: Bool

    private let queue = DispatchQueue(label: "spectrakit.batch-loader")
    private let xValues: [Double]

    public init(dataset: PackedDataset, rows: [Int], batchSize: Int, augmentation: CompiledPipeline?,
                seed: UInt64, repeats: Int = 1, shuffle: Bool = true, dropLast: Bool) {
        self.dataset = dataset
        self.rows = rows
        self.batchSize = max(1, batchSize)
        self.augmentation = augmentation
        self.seed = seed
        self.repeats = max(1, repeats)
        self.dropLast = dropLast
        self.shuffle = shuffle
        self.xValues = dataset.axis.values
    }

    /// Positions (rows, repeated) in the order of `epoch`.
    public func order(epoch: Int) -> [Int] {
        var order = [Int]()
        order.reserveCapacity(rows.count * repeats)
        for _ in 0..<repeats { order += rows }
        if shuffle {
            var rng = SeededGenerator(seed: seed, stream: 0xBA7C_0000_0000 | UInt64(epoch))
            rng.shuffle(&order)
        }
        return order
    }

    /// Batches in `epoch`.
    public func batchCount(epoch: Int = 0) -> Int {
        let n = rows.count * repeats
        return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize
    }

    /// Builds batch `index` of `epoch` (augmenting in parallel across the batch).
    public func makeBatch(epoch: Int, index: Int, order: [Int]) throws -> Batch {
        let start = index * batchSize
        let end = min(order.count, start + batchSize)
        let count = end - start
        let length = dataset.length
        var inputs = [Float](repeating: 0, count: count * length)
        var labels = [Int](repeating: 0, count: count)
        var failure: Error?
        let lock = NSLock()
        inputs.withUnsafeMutableBufferPointer { out in
            let out = out
            DispatchQueue.concurrentPerform(iterations: count) { j in
                let row = order[start + j]
                let destination = UnsafeMutableBufferPointer(rebasing: out[(j * length)..<((j + 1) * length)])
                do {
                    if let augmentation {
                        var rng = SeededGenerator(seed: seed, stream: UInt64(epoch) << 32 | UInt64(start + j))
                        let s = Spectrum(x: xValues, y: dataset.spectrum(row).map(Double.init), xUnit: dataset.axis.unit,
                                         yUnit: .normalized)
                        let augmented = try augmentation.apply(to: s, using: &rng)
                        guard augmented.count == length else {
                            throw DatasetError(file: nil, reason: "augmentation changed the length from \(length) to \(augmented.count) points")
                        }
                        for k in 0..<length { destination[k] = Float(augmented.y[k]) }
                    } else {
                        _ = destination.initialize(from: dataset.spectrum(row))
                    }
                } catch {
                    lock.lock(); failure = failure ?? error; lock.unlock()
                }
            }
        }
        if let failure { throw failure }
        for j in 0..<count { labels[j] = dataset.sampleLabels[order[start + j]] }
        return Batch(inputs: inputs, labels: labels)
    }

    /// Iterates an epoch's batches, preparing batch i+1 on a worker while `body` runs on batch i.
    public func forEachBatch(epoch: Int, _ body: (Int, Batch) throws -> Void) throws {
        let order = self.order(epoch: epoch)
        let n = batchCount(epoch: epoch)
        guard n > 0 else { return }
        final class Slot: @unchecked Sendable { var result: Result<Batch, Error>? }
        let slot = Slot()
        let group = DispatchGroup()
        func prefetch(_ i: Int) {
            group.enter()
            queue.async {
                slot.result = Result { try self.makeBatch(epoch: epoch, index: i, order: order) }
                group.leave()
            }
        }
        prefetch(0)
        for i in 0..<n {
            group.wait()
            guard let result = slot.result else { break }
            let batch = try result.get()
            if i + 1 < n { prefetch(i + 1) }
            try body(i, batch)
        }
    }
}

/// A growable run of Doubles for the JCAMP decoders' hot loops: writes through a pointer, without an
/// Array's uniqueness and capacity bookkeeping on every value.
final class DoubleBuffer {
    private(set) var base: UnsafeMutablePointer<Double>
    private(set) var capacity: Int
    /// Number of values in use (`base[0..<count]`).
    var count = 0

    init(capacity: Int = 256) {
        self.capacity = max(capacity, 1)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// The values in use; valid until the buffer next grows.
    var values: UnsafeBufferPointer<Double> { UnsafeBufferPointer(start: base, count: count) }

    /// Calls `body` with the values in use, the buffer alive meanwhile.
    func withValues<R>(_ body: (UnsafeBufferPointer<Double>) throws -> R) rethrows -> R {
        try body(values)
    }

    /// Makes room for `needed` values, keeping the first `kept`.
    func reserve(_ needed: Int, keeping kept: Int) {
        guard needed > capacity else { return }
        let grown = max(needed, capacity * 2)
        let new = UnsafeMutablePointer<Double>.allocate(capacity: grown)
        new.update(from: base, count: kept)
        base.deallocate()
        base = new
        capacity = grown
    }

    /// Appends `values` after the first `count`.
    func append(contentsOf values: UnsafeBufferPointer<Double>) {
        guard let source = values.baseAddress else { return }
        reserve(count + values.count, keeping: count)
        (base + count).update(from: source, count: values.count)
        count += values.count
    }
}

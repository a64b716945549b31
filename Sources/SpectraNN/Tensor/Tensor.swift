/// A contiguous row-major Float32 tensor: a shape plus a pointer into memory owned by an `Arena`
/// (or a `ParameterSet`). Copying a `Tensor` copies the view, never the data.
public struct Tensor: @unchecked Sendable {
    /// Dimensions, outermost first.
    public let shape: [Int]
    /// The first element; `count` elements follow contiguously.
    public let data: UnsafeMutablePointer<Float>

    /// Number of elements (product of `shape`).
    public var count: Int { shape.reduce(1, *) }

    public init(shape: [Int], data: UnsafeMutablePointer<Float>) {
        self.shape = shape
        self.data = data
    }

    /// Sets every element to zero.
    public func zero() { data.update(repeating: 0, count: count) }

    /// The elements copied out into an array.
    public func toArray() -> [Float] { Array(UnsafeBufferPointer(start: data, count: count)) }

    /// Copies `values` into the tensor (at most `count` of them).
    public func copy(from values: [Float]) {
        values.withUnsafeBufferPointer { src in
            guard let base = src.baseAddress else { return }
            data.update(from: base, count: min(count, src.count))
        }
    }
}

/// One block of Float32 memory carved into tensors at planning time (llm.c's single activation
/// buffer): a training step then only reads and writes these views and allocates nothing.
public final class Arena: @unchecked Sendable {
    private var blocks: [(pointer: UnsafeMutablePointer<Float>, count: Int)] = []
    /// Total Float32 elements allocated so far.
    public private(set) var totalCount = 0

    public init() {}

    /// A zero-filled tensor of `shape`, allocated now (64-byte aligned so SIMD loads stay aligned).
    public func tensor(_ shape: [Int]) -> Tensor {
        let count = max(1, shape.reduce(1, *))
        let raw = UnsafeMutableRawPointer.allocate(byteCount: count * MemoryLayout<Float>.stride, alignment: 64)
        let pointer = raw.bindMemory(to: Float.self, capacity: count)
        pointer.initialize(repeating: 0, count: count)
        blocks.append((pointer, count))
        totalCount += count
        return Tensor(shape: shape, data: pointer)
    }

    deinit {
        for block in blocks { UnsafeMutableRawPointer(block.pointer).deallocate() }
    }
}

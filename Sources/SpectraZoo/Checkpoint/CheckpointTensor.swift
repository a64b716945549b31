/// One named parameter array: its shape (outermost first, C order) and Float32 values.
public struct CheckpointTensor: Sendable, Equatable {
    /// Dimensions, outermost first; `[]` is a scalar.
    public var shape: [Int]
    /// Values in C order; `values.count` equals the product of `shape`.
    public var values: [Float]

    /// Creates a tensor; throws when the value count disagrees with the shape.
    public init(shape: [Int], values: [Float]) throws {
        guard shape.allSatisfy({ $0 >= 0 }) else {
            throw CheckpointError(file: nil, reason: "negative dimension in shape \(shape)")
        }
        let count = try TensorShape.elementCount(shape, file: nil)
        guard count == values.count else {
            throw CheckpointError(file: nil, reason: "shape \(shape) needs \(count) values, got \(values.count)")
        }
        self.shape = shape
        self.values = values
    }

    /// Bit-level equality (distinguishes -0 from +0 and compares NaN payloads), for round-trip checks.
    public func isBitIdentical(to other: CheckpointTensor) -> Bool {
        shape == other.shape && values.count == other.values.count
            && zip(values, other.values).allSatisfy { $0.bitPattern == $1.bitPattern }
    }
}

/// Shape arithmetic that refuses overflow instead of trapping on hostile headers.
enum TensorShape {
    /// Product of the dimensions, or a `CheckpointError` when it overflows.
    static func elementCount(_ shape: [Int], file: String?) throws -> Int {
        var count = 1
        for dimension in shape {
            guard dimension >= 0 else {
                throw CheckpointError(file: file, reason: "negative dimension in shape \(shape)")
            }
            let (product, overflow) = count.multipliedReportingOverflow(by: dimension)
            guard !overflow else { throw CheckpointError(file: file, reason: "shape \(shape) is too large") }
            count = product
        }
        return count
    }
}

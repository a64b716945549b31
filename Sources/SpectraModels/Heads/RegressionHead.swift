import SpectraNN

/// Regression: linear outputs, mean-squared error.
public final class RegressionHead: LinearHead, Head, @unchecked Sendable {
    public init(name: String, embedDim: Int, outputs: Int, seed: UInt64 = 0) throws {
        try super.init(name: name, inputCount: embedDim, outputCount: outputs, seed: seed)
    }

    public func loss(target: HeadTarget, batch: Int) throws -> Double {
        guard case .values(let values) = target else { throw ModelError(reason: "head \(name) needs regression values") }
        try checkCount(values.count, batch: batch)
        return values.withUnsafeBufferPointer { y in
            Loss.meanSquaredError(outputs: lastOutputs, targets: y.baseAddress!, doutputs: outputGradient, count: batch * outputCount)
        }
    }
}

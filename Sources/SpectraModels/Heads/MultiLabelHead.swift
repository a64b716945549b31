import SpectraNN

/// Multi-label classification: an independent sigmoid per label, binary cross-entropy.
public final class MultiLabelHead: LinearHead, Head, @unchecked Sendable {
    public init(name: String, embedDim: Int, labels: Int, seed: UInt64 = 0) throws {
        try super.init(name: name, inputCount: embedDim, outputCount: labels, seed: seed)
    }

    public func loss(target: HeadTarget, batch: Int) throws -> Double {
        guard case .multiLabel(let targets) = target else { throw ModelError(reason: "head \(name) needs multi-label targets") }
        try checkCount(targets.count, batch: batch)
        return targets.withUnsafeBufferPointer { y in
            Loss.binaryCrossEntropy(logits: lastOutputs, targets: y.baseAddress!, dlogits: outputGradient, count: batch * outputCount)
        }
    }
}

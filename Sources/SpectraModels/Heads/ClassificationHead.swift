import SpectraNN

/// Single-label classification: softmax cross-entropy over `classes` logits (optional label smoothing).
public final class ClassificationHead: LinearHead, Head, @unchecked Sendable {
    /// Label smoothing ε.
    public var labelSmoothing: Float

    public init(name: String = "head", embedDim: Int, classes: Int, labelSmoothing: Float = 0, seed: UInt64 = 0) throws {
        self.labelSmoothing = labelSmoothing
        try super.init(name: name, inputCount: embedDim, outputCount: classes, seed: seed)
    }

    public func loss(target: HeadTarget, batch: Int) throws -> Double {
        guard case .classes(let labels) = target else { throw ModelError(reason: "head \(name) needs class labels") }
        guard labels.count == batch else { throw ModelError(reason: "head \(name) expects \(batch) labels, got \(labels.count)") }
        do {
            return try labels.withUnsafeBufferPointer { l in
                try Loss.softmaxCrossEntropy(logits: lastOutputs, labels: l.baseAddress!, dlogits: outputGradient,
                                             batch: batch, classes: outputCount, smoothing: labelSmoothing)
            }
        } catch let error as NNError {
            throw ModelError(reason: error.reason)
        }
    }
}

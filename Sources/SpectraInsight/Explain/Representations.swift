import SpectraModels

/// What a network learned to see in spectra, as vectors for t-SNE: the CLS embedding a ViT's heads
/// read (after the final LayerNorm), or the paper's CNN's penultimate layer (84 units after ReLU).
public enum Representations {
    /// Representations of `count` spectra (`count × inputLength`, row-major), computed in batches;
    /// returns `count × dimension` values and the dimension.
    public static func extract(network: ClassifierNetwork, spectra: [Float], count: Int,
                               batchSize: Int = 64) throws -> (values: [Float], dimension: Int) {
        let length = network.inputLength
        guard count > 0, spectra.count == count * length else {
            throw InsightError(reason: "expected \(count) spectra of \(length) points, got \(spectra.count) values")
        }
        var values: [Float] = []
        var dimension = 0
        var start = 0
        while start < count {
            let b = min(batchSize, count - start)
            let batch = Array(spectra[(start * length)..<((start + b) * length)])
            switch network {
            case .vit(let model):
                let features = try batch.withUnsafeBufferPointer { try model.backbone.forwardFeatures($0.baseAddress!, batch: b) }
                dimension = features.shape[1]
                values += features.toArray()
            case .cnn(let cnn):
                _ = try batch.withUnsafeBufferPointer { try cnn.logits($0.baseAddress!, batch: b, training: false) }
                guard let features = cnn.penultimateFeatures() else { throw InsightError(reason: "the CNN kept no features") }
                dimension = features.count / b
                values += features
            case .baseline:
                throw InsightError(reason: "\(network.configuration.architecture.rawValue) is a classical baseline and learns no representation: use the raw spectra")
            }
            start += b
        }
        return (values, dimension)
    }
}

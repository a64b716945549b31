import Foundation
import SpectraCore
import SpectraNN

/// A model that scores spectra against classes: a ViT with its `head`, the paper's CNN, or a fitted
/// classical baseline (k-NN, naive Bayes, logistic regression).
public enum ClassifierNetwork {
    case vit(ViTModel)
    case cnn(PaperCNN)
    case baseline(any BaselineClassifier)

    /// The baseline types by checkpoint architecture name.
    public static let baselineTypes: [any BaselineClassifier.Type] = [
        KNearestNeighbours.self, GaussianNaiveBayes.self, LogisticRegression.self,
    ]

    /// A freshly initialised network for `configuration` with `classes` outputs.
    public static func make(_ configuration: ModelConfiguration, classes: Int, seed: UInt64) throws -> ClassifierNetwork {
        switch configuration.architecture {
        case .vit:
            guard let vit = configuration.vit else { throw ModelError(reason: "model_config says vit but has no vit configuration") }
            try vit.validate()
            return .vit(try ViTModel(configuration: vit, classes: classes, seed: seed))
        case .cnn:
            guard let cnn = configuration.cnn else { throw ModelError(reason: "model_config says cnn but has no cnn configuration") }
            return .cnn(try PaperCNN(inputLength: cnn.inputLength, classes: classes, dropout: cnn.dropout, seed: seed))
        case .knn, .gaussianNaiveBayes, .logisticRegression:
            throw ModelError(reason: "\(configuration.architecture.rawValue) is fitted, not built: use ClassifierNetwork.restore or fit a baseline")
        }
    }

    /// A network from a configuration and its parameters: neural models are built and then loaded (every
    /// name and shape checked first); baselines are restored from their fitted state.
    public static func restore(_ configuration: ModelConfiguration, classes: Int, parameters: NamedTensors) throws -> ClassifierNetwork {
        guard configuration.architecture.isBaseline else {
            let network = try make(configuration, classes: classes, seed: 0)
            try network.importParameters(parameters)
            return network
        }
        guard let type = baselineTypes.first(where: { $0.architecture == configuration.architecture.rawValue }) else {
            throw ModelError(reason: "no baseline named \(configuration.architecture.rawValue)")
        }
        do {
            return .baseline(try type.init(parameters: parameters))
        } catch let error as BaselineError {
            throw ModelError(reason: "\(configuration.architecture.rawValue): \(error.reason)")
        }
    }

    /// The configuration that rebuilds this network.
    public var configuration: ModelConfiguration {
        switch self {
        case .vit(let m): return .vit(m.backbone.configuration)
        case .cnn(let m): return .cnn(CNNConfiguration(inputLength: m.inputLength, dropout: m.dropout))
        case .baseline(let b):
            return ModelConfiguration(architecture: ModelConfiguration.Architecture(rawValue: type(of: b).architecture) ?? .knn,
                                      vit: nil, cnn: nil)
        }
    }

    /// Every parameter's name and shape (checkpoint names).
    public var namedParameters: [(name: String, shape: [Int])] {
        switch self {
        case .vit(let m): return m.namedParameters
        case .cnn(let m): return m.namedParameters
        case .baseline(let b): return b.parameters().map { ($0.key, $0.value.shape) }.sorted { $0.0 < $1.0 }
        }
    }

    /// All parameters by checkpoint name.
    public func exportParameters() -> NamedTensors {
        switch self {
        case .vit(let m): return m.exportParameters()
        case .cnn(let m): return m.exportParameters()
        case .baseline(let b): return b.parameters()
        }
    }

    /// Loads every parameter of a neural network (names and shapes checked before anything changes).
    public func importParameters(_ tensors: NamedTensors) throws {
        switch self {
        case .vit(let m): try m.importParameters(tensors)
        case .cnn(let m): try m.importParameters(tensors)
        case .baseline: throw ModelError(reason: "a fitted baseline is restored with ClassifierNetwork.restore, not loaded in place")
        }
    }

    /// Every parameter set, as optimisers take them.
    public var parameterSets: [ParameterSet] {
        switch self {
        case .vit(let m): return m.parameterSets
        case .cnn(let m): return [m.parameters]
        case .baseline: return []
        }
    }

    public var inputLength: Int {
        switch self {
        case .vit(let m): return m.backbone.configuration.inputLength
        case .cnn(let m): return m.inputLength
        case .baseline(let b): return b.featureCount
        }
    }

    public var classCount: Int {
        switch self {
        case .vit(let m): return m.head(named: "head")?.outputCount ?? 0
        case .cnn(let m): return m.classes
        case .baseline(let b): return b.classCount
        }
    }

    /// Logits (`count × classCount`, row-major) in inference mode; for a baseline, the log of its
    /// ranking scores normalised to sum 1 (its probabilities, or k-NN's vote shares with every class
    /// ranked by its best match), so a softmax gives them back.
    public func logits(_ inputs: [Float], count: Int) throws -> [Float] {
        guard inputs.count == count * inputLength else {
            throw ModelError(reason: "expected \(count) spectra of \(inputLength) points, got \(inputs.count) values")
        }
        if case .baseline(let b) = self {
            var out = [Float]()
            out.reserveCapacity(count * b.classCount)
            for i in 0..<count {
                let scores = try b.rankingScores(Array(inputs[(i * inputLength)..<((i + 1) * inputLength)]))
                let total = max(scores.reduce(0, +), 1e-300)
                out += scores.map { Float(log(max($0 / total, 1e-30))) }
            }
            return out
        }
        return try inputs.withUnsafeBufferPointer { p in
            switch self {
            case .vit(let m): return try m.predict(p.baseAddress!, batch: count).toArray()
            case .cnn(let m): return try m.logits(p.baseAddress!, batch: count, training: false).toArray()
            case .baseline: return []
            }
        }
    }

    /// Reseeds the dropout / drop-path generator, so an epoch's randomness depends only on (seed, epoch)
    /// and a resumed run repeats an uninterrupted one.
    public func reseedRandomness(seed: UInt64, stream: UInt64) {
        switch self {
        case .vit(let m): m.backbone.generator = SeededGenerator(seed: seed, stream: stream)
        case .cnn(let m): m.generator = SeededGenerator(seed: seed, stream: stream)
        case .baseline: break
        }
    }
}

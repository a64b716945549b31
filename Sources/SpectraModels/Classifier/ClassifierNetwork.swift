import SpectraCore
import SpectraNN

/// A network that scores spectra against classes: a ViT with its `head`, or the paper's CNN.
public enum ClassifierNetwork {
    case vit(ViTModel)
    case cnn(PaperCNN)

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
        }
    }

    /// The configuration that rebuilds this network.
    public var configuration: ModelConfiguration {
        switch self {
        case .vit(let m): return .vit(m.backbone.configuration)
        case .cnn(let m): return .cnn(CNNConfiguration(inputLength: m.inputLength, dropout: m.dropout))
        }
    }

    /// The parameter store (for checkpoints).
    public var store: any ParameterStore {
        switch self {
        case .vit(let m): return m
        case .cnn(let m): return m
        }
    }

    /// Every parameter set, as optimisers take them.
    public var parameterSets: [ParameterSet] {
        switch self {
        case .vit(let m): return m.parameterSets
        case .cnn(let m): return [m.parameters]
        }
    }

    public var inputLength: Int {
        switch self {
        case .vit(let m): return m.backbone.configuration.inputLength
        case .cnn(let m): return m.inputLength
        }
    }

    public var classCount: Int {
        switch self {
        case .vit(let m): return m.head(named: "head")?.outputCount ?? 0
        case .cnn(let m): return m.classes
        }
    }

    /// Logits (`count × classCount`, row-major) in inference mode.
    public func logits(_ inputs: [Float], count: Int) throws -> [Float] {
        guard inputs.count == count * inputLength else {
            throw ModelError(reason: "expected \(count) spectra of \(inputLength) points, got \(inputs.count) values")
        }
        return try inputs.withUnsafeBufferPointer { p in
            switch self {
            case .vit(let m): return try m.predict(p.baseAddress!, batch: count).toArray()
            case .cnn(let m): return try m.logits(p.baseAddress!, batch: count, training: false).toArray()
            }
        }
    }

    /// Reseeds the dropout / drop-path generator, so an epoch's randomness depends only on (seed, epoch)
    /// and a resumed run repeats an uninterrupted one.
    public func reseedRandomness(seed: UInt64, stream: UInt64) {
        switch self {
        case .vit(let m): m.backbone.generator = SeededGenerator(seed: seed, stream: stream)
        case .cnn(let m): m.generator = SeededGenerator(seed: seed, stream: stream)
        }
    }
}

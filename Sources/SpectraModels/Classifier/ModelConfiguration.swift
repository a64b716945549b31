

/// The model description stored as `model_config` in a checkpoint: which architecture and its
/// hyperparameters, enough to rebuild the network before its tensors are loaded.
public struct ModelConfiguration: Codable, Sendable, Equatable {
    /// The network family.
    public enum Architecture: String, Codable, Sendable, CaseIterable {
        /// Vision Transformer (`ViTModel`).
        case vit
        /// The seed paper's LeNet-style CNN (`PaperCNN`).
        case cnn
        /// k-nearest neighbours by cosine or Pearson similarity (library search).
        case knn
        /// Gaussian naive Bayes.
        case gaussianNaiveBayes = "gaussian_nb"
        /// Multinomial logistic regression.
        case logisticRegression = "logistic_regression"

        /// The classical baselines, fitted in closed form rather than by the Trainer.
        public var isBaseline: Bool { ![.vit, .cnn].contains(self) }
    }

    public var architecture: Architecture
    /// Set when `architecture == .vit`.
    public var vit: ViTConfiguration?
    /// Set when `architecture == .cnn`.
    public var cnn: CNNConfiguration?

    public static func vit(_ configuration: ViTConfiguration) -> ModelConfiguration {
        ModelConfiguration(architecture: .vit, vit: configuration, cnn: nil)
    }

    public static func cnn(_ configuration: CNNConfiguration) -> ModelConfiguration {
        ModelConfiguration(architecture: .cnn, vit: nil, cnn: configuration)
    }

    /// Points per input spectrum.
    public var inputLength: Int? {
        switch architecture {
        case .vit: return vit?.inputLength
        case .cnn: return cnn?.inputLength
        case .knn, .gaussianNaiveBayes, .logisticRegression: return nil
        }
    }
}

/// Hyperparameters of the seed paper's CNN.
public struct CNNConfiguration: Codable, Sendable, Equatable {
    public var inputLength: Int
    /// Dropout after each convolution stage (0.2 in the paper).
    public var dropout: Float

    public init(inputLength: Int, dropout: Float = 0.2) {
        self.inputLength = inputLength
        self.dropout = dropout
    }
}

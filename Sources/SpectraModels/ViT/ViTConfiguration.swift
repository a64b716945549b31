import SpectraCore

/// The shape and regularisation of a ViT over 1-D spectra (timm's names where they exist).
public struct ViTConfiguration: Codable, Sendable, Equatable {
    /// How a spectrum becomes tokens.
    public enum Embedding: String, Codable, Sendable {
        /// The seed paper's code: cut into segments of length `embedDim`, used directly as tokens.
        case direct
        /// A linear projection (`patch_embed.proj`) of each segment of length `segmentLength`.
        case linear
    }

    /// Points per input spectrum.
    public var inputLength: Int
    /// Points per segment (patch) for `.linear`; `.direct` uses `embedDim`.
    public var segmentLength: Int
    /// Token width C.
    public var embedDim: Int
    /// Number of encoder blocks.
    public var depth: Int
    /// Attention heads (must divide `embedDim`).
    public var heads: Int
    /// MLP hidden width as a multiple of `embedDim`.
    public var mlpRatio: Double
    /// Dropout after the position embedding, attention projection and MLP layers.
    public var dropout: Double
    /// Dropout on the attention weights.
    public var attentionDropout: Double
    /// Stochastic-depth rate of the last block (rising linearly from 0, as timm).
    public var dropPathRate: Double
    /// Segment embedding.
    public var embedding: Embedding

    public init(inputLength: Int, segmentLength: Int, embedDim: Int, depth: Int, heads: Int,
                mlpRatio: Double = 4, dropout: Double = 0, attentionDropout: Double = 0,
                dropPathRate: Double = 0, embedding: Embedding = .linear) {
        self.inputLength = inputLength
        self.segmentLength = segmentLength
        self.embedDim = embedDim
        self.depth = depth
        self.heads = heads
        self.mlpRatio = mlpRatio
        self.dropout = dropout
        self.attentionDropout = attentionDropout
        self.dropPathRate = dropPathRate
        self.embedding = embedding
    }

    /// The paper-scale benchmark model: 4500 points, segments of 120 projected linearly to 120,
    /// depth 7, 4 heads, MLP ratio 4.
    public static let paperScale = ViTConfiguration(inputLength: 4500, segmentLength: 120, embedDim: 120,
                                                    depth: 7, heads: 4, mlpRatio: 4)

    /// A small model for quick runs and tests.
    public static let small = ViTConfiguration(inputLength: 1024, segmentLength: 32, embedDim: 64,
                                               depth: 4, heads: 4, mlpRatio: 4)

    /// Points per segment actually used.
    public var effectiveSegmentLength: Int { embedding == .direct ? embedDim : segmentLength }
    /// Number of segments (trailing points that do not fill a segment are dropped).
    public var segmentCount: Int { effectiveSegmentLength > 0 ? inputLength / effectiveSegmentLength : 0 }
    /// Tokens including CLS.
    public var tokenCount: Int { segmentCount + 1 }
    /// MLP hidden width (`int(embed_dim * mlp_ratio)` as timm).
    public var hiddenDim: Int { Int(Double(embedDim) * mlpRatio) }

    /// Throws a `ModelError` naming the first inconsistency; `file` names the configuration source.
    public func validate(file: String? = nil) throws {
        func fail(_ reason: String) -> ModelError { ModelError(file: file, reason: reason) }
        guard inputLength > 0 else { throw fail("input length must be positive, got \(inputLength)") }
        guard embedDim > 0 else { throw fail("embedding dimension must be positive, got \(embedDim)") }
        guard depth > 0 else { throw fail("depth must be at least 1, got \(depth)") }
        guard heads > 0 else { throw fail("heads must be at least 1, got \(heads)") }
        guard embedDim % heads == 0 else {
            throw fail("heads (\(heads)) must divide the embedding dimension (\(embedDim))")
        }
        if embedding == .linear, segmentLength <= 0 {
            throw fail("segment length must be positive, got \(segmentLength)")
        }
        guard effectiveSegmentLength <= inputLength else {
            throw fail("segment length \(effectiveSegmentLength) is longer than the input (\(inputLength) points)")
        }
        guard mlpRatio.isFinite, hiddenDim > 0 else { throw fail("MLP ratio must give a positive hidden width, got \(mlpRatio)") }
        for (name, rate) in [("dropout", dropout), ("attentionDropout", attentionDropout), ("dropPathRate", dropPathRate)] {
            guard rate.isFinite, rate >= 0, rate < 1 else { throw fail("\(name) must be in [0, 1), got \(rate)") }
        }
    }
}

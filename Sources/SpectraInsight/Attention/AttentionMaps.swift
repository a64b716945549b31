import SpectraModels

/// The attention weights a ViT gave one spectrum: for every encoder layer and head the full
/// T × T matrix (row i = how token i's query spreads over the keys; token 0 is CLS, token i ≥ 1 is
/// segment i − 1), plus the two summaries the paper and the literature read from them.
///
/// ```swift
/// _ = try model.predict(input, batch: 1)
/// let maps = try AttentionMaps(backbone: model.backbone, sample: 0)
/// let composite = maps.clsMap()       // last layer, CLS row, mean over heads (paper, Methods)
/// let rollout = maps.rolloutCLS()     // Abnar & Zuidema, residual-mixed, CLS row
/// ```
public struct AttentionMaps: Sendable, Equatable {
    /// Encoder blocks L.
    public let layers: Int
    /// Heads per block H.
    public let heads: Int
    /// Tokens T (CLS + segments).
    public let tokens: Int
    /// (L, H, T, T) row-major: `weights[((l · H + h) · T + i) · T + j]`, each row a softmax.
    public let weights: [Float]

    /// Maps from raw weights laid out (L, H, T, T).
    public init(layers: Int, heads: Int, tokens: Int, weights: [Float]) throws {
        guard layers > 0, heads > 0, tokens > 0 else {
            throw InsightError(reason: "attention needs at least one layer, head and token, got \(layers)×\(heads)×\(tokens)")
        }
        guard weights.count == layers * heads * tokens * tokens else {
            throw InsightError(reason: "expected \(layers * heads * tokens * tokens) attention weights for \(layers) layers × \(heads) heads × \(tokens)² tokens, got \(weights.count)")
        }
        self.layers = layers
        self.heads = heads
        self.tokens = tokens
        self.weights = weights
    }

    /// The maps of spectrum `sample` of the backbone's last forward pass.
    public init(backbone: ViTBackbone, sample: Int) throws {
        let cfg = backbone.configuration
        let t = cfg.tokenCount, h = cfg.heads
        var all: [Float] = []
        all.reserveCapacity(cfg.depth * h * t * t)
        for l in 0..<cfg.depth {
            guard let layer = backbone.attentionWeights(layer: l) else {
                throw InsightError(reason: "the backbone has no attention weights: run a forward pass first")
            }
            let perSample = h * t * t
            guard sample >= 0, (sample + 1) * perSample <= layer.count else {
                throw InsightError(reason: "spectrum \(sample) is not in the last forward pass (\(layer.count / perSample) spectra)")
            }
            all += layer[(sample * perSample)..<((sample + 1) * perSample)]
        }
        try self.init(layers: cfg.depth, heads: h, tokens: t, weights: all)
    }

    /// The T × T matrix of one layer and head (0-based), row-major.
    public func matrix(layer: Int, head: Int) -> ArraySlice<Float> {
        let size = tokens * tokens, start = (layer * heads + head) * size
        return weights[start..<(start + size)]
    }

    /// The mean over heads of one layer's matrices (T × T, row-major).
    public func headMean(layer: Int) -> [Double] {
        let size = tokens * tokens
        var mean = [Double](repeating: 0, count: size)
        for h in 0..<heads {
            let m = matrix(layer: layer, head: h)
            for (k, v) in zip(m.indices, 0..<size) { mean[v] += Double(m[k]) }
        }
        return mean.map { $0 / Double(heads) }
    }

    /// The CLS row of `layer` (default: the last) averaged over heads, length T: entry j is how much
    /// the CLS query attends to token j (j = 0 is CLS itself). The paper's composite attention vector.
    public func clsMap(layer: Int? = nil) -> [Double] {
        Array(headMean(layer: layer ?? layers - 1).prefix(tokens))
    }

    /// Attention rollout (Abnar & Zuidema 2020) as a T × T row-major matrix: each layer's head mean
    /// is mixed with the identity for the residual path, Â = (1 − r)·Ā + r·I with r =
    /// `residualWeight`, its rows renormalised to sum to 1, and the layers multiplied from the first,
    /// R = Â_L ⋯ Â_1. Row i of R says how token i's output draws on the input tokens; every row sums to 1.
    public func rollout(residualWeight r: Double = 0.5) -> [Double] {
        let t = tokens
        var result = [Double](repeating: 0, count: t * t)
        for i in 0..<t { result[i * t + i] = 1 }
        for l in 0..<layers {
            var mixed = headMean(layer: l)
            for i in 0..<t {
                var rowSum = 0.0
                for j in 0..<t {
                    mixed[i * t + j] = (1 - r) * mixed[i * t + j] + (i == j ? r : 0)
                    rowSum += mixed[i * t + j]
                }
                if rowSum > 0 { for j in 0..<t { mixed[i * t + j] /= rowSum } }
            }
            // result ← mixed · result
            var next = [Double](repeating: 0, count: t * t)
            for i in 0..<t {
                for k in 0..<t {
                    let a = mixed[i * t + k]
                    if a == 0 { continue }
                    for j in 0..<t { next[i * t + j] += a * result[k * t + j] }
                }
            }
            result = next
        }
        return result
    }

    /// The CLS row of the rollout (length T): how the CLS embedding the heads read draws on each token.
    public func rolloutCLS(residualWeight: Double = 0.5) -> [Double] {
        Array(rollout(residualWeight: residualWeight).prefix(tokens))
    }
}

import Foundation
import SpectraCore
import SpectraNN

/// t-distributed stochastic neighbour embedding into 2-D (van der Maaten & Hinton 2008), exact for
/// small sets and Barnes–Hut (van der Maaten 2014) for thousands of points, following the reference
/// implementation (bhtsne) step by step:
///
/// 1. the data are centred and divided by their largest absolute value;
/// 2. per point, a binary search on the Gaussian precision matches the perplexity (entropy
///    log(perplexity) nats), over all other points (exact) or the ⌊3·perplexity⌋ nearest (Barnes–Hut);
/// 3. P is symmetrised, p_ij = (p_j|i + p_i|j) / Σ, and multiplied by the early exaggeration
///    (12) up to and including iteration 250 (0-based, as bhtsne);
/// 4. the map starts from N(0, 10⁻⁴ I) drawn from `seed`, then gradient descent with learning rate
///    200, momentum 0.5 switching to 0.8 at iteration 250, and per-coordinate gains (+0.2 when the
///    gradient changes sign against the update, ×0.8 otherwise, at least 0.01); the map is
///    re-centred after every step. As in bhtsne, the gradient omits the constant factor 4.
///
/// Every point's forces are computed independently and summed in a fixed order, so a run is
/// reproducible for a given seed whatever the number of threads.
public enum TSNE {
    /// How the gradient is computed.
    public enum Method: String, Codable, Sendable {
        /// All pairs, O(n²) per iteration.
        case exact
        /// Sparse input affinities and a quadtree for the repulsion, O(n log n) per iteration.
        case barnesHut = "barnes-hut"
    }

    /// Parameters; the defaults are bhtsne's.
    public struct Options: Sendable {
        public var perplexity = 30.0
        public var iterations = 1000
        public var learningRate = 200.0
        public var earlyExaggeration = 12.0
        /// The last iteration (0-based) with exaggerated P.
        public var exaggerationIterations = 250
        public var initialMomentum = 0.5
        public var finalMomentum = 0.8
        /// The iteration (0-based) after whose step the momentum switches.
        public var momentumSwitch = 250
        /// Barnes–Hut accuracy (smaller is more exact).
        public var theta = 0.5
        /// Exact or Barnes–Hut; nil chooses exact up to `exactLimit` points.
        public var method: Method?
        public var seed: UInt64 = 0

        public init() {}
    }

    /// Sets up to this many points use the exact gradient when no method is given.
    public static let exactLimit = 500

    /// An embedding.
    public struct Result: Sendable {
        /// n × 2 coordinates, row-major.
        public var coordinates: [Double]
        /// Kullback–Leibler divergence KL(P‖Q) of the final map (Q from all pairs).
        public var klDivergence: Double
        public var method: Method
    }

    /// Embeds the n rows of `data` (n × dimension, row-major). `progress` is called every 50
    /// iterations with the iteration count. Too few points for the perplexity (n − 1 < 3·perplexity
    /// for Barnes–Hut, n − 1 ≤ perplexity for exact) or a non-finite value is an `InsightError`.
    public static func embed(_ data: [Float], count n: Int, dimension d: Int, options: Options = Options(),
                             progress: ((Int) -> Void)? = nil) throws -> Result {
        guard n >= 2, d >= 1, data.count == n * d else {
            throw InsightError(reason: "t-SNE needs at least 2 points of at least 1 value (got \(n) × \(d), \(data.count) values)")
        }
        guard options.perplexity > 0, options.perplexity.isFinite, options.iterations >= 0,
              options.learningRate > 0, options.theta >= 0 else {
            throw InsightError(reason: "t-SNE options must be positive (perplexity \(options.perplexity), learning rate \(options.learningRate), theta \(options.theta))")
        }
        if let bad = data.firstIndex(where: { !$0.isFinite }) {
            throw InsightError(reason: "point \(bad / d) has a non-finite value at position \(bad % d)")
        }
        let method = options.method ?? (n <= exactLimit ? .exact : .barnesHut)
        switch method {
        case .exact:
            guard Double(n - 1) > options.perplexity else {
                throw InsightError(reason: "perplexity \(options.perplexity) needs more than \(Int(options.perplexity) + 1) points, got \(n); lower the perplexity")
            }
        case .barnesHut:
            guard Double(n - 1) >= 3 * options.perplexity else {
                throw InsightError(reason: "perplexity \(options.perplexity) needs at least \(Int((3 * options.perplexity).rounded(.up)) + 1) points for Barnes–Hut, got \(n); lower the perplexity")
            }
        }
        let x = normalised(data, count: n, dimension: d)
        let affinities = method == .exact
            ? Affinities.exact(x, count: n, dimension: d, perplexity: options.perplexity)
            : Affinities.sparse(x, count: n, dimension: d, perplexity: options.perplexity)

        var generator = SeededGenerator(seed: options.seed, stream: 0x75_4E)
        var y = (0..<(2 * n)).map { _ in generator.gaussian() * 1e-4 }
        var update = [Double](repeating: 0, count: 2 * n)
        var gains = [Double](repeating: 1, count: 2 * n)
        var gradient = [Double](repeating: 0, count: 2 * n)
        var momentum = options.initialMomentum
        var exaggeration = options.earlyExaggeration
        for iteration in 0..<options.iterations {
            affinities.gradient(y: y, exaggeration: exaggeration, theta: options.theta, method: method, into: &gradient)
            for k in 0..<(2 * n) {
                gains[k] = sign(gradient[k]) != sign(update[k]) ? gains[k] + 0.2 : gains[k] * 0.8
                if gains[k] < 0.01 { gains[k] = 0.01 }
                update[k] = momentum * update[k] - options.learningRate * gains[k] * gradient[k]
                y[k] += update[k]
            }
            centre(&y, count: n)
            if iteration == options.exaggerationIterations { exaggeration = 1 }
            if iteration == options.momentumSwitch { momentum = options.finalMomentum }
            if (iteration + 1) % 50 == 0 { progress?(iteration + 1) }
        }
        return Result(coordinates: y, klDivergence: affinities.klDivergence(y: y), method: method)
    }

    /// Centred data scaled so the largest absolute value is 1 (bhtsne's guard against overflow).
    static func normalised(_ data: [Float], count n: Int, dimension d: Int) -> [Float] {
        var mean = [Double](repeating: 0, count: d)
        for i in 0..<n { for k in 0..<d { mean[k] += Double(data[i * d + k]) } }
        for k in 0..<d { mean[k] /= Double(n) }
        var out = [Float](repeating: 0, count: n * d)
        var largest = 0.0
        for i in 0..<n {
            for k in 0..<d {
                let v = Double(data[i * d + k]) - mean[k]
                out[i * d + k] = Float(v)
                largest = max(largest, abs(v))
            }
        }
        if largest > 0 { for i in out.indices { out[i] = Float(Double(out[i]) / largest) } }
        return out
    }

    /// −1, 0 or 1 (bhtsne's `sign`, which makes a zero update differ in sign from any gradient).
    static func sign(_ v: Double) -> Int { v == 0 ? 0 : (v < 0 ? -1 : 1) }

    static func centre(_ y: inout [Double], count n: Int) {
        var mx = 0.0, my = 0.0
        for i in 0..<n { mx += y[2 * i]; my += y[2 * i + 1] }
        mx /= Double(n); my /= Double(n)
        for i in 0..<n { y[2 * i] -= mx; y[2 * i + 1] -= my }
    }
}

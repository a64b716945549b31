import Foundation

/// The Gaussian bandwidth of one point's neighbourhood in t-SNE: the binary search over the
/// precision β = 1/(2σ²) of van der Maaten's reference implementation (bhtsne), so that the
/// conditional distribution p_j|i ∝ exp(−β·d²_ij) has entropy log(perplexity) (natural log).
enum PerplexitySearch {
    /// The tolerance on the entropy (nats) and the iteration cap of the reference implementation.
    static let tolerance = 1e-5
    static let maximumIterations = 200

    /// Conditional probabilities p_j|i (summing to 1) for the squared distances `squaredDistances`
    /// from point i to its candidate neighbours (i itself excluded), written into `probabilities`.
    static func conditionalProbabilities(squaredDistances d: UnsafeBufferPointer<Double>, perplexity: Double,
                                         into probabilities: UnsafeMutableBufferPointer<Double>) {
        let target = log(perplexity)
        var beta = 1.0
        var lower = -Double.greatestFiniteMagnitude, upper = Double.greatestFiniteMagnitude
        // Subtracting the smallest distance leaves p unchanged and keeps exp from underflowing to 0 for all j.
        let shift = d.min() ?? 0
        var sum = 0.0
        for _ in 0..<maximumIterations {
            sum = Double.leastNormalMagnitude
            var weighted = 0.0
            for j in 0..<d.count {
                let p = exp(-beta * (d[j] - shift))
                probabilities[j] = p
                sum += p
                weighted += beta * (d[j] - shift) * p
            }
            let entropy = weighted / sum + log(sum)
            let difference = entropy - target
            if abs(difference) < tolerance { break }
            if difference > 0 {
                lower = beta
                beta = upper == Double.greatestFiniteMagnitude ? beta * 2 : (beta + upper) / 2
            } else {
                upper = beta
                beta = lower == -Double.greatestFiniteMagnitude ? beta / 2 : (beta + lower) / 2
            }
        }
        for j in 0..<d.count { probabilities[j] /= sum }
    }
}

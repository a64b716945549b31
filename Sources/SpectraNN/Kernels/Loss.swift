import Foundation

/// Loss functions, each computing the mean loss over the batch and its gradient with respect to
/// the model outputs in one pass (the gradient already carries the 1/B of the mean).
public enum Loss {
    /// Softmax cross-entropy of logits (B,K) against class indices, with label smoothing ε as
    /// PyTorch's `CrossEntropyLoss(label_smoothing=ε)` (target (1−ε)·onehot + ε/K). Writes
    /// dlogits (B,K); probabilities are computed in a max-shifted (stable) form. A label outside
    /// 0..<K is an `NNError`.
    public static func softmaxCrossEntropy(logits: UnsafePointer<Float>, labels: UnsafePointer<Int32>,
                                           dlogits: UnsafeMutablePointer<Float>?, batch b: Int, classes k: Int,
                                           smoothing: Float = 0) throws -> Double {
        for bi in 0..<b where labels[bi] < 0 || Int(labels[bi]) >= k {
            throw NNError(reason: "label \(labels[bi]) of sample \(bi) is outside 0..<\(k)")
        }
        var total: Double = 0
        for bi in 0..<b {
            let z = logits + bi * k
            var maxValue = -Float.infinity
            for j in 0..<k { maxValue = max(maxValue, z[j]) }
            var sum: Double = 0
            for j in 0..<k { sum += Double(exp(z[j] - maxValue)) }
            let logSum = Double(maxValue) + log(sum)
            let y = Int(labels[bi])
            var meanNegLog: Double = 0
            for j in 0..<k { meanNegLog += logSum - Double(z[j]) }
            meanNegLog /= Double(k)
            total += Double(1 - smoothing) * (logSum - Double(z[y])) + Double(smoothing) * meanNegLog
            if let dlogits {
                let g = dlogits + bi * k
                let inv = 1 / Float(b)
                for j in 0..<k {
                    let p = Float(exp(Double(z[j]) - logSum))
                    let target = (j == y ? 1 - smoothing : 0) + smoothing / Float(k)
                    g[j] = (p - target) * inv
                }
            }
        }
        return total / Double(b)
    }

    /// Binary cross-entropy with logits (B,K) against targets (B,K) in [0,1], averaged over all
    /// B·K elements as PyTorch's `BCEWithLogitsLoss()`; stable form max(x,0) − x·y + log(1+e^−|x|).
    public static func binaryCrossEntropy(logits: UnsafePointer<Float>, targets: UnsafePointer<Float>,
                                          dlogits: UnsafeMutablePointer<Float>?, count n: Int) -> Double {
        var total: Double = 0
        for i in 0..<n {
            let x = Double(logits[i]), y = Double(targets[i])
            total += max(x, 0) - x * y + log1p(exp(-abs(x)))
            if let dlogits {
                let s = 1 / (1 + exp(-x))
                dlogits[i] = Float((s - y) / Double(n))
            }
        }
        return total / Double(n)
    }

    /// Mean squared error of outputs (N) against targets (N), as PyTorch's `MSELoss()`.
    public static func meanSquaredError(outputs: UnsafePointer<Float>, targets: UnsafePointer<Float>,
                                        doutputs: UnsafeMutablePointer<Float>?, count n: Int) -> Double {
        var total: Double = 0
        for i in 0..<n {
            let d = Double(outputs[i]) - Double(targets[i])
            total += d * d
            doutputs?[i] = Float(2 * d / Double(n))
        }
        return total / Double(n)
    }
}

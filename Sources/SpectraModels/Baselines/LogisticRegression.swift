import CBLAS
import Foundation
import SpectraNN

/// Multinomial logistic regression (softmax) with L2 regularisation, as scikit-learn's
/// `LogisticRegression(C=…)` with the lbfgs solver: minimises
/// Σᵢ −log softmax(W xᵢ + b)[yᵢ] + ‖W‖² / (2C) (the intercept is not penalised) by L-BFGS in Float64.
/// Deterministic: same data, same result.
public struct LogisticRegression: BaselineClassifier {
    public static let architecture = "logistic_regression"

    /// Inverse regularisation strength (scikit-learn's `C`): larger means weaker L2.
    public private(set) var inverseRegularization: Double
    /// L-BFGS iteration limit.
    public private(set) var maximumIterations: Int
    /// Stop when the largest gradient component falls below this.
    public private(set) var gradientTolerance: Double
    public private(set) var classCount: Int = 0
    public private(set) var featureCount: Int = 0
    /// Weights, [classCount × featureCount] (timm's `head.weight`).
    public private(set) var weights: [Float] = []
    /// Intercepts, [classCount] (`head.bias`).
    public private(set) var biases: [Float] = []
    /// Iterations the last `fit` took.
    public private(set) var iterations = 0

    public init(inverseRegularization: Double = 1.0, maximumIterations: Int = 1000, gradientTolerance: Double = 1e-9) throws {
        guard inverseRegularization > 0, inverseRegularization.isFinite else {
            throw BaselineError(reason: "C (inverse regularisation) must be positive, got \(inverseRegularization)")
        }
        guard maximumIterations >= 1, gradientTolerance > 0 else { throw BaselineError(reason: "iterations and tolerance must be positive") }
        self.inverseRegularization = inverseRegularization
        self.maximumIterations = maximumIterations
        self.gradientTolerance = gradientTolerance
    }

    public mutating func fit(features: [[Float]], labels: [Int], classCount: Int) throws {
        let d = try BaselineInput.validateTrainingSet(features: features, labels: labels, classCount: classCount)
        let c = classCount
        let n = labels.count
        var rows = [Double](repeating: 0, count: n * d) // X, n × d row-major
        for (i, x) in features.enumerated() { for j in 0..<d { rows[i * d + j] = Double(x[j]) } }
        let penalty = 1 / inverseRegularization
        var scores = [Double](repeating: 0, count: n * c) // logits, then the residuals softmax − one-hot
        // θ = [W (c×d) row-major, b (c)]. The two products are dgemm calls: on the 2,000-class XRD set
        // (22,000 rows × 2,251 points) the scalar loops they replace took minutes per evaluation.
        func objective(_ theta: [Double], _ gradient: inout [Double]) -> Double {
            var loss = 0.0
            theta.withUnsafeBufferPointer { t in
                rows.withUnsafeBufferPointer { x in
                    scores.withUnsafeMutableBufferPointer { z in
                        // Z = X Wᵀ (n × c)
                        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(n), Int32(c), Int32(d),
                                    1, x.baseAddress, Int32(d), t.baseAddress, Int32(d), 0, z.baseAddress, Int32(c))
                        for i in 0..<n {
                            let row = z.baseAddress! + i * c
                            var peak = -Double.infinity
                            for k in 0..<c { row[k] += t[c * d + k]; peak = max(peak, row[k]) }
                            var total = 0.0
                            for k in 0..<c { total += exp(row[k] - peak) }
                            loss += peak + log(total) - row[labels[i]]
                            for k in 0..<c { row[k] = exp(row[k] - peak) / total }
                            row[labels[i]] -= 1
                        }
                        gradient.withUnsafeMutableBufferPointer { g in
                            // ∂W = Rᵀ X (c × d), ∂b = column sums of R
                            cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, Int32(c), Int32(d), Int32(n),
                                        1, z.baseAddress, Int32(c), x.baseAddress, Int32(d), 0, g.baseAddress, Int32(d))
                            for k in 0..<c { g[c * d + k] = 0 }
                            for i in 0..<n { for k in 0..<c { g[c * d + k] += z[i * c + k] } }
                        }
                    }
                }
            }
            for index in 0..<(c * d) {
                loss += 0.5 * penalty * theta[index] * theta[index]
                gradient[index] += penalty * theta[index]
            }
            return loss
        }
        let minimizer = LBFGSMinimizer(maximumIterations: maximumIterations, gradientTolerance: gradientTolerance)
        let result = ComputeThreads.withThreadedBLAS {
            minimizer.minimize(start: [Double](repeating: 0, count: c * d + c), objective: objective)
        }
        self.classCount = c
        featureCount = d
        weights = result.point[0..<(c * d)].map(Float.init)
        biases = result.point[(c * d)...].map(Float.init)
        iterations = result.iterations
    }

    public func predictProbabilities(_ features: [Float]) throws -> [Double] {
        try BaselineInput.validateQuery(features, featureCount: featureCount)
        let logits = (0..<classCount).map { k -> Double in
            var z = Double(biases[k])
            for j in 0..<featureCount { z += Double(weights[k * featureCount + j]) * Double(features[j]) }
            return z
        }
        return BaselineInput.softmax(logits)
    }

    /// `head.weight` [C, D] and `head.bias` [C], the names a neural classifier head uses.
    public func parameters() -> [String: (shape: [Int], values: [Float])] {
        ["head.weight": ([classCount, featureCount], weights), "head.bias": ([classCount], biases)]
    }

    public init(parameters: [String: (shape: [Int], values: [Float])]) throws {
        let weight = try BaselineInput.tensor("head.weight", in: parameters, rank: 2)
        let bias = try BaselineInput.tensor("head.bias", in: parameters, rank: 1)
        guard bias.shape == [weight.shape[0]] else {
            throw BaselineError(reason: "head.bias has shape \(bias.shape) but head.weight has \(weight.shape[0]) rows")
        }
        guard weight.values.allSatisfy(\.isFinite), bias.values.allSatisfy(\.isFinite) else {
            throw BaselineError(reason: "head.weight or head.bias contains infinity")
        }
        try self.init()
        classCount = weight.shape[0]
        featureCount = weight.shape[1]
        weights = weight.values
        biases = bias.values
    }
}

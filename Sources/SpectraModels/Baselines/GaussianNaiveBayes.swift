import Foundation

/// Gaussian naive Bayes as in scikit-learn's `GaussianNB`: per class, the mean and population variance
/// of every feature; every variance is increased by `varSmoothing × (largest feature variance over the
/// whole training set)` for stability; priors are class frequencies.
///
/// A class with no training samples gets prior 0 and so probability 0.
public struct GaussianNaiveBayes: BaselineClassifier {
    public static let architecture = "gaussian_nb"

    /// Fraction of the largest feature variance added to every variance (scikit-learn's default 1e-9).
    public private(set) var varSmoothing: Double
    public private(set) var classCount: Int = 0
    public private(set) var featureCount: Int = 0
    /// Per-class feature means, [classCount × featureCount].
    public private(set) var means: [Float] = []
    /// Per-class feature variances including smoothing, [classCount × featureCount].
    public private(set) var variances: [Float] = []
    /// Class prior probabilities.
    public private(set) var priors: [Float] = []

    /// Smallest variance used, so constant features in a constant training set cannot divide by zero.
    static let varianceFloor = 1e-30

    public init(varSmoothing: Double = 1e-9) throws {
        guard varSmoothing >= 0, varSmoothing.isFinite else { throw BaselineError(reason: "varSmoothing must be ≥ 0, got \(varSmoothing)") }
        self.varSmoothing = varSmoothing
    }

    public mutating func fit(features: [[Float]], labels: [Int], classCount: Int) throws {
        let d = try BaselineInput.validateTrainingSet(features: features, labels: labels, classCount: classCount)
        let n = Double(features.count)
        // Largest population variance of any feature over all samples.
        var largestVariance = 0.0
        for j in 0..<d {
            let mean = features.reduce(0) { $0 + Double($1[j]) } / n
            largestVariance = max(largestVariance, features.reduce(0) { $0 + (Double($1[j]) - mean) * (Double($1[j]) - mean) } / n)
        }
        let epsilon = varSmoothing * largestVariance
        var sums = [Double](repeating: 0, count: classCount * d)
        var counts = [Double](repeating: 0, count: classCount)
        for (row, label) in zip(features, labels) {
            counts[label] += 1
            for j in 0..<d { sums[label * d + j] += Double(row[j]) }
        }
        let classMeans = sums.enumerated().map { counts[$0.offset / d] > 0 ? $0.element / counts[$0.offset / d] : 0 }
        var squares = [Double](repeating: 0, count: classCount * d)
        for (row, label) in zip(features, labels) {
            for j in 0..<d {
                let deviation = Double(row[j]) - classMeans[label * d + j]
                squares[label * d + j] += deviation * deviation
            }
        }
        self.classCount = classCount
        featureCount = d
        means = classMeans.map(Float.init)
        variances = squares.enumerated().map { index, square in
            let count = counts[index / d]
            return Float(max((count > 0 ? square / count : 0) + epsilon, Self.varianceFloor))
        }
        priors = counts.map { Float($0 / n) }
    }

    public func predictProbabilities(_ features: [Float]) throws -> [Double] {
        try BaselineInput.validateQuery(features, featureCount: featureCount)
        let logTwoPi = log(2 * Double.pi)
        let logits = (0..<classCount).map { c -> Double in
            guard priors[c] > 0 else { return -.infinity }
            var logLikelihood = log(Double(priors[c]))
            for j in 0..<featureCount {
                let variance = Double(variances[c * featureCount + j])
                let deviation = Double(features[j]) - Double(means[c * featureCount + j])
                logLikelihood -= 0.5 * (logTwoPi + log(variance)) + 0.5 * deviation * deviation / variance
            }
            return logLikelihood
        }
        return BaselineInput.softmax(logits)
    }

    /// `naive_bayes.theta` [C, D] (means), `naive_bayes.var` [C, D], `naive_bayes.class_prior` [C], `naive_bayes.var_smoothing` [1].
    public func parameters() -> [String: (shape: [Int], values: [Float])] {
        [
            "naive_bayes.theta": ([classCount, featureCount], means),
            "naive_bayes.var": ([classCount, featureCount], variances),
            "naive_bayes.class_prior": ([classCount], priors),
            "naive_bayes.var_smoothing": ([1], [Float(varSmoothing)]),
        ]
    }

    public init(parameters: [String: (shape: [Int], values: [Float])]) throws {
        let theta = try BaselineInput.tensor("naive_bayes.theta", in: parameters, rank: 2)
        let variance = try BaselineInput.tensor("naive_bayes.var", in: parameters, rank: 2)
        let prior = try BaselineInput.tensor("naive_bayes.class_prior", in: parameters, rank: 1)
        let smoothing = try BaselineInput.tensor("naive_bayes.var_smoothing", in: parameters, rank: 1)
        guard variance.shape == theta.shape, prior.shape == [theta.shape[0]] else {
            throw BaselineError(reason: "naive_bayes.var \(variance.shape) and class_prior \(prior.shape) disagree with theta \(theta.shape)")
        }
        guard variance.values.allSatisfy({ $0 > 0 && $0.isFinite }), prior.values.allSatisfy({ $0 >= 0 && $0 <= 1 }) else {
            throw BaselineError(reason: "naive_bayes.var must be positive and class_prior within 0…1")
        }
        try self.init(varSmoothing: Double(smoothing.values[0]))
        classCount = theta.shape[0]
        featureCount = theta.shape[1]
        means = theta.values
        variances = variance.values
        priors = prior.values
    }
}

import Testing
@testable import SpectraModels

@Suite struct GaussianNaiveBayesTests {
    /// sklearn GaussianNB() (var_smoothing=1e-9) fitted on BaselineDataset: theta_, var_, predict_proba(Q).
    static let theta: [Double] = [
        0.85, 0.155, 0.0025, 0.235, 0.085, -0.08, 0.9125, 0.465, -0.015, 0.25, 0.3675, 0.165, 0.94, 0.235, 0.8475,
    ]
    static let variance: [Double] = [
        0.0588500002, 0.0427250002, 0.0093687502, 0.0158750002, 0.1021250002,
        0.0551500002, 0.0158687502, 0.0624750002, 0.0151250002, 0.0051500002,
        0.0071187502, 0.0832250002, 0.0321000002, 0.0445250002, 0.0341187502,
    ]
    static let probabilities: [[Double]] = [
        [1.0, 1.4894759753e-22, 2.2365374070e-25],
        [2.3952172651e-22, 9.9999995416e-01, 4.5844666215e-08],
        [3.5349325788e-20, 2.0258594150e-57, 1.0],
        [5.0306855154e-04, 3.8152807925e-07, 9.9949654992e-01],
    ]

    @Test func fitMatchesScikitLearn() throws {
        var nb = try GaussianNaiveBayes()
        try nb.fit(features: BaselineDataset.features, labels: BaselineDataset.labels, classCount: 3)
        #expect(BaselineDataset.maxDifference([nb.means.map(Double.init)], [Self.theta]) < 1e-6)
        // Variances compared relatively (Float storage).
        #expect(zip(nb.variances, Self.variance).allSatisfy { abs(Double($0) - $1) / $1 < 1e-5 })
        let third = Float(1.0 / 3.0)
        #expect(nb.priors == [third, third, third])
        let predicted = try nb.predictProbabilities(batch: BaselineDataset.queries)
        #expect(BaselineDataset.maxDifference(predicted, Self.probabilities) < 1e-5)
        // The smallest probabilities agree in relative terms too.
        #expect(abs(predicted[3][1] / Self.probabilities[3][1] - 1) < 1e-3)
        #expect(try nb.rankedClasses(BaselineDataset.queries[3], count: 2).map(\.classIndex) == [2, 0])
    }

    @Test func varSmoothingAddsAFractionOfTheLargestVariance() throws {
        // Feature 0 = [0, 2, 4, 6]: population variance 5; feature 1 constant. Class 0 = rows 0, 1; class 1 = rows 2, 3.
        var nb = try GaussianNaiveBayes(varSmoothing: 0.1)
        try nb.fit(features: [[0, 1], [2, 1], [4, 1], [6, 1]], labels: [0, 0, 1, 1], classCount: 2)
        // Per-class variance of feature 0 is 1, plus 0.1 × 5; feature 1 is 0 + 0.5.
        #expect(nb.variances == [1.5, 0.5, 1.5, 0.5])
        #expect(nb.means == [1, 1, 5, 1])
    }

    @Test func classWithoutSamplesGetsProbabilityZeroAndParametersRoundTrip() throws {
        var nb = try GaussianNaiveBayes()
        try nb.fit(features: BaselineDataset.features, labels: BaselineDataset.labels, classCount: 4)
        let probabilities = try nb.predictProbabilities(BaselineDataset.queries[0])
        #expect(probabilities[3] == 0)
        let restored = try GaussianNaiveBayes(parameters: nb.parameters())
        for query in BaselineDataset.queries {
            #expect(try restored.predictProbabilities(query) == nb.predictProbabilities(query))
        }
        var broken = nb.parameters()
        broken["naive_bayes.var"] = ([4, 5], [Float](repeating: -1, count: 20))
        #expect(throws: BaselineError.self) { try GaussianNaiveBayes(parameters: broken) }
        broken["naive_bayes.var"] = nil
        #expect(throws: BaselineError(reason: "missing parameter \"naive_bayes.var\"")) { try GaussianNaiveBayes(parameters: broken) }
    }
}

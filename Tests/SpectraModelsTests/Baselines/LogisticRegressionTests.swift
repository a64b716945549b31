import Testing
@testable import SpectraModels

@Suite struct LogisticRegressionTests {
    /// sklearn LogisticRegression(C=1.0, tol=1e-12, max_iter=100000) (lbfgs, multinomial) on BaselineDataset.
    static let coefficients: [Double] = [
        0.7637426626, -0.3814181935, -0.8472477099, 0.182821544, -0.4437126822,
        -0.7941716351, 0.8871783937, -0.052249157, -0.3163250034, -0.3864016035,
        0.0304289725, -0.5057602002, 0.8994968669, 0.1335034594, 0.8301142857,
    ]
    static let intercepts: [Double] = [0.4001421471, 0.1730425109, -0.5731846579]
    static let probabilities: [[Double]] = [
        [0.7427984339, 0.1264349722, 0.130766594], [0.0949655413, 0.785728862, 0.1193055967],
        [0.1433293256, 0.0708495954, 0.7858210789], [0.2331767767, 0.4915277748, 0.2752954485],
    ]
    /// The same with C=0.1 (stronger L2).
    static let strongCoefficients: [Double] = [
        0.1636119788, -0.0871028716, -0.1648439927, 0.0299753125, -0.1063589395,
        -0.1621314014, 0.1778758381, -0.0040848146, -0.0599658484, -0.0559193774,
        -0.0014805774, -0.0907729665, 0.1689288073, 0.0299905359, 0.1622783169,
    ]
    static let strongIntercepts: [Double] = [0.0860564116, 0.0221763558, -0.1082327674]

    @Test func fitMatchesScikitLearn() throws {
        var model = try LogisticRegression(inverseRegularization: 1.0)
        try model.fit(features: BaselineDataset.features, labels: BaselineDataset.labels, classCount: 3)
        #expect(BaselineDataset.maxDifference([model.weights.map(Double.init)], [Self.coefficients]) < 1e-5)
        #expect(BaselineDataset.maxDifference([model.biases.map(Double.init)], [Self.intercepts]) < 1e-5)
        #expect(BaselineDataset.maxDifference(try model.predictProbabilities(batch: BaselineDataset.queries), Self.probabilities) < 1e-5)
        #expect(try model.rankedClasses(BaselineDataset.queries[3], count: 3).map(\.classIndex) == [1, 2, 0])
    }

    @Test func strongerRegularizationMatchesScikitLearn() throws {
        var model = try LogisticRegression(inverseRegularization: 0.1)
        try model.fit(features: BaselineDataset.features, labels: BaselineDataset.labels, classCount: 3)
        #expect(BaselineDataset.maxDifference([model.weights.map(Double.init)], [Self.strongCoefficients]) < 1e-5)
        #expect(BaselineDataset.maxDifference([model.biases.map(Double.init)], [Self.strongIntercepts]) < 1e-5)
    }

    @Test func fitIsDeterministicAndParametersRoundTrip() throws {
        var first = try LogisticRegression()
        var second = try LogisticRegression()
        try first.fit(features: BaselineDataset.features, labels: BaselineDataset.labels, classCount: 3)
        try second.fit(features: BaselineDataset.features, labels: BaselineDataset.labels, classCount: 3)
        #expect(first.weights.map(\.bitPattern) == second.weights.map(\.bitPattern))
        let parameters = first.parameters()
        #expect(parameters["head.weight"]?.shape == [3, 5] && parameters["head.bias"]?.shape == [3])
        let restored = try LogisticRegression(parameters: parameters)
        for query in BaselineDataset.queries {
            #expect(try restored.predictProbabilities(query) == first.predictProbabilities(query))
        }
        #expect(throws: BaselineError.self) { try LogisticRegression(parameters: ["head.weight": ([3, 5], parameters["head.weight"]?.values ?? [])]) }
        #expect(throws: BaselineError.self) { try LogisticRegression(inverseRegularization: 0) }
    }
}

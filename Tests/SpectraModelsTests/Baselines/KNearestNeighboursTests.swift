import Testing
@testable import SpectraModels

@Suite struct KNearestNeighboursTests {
    /// sklearn KNeighborsClassifier(n_neighbors=3, metric=..., algorithm="brute").kneighbors(Q):
    /// indices and 1 − distance (see benchmarks/zoo/baseline_references.py).
    static let cosineIndices = [[0, 3, 6], [1, 7, 10], [5, 8, 2], [10, 7, 8]]
    static let cosineSimilarities: [[Double]] = [
        [0.9649078228, 0.9643738797, 0.7713144559], [0.9681632366, 0.9672074547, 0.8410837908],
        [0.9763588384, 0.9067345826, 0.8489503395], [0.8913840356, 0.8263450477, 0.8040189989],
    ]
    static let pearsonIndices = [[3, 0, 6], [10, 7, 1], [5, 8, 2], [4, 7, 10]]
    static let pearsonSimilarities: [[Double]] = [
        [0.9977050839, 0.9607123069, 0.6767259107], [0.978669798, 0.9629315527, 0.9596912662],
        [0.9624232157, 0.8480773507, 0.6941095737], [0.7214736327, 0.714053083, 0.6946225837],
    ]

    func fitted(_ similarity: KNearestNeighbours.Similarity) throws -> KNearestNeighbours {
        var knn = try KNearestNeighbours(k: 3, similarity: similarity)
        try knn.fit(features: BaselineDataset.features, labels: BaselineDataset.labels, classCount: 3)
        return knn
    }

    @Test(arguments: [KNearestNeighbours.Similarity.cosine, .pearson])
    func neighboursMatchScikitLearn(similarity: KNearestNeighbours.Similarity) throws {
        let knn = try fitted(similarity)
        let indices = similarity == .cosine ? Self.cosineIndices : Self.pearsonIndices
        let similarities = similarity == .cosine ? Self.cosineSimilarities : Self.pearsonSimilarities
        for (q, query) in BaselineDataset.queries.enumerated() {
            let matches = try knn.nearest(query, count: 3)
            #expect(matches.map(\.index) == indices[q])
            #expect(matches.map(\.classIndex) == indices[q].map { BaselineDataset.labels[$0] })
            #expect(BaselineDataset.maxDifference([matches.map(\.similarity)], [similarities[q]]) < 1e-6)
        }
    }

    @Test func voteSharesMatchScikitLearnPredictProba() throws {
        // sklearn predict_proba, cosine: the last query has neighbours of classes 1, 1, 2.
        let cosine = try fitted(.cosine).predictProbabilities(batch: BaselineDataset.queries)
        #expect(BaselineDataset.maxDifference(cosine, [[1, 0, 0], [0, 1, 0], [0, 0, 1], [0, 2.0 / 3, 1.0 / 3]]) < 1e-12)
        let pearson = try fitted(.pearson).predictProbabilities(batch: BaselineDataset.queries)
        #expect(BaselineDataset.maxDifference(pearson, [[1, 0, 0], [0, 1, 0], [0, 0, 1], [0, 1, 0]]) < 1e-12)
    }

    @Test func rankingBreaksVoteTiesByBestSimilarity() throws {
        let knn = try fitted(.cosine)
        // Query 3: votes 2/3 class 1, 1/3 class 2; class 0 has no vote and comes last.
        #expect(try knn.rankedClasses(BaselineDataset.queries[3], count: 3)
                == [RankedClass(classIndex: 1, score: 2.0 / 3), RankedClass(classIndex: 2, score: 1.0 / 3), RankedClass(classIndex: 0, score: 0)])
        // With k = 1 every class but the winner has 0 votes; the rest are ordered by their best similarity:
        // query 0's best class-1 match (row 10, cos 0.38623 by numpy) beats its best class-2 match (row 11, cos 0.38554).
        var one = try KNearestNeighbours(k: 1, similarity: .cosine)
        try one.fit(features: BaselineDataset.features, labels: BaselineDataset.labels, classCount: 3)
        #expect(try one.rankedClasses(BaselineDataset.queries[0], count: 3).map(\.classIndex) == [0, 1, 2])
    }

    @Test func rankingScoresRankEveryClassLikeALibrarySearch() throws {
        var one = try KNearestNeighbours(k: 1, similarity: .cosine)
        try one.fit(features: BaselineDataset.features, labels: BaselineDataset.labels, classCount: 3)
        // Query 0: one vote for class 0; classes 1 and 2 are scored by their best cosine (numpy: 0.38623, 0.38554).
        let scores = try one.rankingScores(BaselineDataset.queries[0])
        #expect(scores[0] > 1)
        #expect(abs(scores[1] - (0.38623 + 1) / 4) < 1e-5)
        #expect(abs(scores[2] - (0.38554 + 1) / 4) < 1e-5)
        for query in BaselineDataset.queries {
            let byScore = try one.rankingScores(query).enumerated().sorted { $0.element > $1.element }.map(\.offset)
            #expect(byScore == (try one.rankedClasses(query, count: 3).map(\.classIndex)))
        }
    }

    @Test func parametersRoundTripToIdenticalPredictions() throws {
        let knn = try fitted(.pearson)
        let restored = try KNearestNeighbours(parameters: knn.parameters())
        #expect(restored.k == 3 && restored.similarity == .pearson && restored.classCount == 3)
        for query in BaselineDataset.queries {
            #expect(try restored.nearest(query, count: 12) == knn.nearest(query, count: 12))
        }
        var broken = knn.parameters()
        broken["knn.labels"] = ([11], [Float](repeating: 0, count: 11))
        #expect(throws: BaselineError.self) { try KNearestNeighbours(parameters: broken) }
        broken = knn.parameters()
        broken["knn.similarity"] = ([1], [7])
        #expect(throws: BaselineError.self) { try KNearestNeighbours(parameters: broken) }
    }

    @Test func zeroAndConstantVectorsHaveZeroSimilarity() throws {
        var cosine = try KNearestNeighbours(k: 1, similarity: .cosine)
        try cosine.fit(features: [[0, 0], [1, 0]], labels: [0, 1], classCount: 2)
        #expect(try cosine.nearest([0, 0], count: 2).map(\.similarity) == [0, 0])
        var pearson = try KNearestNeighbours(k: 1, similarity: .pearson)
        try pearson.fit(features: [[2, 2, 2], [1, 2, 3]], labels: [0, 1], classCount: 2)
        // [1,2,3] vs [3,2,1]: centred [-1,0,1]·[1,0,-1] / 2 = -1; constant row: 0.
        let similarities = try pearson.nearest([3, 2, 1], count: 2).map(\.similarity)
        #expect(similarities[0] == 0 && abs(similarities[1] + 1) < 1e-6)
    }

    @Test func refusesBadInput() throws {
        #expect(throws: BaselineError.self) { try KNearestNeighbours(k: 0) }
        var knn = try KNearestNeighbours(k: 1)
        #expect(throws: BaselineError(reason: "the classifier has not been fitted")) { try knn.predictProbabilities([1, 2]) }
        #expect(throws: BaselineError(reason: "training row 1 has 1 features, row 0 has 2")) {
            try knn.fit(features: [[1, 2], [3]], labels: [0, 1], classCount: 2)
        }
        #expect(throws: BaselineError(reason: "label 2 of row 1 is outside 0..<2")) {
            try knn.fit(features: [[1, 2], [3, 4]], labels: [0, 2], classCount: 2)
        }
        #expect(throws: BaselineError(reason: "training row 0 contains NaN or infinity")) {
            try knn.fit(features: [[.nan, 2]], labels: [0], classCount: 1)
        }
        #expect(throws: BaselineError(reason: "2 feature rows but 1 labels")) {
            try knn.fit(features: [[1, 2], [3, 4]], labels: [0], classCount: 2)
        }
        try knn.fit(features: [[1, 2], [3, 4]], labels: [0, 1], classCount: 2)
        #expect(throws: BaselineError(reason: "feature vector has 3 values, the classifier expects 2")) { try knn.predictProbabilities([1, 2, 3]) }
    }
}

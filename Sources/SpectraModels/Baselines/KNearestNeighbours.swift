import Foundation

/// k-nearest-neighbour classification by spectral similarity, the standard library-search method:
/// compare the query with every reference spectrum by cosine similarity or Pearson correlation, take the
/// `k` most similar, and score each class by its share of those `k` votes (scikit-learn's
/// `KNeighborsClassifier(weights="uniform")` with `metric="cosine"` or `"correlation"`).
///
/// A zero vector (cosine) or a constant vector (Pearson) has similarity 0 to everything.
public struct KNearestNeighbours: BaselineClassifier {
    /// How two spectra are compared.
    public enum Similarity: Int, Sendable, CaseIterable {
        /// a·b / (|a| |b|).
        case cosine = 0
        /// Cosine similarity of the mean-centred vectors.
        case pearson = 1
    }

    /// One reference spectrum close to a query.
    public struct Match: Sendable, Equatable {
        /// Row of the reference in the training set.
        public var index: Int
        /// Its class.
        public var classIndex: Int
        /// Similarity to the query, in -1…1.
        public var similarity: Double
    }

    public static let architecture = "knn"

    /// Neighbours that vote.
    public private(set) var k: Int
    /// The similarity measure.
    public private(set) var similarity: Similarity
    public private(set) var classCount: Int = 0
    public private(set) var featureCount: Int = 0
    /// Training rows as given (row-major, count × featureCount).
    private var references: [Float] = []
    /// Training rows centred (Pearson) and scaled to unit length, so similarity is one dot product.
    private var unitReferences: [Float] = []
    private var referenceLabels: [Int] = []

    /// A classifier voting with the `k` most similar references.
    public init(k: Int = 1, similarity: Similarity = .cosine) throws {
        guard k >= 1 else { throw BaselineError(reason: "k must be at least 1, got \(k)") }
        self.k = k
        self.similarity = similarity
    }

    public mutating func fit(features: [[Float]], labels: [Int], classCount: Int) throws {
        let count = try BaselineInput.validateTrainingSet(features: features, labels: labels, classCount: classCount)
        self.classCount = classCount
        featureCount = count
        references = features.flatMap { $0 }
        referenceLabels = labels
        unitReferences = features.flatMap { unit($0) }
    }

    /// The `count` references most similar to `query`, most similar first (ties: lower row first).
    public func nearest(_ query: [Float], count: Int) throws -> [Match] {
        try BaselineInput.validateQuery(query, featureCount: featureCount)
        let q = unit(query)
        var matches: [Match] = []
        matches.reserveCapacity(referenceLabels.count)
        unitReferences.withUnsafeBufferPointer { rows in
            for row in 0..<referenceLabels.count {
                var dot = 0.0
                let base = row * featureCount
                for j in 0..<featureCount { dot += Double(rows[base + j]) * Double(q[j]) }
                matches.append(Match(index: row, classIndex: referenceLabels[row], similarity: dot))
            }
        }
        matches.sort { $0.similarity != $1.similarity ? $0.similarity > $1.similarity : $0.index < $1.index }
        return Array(matches.prefix(max(0, count)))
    }

    public func predictProbabilities(_ features: [Float]) throws -> [Double] {
        var votes = [Double](repeating: 0, count: classCount)
        let neighbours = try nearest(features, count: k)
        for match in neighbours { votes[match.classIndex] += 1 }
        return votes.map { $0 / Double(neighbours.count) }
    }

    /// Ranks by vote share; ties go to the class with the most similar reference, then the lower index.
    public func rankedClasses(_ features: [Float], count: Int) throws -> [RankedClass] {
        let (votes, best, voters) = try votesAndBestSimilarity(features)
        func isBetter(_ a: Int, _ b: Int) -> Bool {
            if votes[a] != votes[b] { return votes[a] > votes[b] }
            if best[a] != best[b] { return best[a] > best[b] }
            return a < b
        }
        let order: [Int] = (0..<classCount).sorted(by: isBetter)
        return order.prefix(max(0, count)).map { RankedClass(classIndex: $0, score: votes[$0] / voters) }
    }

    /// Scores in the order of `rankedClasses`, so every class is ranked the way a library search ranks it,
    /// not only the `k` voters: (votes + (best similarity + 1) / 4) / k. The similarity term lies in
    /// [0, 0.5], less than one vote, so it only breaks vote ties.
    public func rankingScores(_ features: [Float]) throws -> [Double] {
        let (votes, best, voters) = try votesAndBestSimilarity(features)
        return zip(votes, best).map { vote, similarity in
            (vote + (similarity.isFinite ? (similarity + 1) / 4 : 0)) / voters
        }
    }

    /// Votes of the `k` nearest references per class, each class's best similarity (−∞ without
    /// references), and the number of voters.
    private func votesAndBestSimilarity(_ features: [Float]) throws -> (votes: [Double], best: [Double], voters: Double) {
        let neighbours = try nearest(features, count: referenceLabels.count)
        var votes = [Double](repeating: 0, count: classCount)
        var best = [Double](repeating: -.infinity, count: classCount)
        for (rank, match) in neighbours.enumerated() {
            if rank < k { votes[match.classIndex] += 1 }
            best[match.classIndex] = max(best[match.classIndex], match.similarity)
        }
        return (votes, best, Double(max(1, min(k, neighbours.count))))
    }

    public func parameters() -> [String: (shape: [Int], values: [Float])] {
        [
            "knn.features": ([referenceLabels.count, featureCount], references),
            "knn.labels": ([referenceLabels.count], referenceLabels.map(Float.init)),
            "knn.k": ([1], [Float(k)]),
            "knn.similarity": ([1], [Float(similarity.rawValue)]),
            "knn.class_count": ([1], [Float(classCount)]),
        ]
    }

    public init(parameters: [String: (shape: [Int], values: [Float])]) throws {
        let features = try BaselineInput.tensor("knn.features", in: parameters, rank: 2)
        let labels = try BaselineInput.tensor("knn.labels", in: parameters, rank: 1)
        let k = try BaselineInput.tensor("knn.k", in: parameters, rank: 1)
        let similarity = try BaselineInput.tensor("knn.similarity", in: parameters, rank: 1)
        let classes = try BaselineInput.tensor("knn.class_count", in: parameters, rank: 1)
        guard let kValue = Self.integer(k.values[0]), let measure = Self.integer(similarity.values[0]).flatMap(Similarity.init(rawValue:)),
              let classCount = Self.integer(classes.values[0]) else {
            throw BaselineError(reason: "knn.k, knn.similarity or knn.class_count is not a valid integer")
        }
        guard labels.shape[0] == features.shape[0] else {
            throw BaselineError(reason: "knn.labels has \(labels.shape[0]) entries for \(features.shape[0]) reference rows")
        }
        let rows = features.shape[0], columns = features.shape[1]
        let labelValues = labels.values.map(Self.integer)
        try self.init(k: kValue, similarity: measure)
        try fit(features: (0..<rows).map { Array(features.values[$0 * columns..<($0 + 1) * columns]) },
                labels: labelValues.map { $0 ?? -1 }, classCount: classCount)
    }

    private static func integer(_ value: Float) -> Int? {
        value.isFinite && value.rounded() == value && abs(value) < 1e9 ? Int(value) : nil
    }

    /// `vector` centred (Pearson) and scaled to unit length; zero when its norm is zero.
    private func unit(_ vector: [Float]) -> [Float] {
        var values = vector.map(Double.init)
        if similarity == .pearson {
            let mean = values.reduce(0, +) / Double(values.count)
            values = values.map { $0 - mean }
        }
        let norm = values.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return norm > 0 ? values.map { Float($0 / norm) } : [Float](repeating: 0, count: values.count)
    }
}

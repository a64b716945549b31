import Foundation
import SpectraCore

/// A classical classifier over feature vectors (a preprocessed spectrum's intensities), the baselines
/// the paper compares the ViT with. Plain Swift over `[Float]` rows: no dependency on the NN engine.
///
/// Parameters round-trip through a `name → (shape, values)` dictionary, the same form a neural model
/// exposes, so a fitted baseline is saved as a checkpoint too.
public protocol BaselineClassifier: Sendable {
    /// Architecture name recorded in checkpoints (`knn`, `gaussian_nb`, `logistic_regression`).
    static var architecture: String { get }
    /// Number of classes; class indices are `0..<classCount`.
    var classCount: Int { get }
    /// Length of a feature vector; 0 before `fit`.
    var featureCount: Int { get }
    /// Fits on `features` (one row per sample, equal lengths) with class indices `labels` in `0..<classCount`.
    mutating func fit(features: [[Float]], labels: [Int], classCount: Int) throws
    /// Class probabilities for one feature vector (sums to 1).
    func predictProbabilities(_ features: [Float]) throws -> [Double]
    /// The `count` best classes, best first.
    func rankedClasses(_ features: [Float], count: Int) throws -> [RankedClass]
    /// One non-negative score per class whose order is the order of `rankedClasses` (the probabilities,
    /// unless a classifier ranks by more than its probabilities, as k-NN does).
    func rankingScores(_ features: [Float]) throws -> [Double]
    /// The fitted state as named tensors.
    func parameters() -> [String: (shape: [Int], values: [Float])]
    /// Restores a fitted classifier from `parameters()`.
    init(parameters: [String: (shape: [Int], values: [Float])]) throws
}

/// One class in a ranking with its score (a probability, or a vote fraction for k-NN).
public struct RankedClass: Sendable, Equatable {
    /// Class index.
    public var classIndex: Int
    /// Score, higher is better.
    public var score: Double

    public init(classIndex: Int, score: Double) {
        self.classIndex = classIndex
        self.score = score
    }
}

extension BaselineClassifier {
    /// Ranks classes by probability; ties go to the lower class index so rankings are deterministic.
    public func rankedClasses(_ features: [Float], count: Int) throws -> [RankedClass] {
        let probabilities = try predictProbabilities(features)
        return probabilities.enumerated()
            .sorted { $0.element != $1.element ? $0.element > $1.element : $0.offset < $1.offset }
            .prefix(max(0, count))
            .map { RankedClass(classIndex: $0.offset, score: $0.element) }
    }

    public func rankingScores(_ features: [Float]) throws -> [Double] {
        try predictProbabilities(features)
    }

    /// Probabilities for each row of `features`.
    public func predictProbabilities(batch features: [[Float]]) throws -> [[Double]] {
        try features.map { try predictProbabilities($0) }
    }
}

/// A baseline was given data or parameters it cannot use.
public struct BaselineError: LocatedError, Equatable {
    public var file: String?
    public var line: Int?
    public var reason: String
    public init(file: String? = nil, line: Int? = nil, reason: String) {
        self.file = file
        self.line = line
        self.reason = reason
    }
}

/// Checks shared by every baseline's `fit`, `predict` and parameter restore.
enum BaselineInput {
    /// Validates a training set and returns its feature count.
    static func validateTrainingSet(features: [[Float]], labels: [Int], classCount: Int) throws -> Int {
        guard classCount >= 1 else { throw BaselineError(reason: "class count must be at least 1, got \(classCount)") }
        guard let first = features.first, !first.isEmpty else { throw BaselineError(reason: "no training samples (or empty feature vectors)") }
        guard features.count == labels.count else {
            throw BaselineError(reason: "\(features.count) feature rows but \(labels.count) labels")
        }
        for (row, vector) in features.enumerated() {
            guard vector.count == first.count else {
                throw BaselineError(reason: "training row \(row) has \(vector.count) features, row 0 has \(first.count)")
            }
            guard vector.allSatisfy(\.isFinite) else { throw BaselineError(reason: "training row \(row) contains NaN or infinity") }
        }
        if let bad = labels.firstIndex(where: { $0 < 0 || $0 >= classCount }) {
            throw BaselineError(reason: "label \(labels[bad]) of row \(bad) is outside 0..<\(classCount)")
        }
        return first.count
    }

    /// Validates one query vector against a fitted feature count.
    static func validateQuery(_ features: [Float], featureCount: Int) throws {
        guard featureCount > 0 else { throw BaselineError(reason: "the classifier has not been fitted") }
        guard features.count == featureCount else {
            throw BaselineError(reason: "feature vector has \(features.count) values, the classifier expects \(featureCount)")
        }
        guard features.allSatisfy(\.isFinite) else { throw BaselineError(reason: "feature vector contains NaN or infinity") }
    }

    /// The tensor `name` from a parameter dictionary, checked to have `rank` dimensions and finite values.
    static func tensor(_ name: String, in parameters: [String: (shape: [Int], values: [Float])], rank: Int) throws -> (shape: [Int], values: [Float]) {
        guard let tensor = parameters[name] else { throw BaselineError(reason: "missing parameter \"\(name)\"") }
        guard tensor.shape.count == rank, tensor.shape.allSatisfy({ $0 > 0 }), tensor.shape.reduce(1, *) == tensor.values.count else {
            throw BaselineError(reason: "parameter \"\(name)\" has shape \(tensor.shape) with \(tensor.values.count) values; expected \(rank) positive dimensions")
        }
        guard tensor.values.allSatisfy({ !$0.isNaN }) else { throw BaselineError(reason: "parameter \"\(name)\" contains NaN") }
        return tensor
    }

    /// Numerically stable softmax of log-scores.
    static func softmax(_ logits: [Double]) -> [Double] {
        let peak = logits.max() ?? 0
        guard peak.isFinite else {
            // All classes impossible (or one infinitely likely): fall back to a uniform or one-hot answer.
            let winners = logits.map { $0 == peak ? 1.0 : 0.0 }
            let total = winners.reduce(0, +)
            return winners.map { $0 / total }
        }
        let exponentials = logits.map { Foundation.exp($0 - peak) }
        let total = exponentials.reduce(0, +)
        return exponentials.map { $0 / total }
    }
}

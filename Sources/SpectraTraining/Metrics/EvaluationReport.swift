import Foundation
import SpectraCore

/// What `spectra evaluate` reports (and prints with `--json`): top-k accuracy, per-class accuracy and the
/// most frequent confusions, by class name. Decodable, so other commands can read a saved report
/// (`spectra zoo add --evaluation`).
public struct EvaluationReport: Codable, Sendable, Equatable {
    public struct Confusion: Codable, Sendable, Equatable {
        public var truth: String
        public var predicted: String
        public var count: Int
    }

    public var model: String
    public var samples: Int
    public var top1: Double, top3: Double, top5: Double
    public var perClassAccuracy: [String: Double]
    /// Off-diagonal confusion counts, most frequent first (ties by truth name).
    public var confusions: [Confusion]
    /// The model's labels and every non-zero cell of the confusion matrix (diagonal included), which
    /// `spectra plot --confusion` draws.
    public var labels: [String]
    public var confusionCounts: [Confusion]

    /// The report of `metrics` over classes `labels`, keeping the `confusionLimit` most frequent confusions.
    public init(model: String, metrics: ClassificationMetrics, labels: [String], confusionLimit: Int) {
        var perClass: [String: Double] = [:]
        for (i, accuracy) in metrics.perClassAccuracy.enumerated() { if let accuracy { perClass[labels[i]] = accuracy } }
        var pairs: [Confusion] = [], cells: [Confusion] = []
        for (t, row) in metrics.confusion.enumerated() {
            for (p, n) in row.enumerated() where n > 0 {
                let cell = Confusion(truth: labels[t], predicted: labels[p], count: n)
                cells.append(cell)
                if p != t { pairs.append(cell) }
            }
        }
        pairs.sort { ($0.count, $1.truth) > ($1.count, $0.truth) }
        self.model = model
        samples = metrics.total
        top1 = metrics.top1
        top3 = metrics.top3
        top5 = metrics.top5
        perClassAccuracy = perClass
        confusions = Array(pairs.prefix(max(0, confusionLimit)))
        self.labels = labels
        confusionCounts = cells
    }

    /// `top1`, `top3`, `top5` by name.
    public var topK: [String: Double] { ["top1": top1, "top3": top3, "top5": top5] }

    /// Reads a report written by `spectra evaluate --json`.
    public static func read(fromJSONFile path: String) throws -> EvaluationReport {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DatasetError(file: path, reason: "cannot read the evaluation report")
        }
        do {
            return try JSONDecoder().decode(EvaluationReport.self, from: data)
        } catch {
            throw DatasetError(file: path, reason: "not a `spectra evaluate --json` report: \(error)")
        }
    }
}

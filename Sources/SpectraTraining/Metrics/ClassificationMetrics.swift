/// Top-k accuracy, per-class accuracy and a confusion matrix, accumulated over batches of logits.
public struct ClassificationMetrics: Sendable, Codable, Equatable {
    /// Number of classes.
    public let classCount: Int
    /// Samples seen.
    public private(set) var total = 0
    /// Samples whose true class ranked first, within the top 3, within the top 5.
    public private(set) var top1Hits = 0, top3Hits = 0, top5Hits = 0
    /// `confusion[truth][predicted]` counts (top-1 predictions).
    public private(set) var confusion: [[Int]]

    public init(classCount: Int) {
        self.classCount = classCount
        self.confusion = [[Int]](repeating: [Int](repeating: 0, count: classCount), count: classCount)
    }

    /// Rank of the true class among scores (0 = highest). Ties count against the truth, so a
    /// constant output never scores.
    public static func rank(of truth: Int, in scores: ArraySlice<Float>) -> Int {
        let s = scores[scores.startIndex + truth]
        var rank = 0
        for (j, v) in scores.enumerated() where j != truth && v >= s { rank += 1 }
        return rank
    }

    /// Adds a batch of scores (`labels.count × classCount`, row-major).
    public mutating func add(scores: [Float], labels: [Int]) {
        for (i, truth) in labels.enumerated() {
            let row = scores[(i * classCount)..<((i + 1) * classCount)]
            let r = Self.rank(of: truth, in: row)
            total += 1
            if r < 1 { top1Hits += 1 }
            if r < 3 { top3Hits += 1 }
            if r < 5 { top5Hits += 1 }
            var best = row.startIndex
            for j in row.indices where row[j] > row[best] { best = j }
            confusion[truth][best - row.startIndex] += 1
        }
    }

    public var top1: Double { total == 0 ? 0 : Double(top1Hits) / Double(total) }
    public var top3: Double { total == 0 ? 0 : Double(top3Hits) / Double(total) }
    public var top5: Double { total == 0 ? 0 : Double(top5Hits) / Double(total) }

    /// Fraction correct (top-1) per class; nil for classes with no samples.
    public var perClassAccuracy: [Double?] {
        confusion.enumerated().map { c, row in
            let n = row.reduce(0, +)
            return n == 0 ? nil : Double(row[c]) / Double(n)
        }
    }
}

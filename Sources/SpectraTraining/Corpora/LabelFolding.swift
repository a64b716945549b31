/// Class labels as corpora write them, folded so that spellings differing only in case or
/// whitespace (`Polyethylene`, `polyethylene`, `Fe2  O3 `) are one class.
///
/// The key of a label is its words (split on whitespace) joined by one space, lower-cased. A class is
/// named by its most frequent spelling (words joined by one space), ties going to the first in
/// `String` order; the class list is sorted, as `DatasetLoader` sorts folder labels.
public struct LabelFolding: Sendable, Equatable {
    /// Class names, sorted.
    public var labels: [String]
    /// Class index of each input label, in input order.
    public var indices: [Int]

    public init(_ raw: [String]) {
        var spellings: [String: [String: Int]] = [:]
        let keys = raw.map { label -> String in
            let spelling = Self.words(label)
            let key = spelling.lowercased()
            spellings[key, default: [:]][spelling, default: 0] += 1
            return key
        }
        var nameOfKey: [String: String] = [:]
        for (key, counts) in spellings {
            nameOfKey[key] = counts.min { ($1.value, $0.key) < ($0.value, $1.key) }?.key ?? key
        }
        labels = nameOfKey.values.sorted()
        let index = Dictionary(uniqueKeysWithValues: labels.enumerated().map { ($1, $0) })
        indices = keys.map { index[nameOfKey[$0] ?? $0] ?? 0 }
    }

    /// The label's words joined by single spaces.
    static func words(_ label: String) -> String {
        label.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }
}

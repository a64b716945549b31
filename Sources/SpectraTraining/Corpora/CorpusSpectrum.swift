import SpectraCore

/// One spectrum as a corpus table gives it, before preprocessing: raw points in file order, the
/// label as written, and where it came from.
public struct CorpusSpectrum: Sendable, Equatable {
    /// Sample identifier (OpenSpecy's `sample_name`, xpectrass's `sample_id`).
    public var name: String
    /// Class label as written in the table.
    public var label: String
    /// The study or collection the spectrum belongs to, when the table says.
    public var group: String?
    /// Axis values as read (any order; duplicates allowed).
    public var x: [Double]
    /// Intensities, one per `x`.
    public var y: [Double]
    /// The table the spectrum was read from.
    public var file: String
    /// 1-based line of its first row (long tables) or its row (wide tables).
    public var line: Int

    public init(name: String, label: String, group: String? = nil, x: [Double], y: [Double], file: String, line: Int) {
        self.name = name
        self.label = label
        self.group = group
        self.x = x
        self.y = y
        self.file = file
        self.line = line
    }
}

/// The header of a corpus table: finds named columns, case-insensitively.
struct CSVHeader {
    let names: [String]
    let file: String

    init(_ record: CSVRecord) {
        names = (0..<record.count).map { record.string($0) }
        file = record.file
    }

    /// Index of column `name`; a `DatasetError` at line 1 listing the columns if absent.
    func index(of name: String) throws -> Int {
        if let i = names.firstIndex(where: { $0.caseInsensitiveCompare(name) == .orderedSame }) { return i }
        let shown = names.count > 12 ? names.prefix(12).joined(separator: ", ") + ", …" : names.joined(separator: ", ")
        throw DatasetError(file: file, line: 1, reason: "no column '\(name)' (the columns are: \(shown))")
    }
}

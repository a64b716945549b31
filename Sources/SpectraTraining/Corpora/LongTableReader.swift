import Foundation
import SpectraCore

/// Reads a long-format spectrum library — one row per point, `x,y,id[,...]`, rows of different
/// spectra in any order (OpenSpecy's `ftir_library.csv` interleaves them) — and, optionally, a
/// metadata table with one row per spectrum id that gives its label and group.
///
/// ```
/// wavenumber,intensity,sample_name,group          spectrum_identity,...,sample_name,...
/// 667.3,0,1,1                                      HDPE,...,1,...
/// ```
/// Empty, `NA` or `NaN` values drop that point; any other non-number is an error naming its line.
/// Every library id needs a metadata row; metadata rows without points are counted, not an error.
public struct LongTableReader: Sendable {
    /// Axis column of the library (`wavenumber`).
    public var xColumn = "wavenumber"
    /// Intensity column of the library.
    public var yColumn = "intensity"
    /// Spectrum id column, in the library and in the metadata.
    public var idColumn = "sample_name"
    /// Label column: in the metadata when there is one, else in the library.
    public var labelColumn = "spectrum_identity"
    /// Group column (same table as the label), or nil.
    public var groupColumn: String?

    public init() {}

    /// What was read.
    public struct Result: Sendable {
        /// Spectra in order of first appearance in the library.
        public var spectra: [CorpusSpectrum]
        /// Metadata rows whose id has no points in the library.
        public var metadataWithoutSpectra: Int
    }

    public func read(library: String, metadata: String?) throws -> Result {
        var ids: [String: Int] = [:]
        var spectra: [CorpusSpectrum] = []
        var header: CSVHeader?
        var columns = (x: 0, y: 0, id: 0, label: -1, group: -1)
        try CSVScanner(bytes: try CorpusFile.read(library), file: library).forEachRecord { record in
            guard let header else {
                let h = CSVHeader(record)
                columns = (try h.index(of: xColumn), try h.index(of: yColumn), try h.index(of: idColumn), -1, -1)
                if metadata == nil {
                    columns.label = try h.index(of: labelColumn)
                    columns.group = try groupColumn.map { try h.index(of: $0) } ?? -1
                }
                header = h
                return
            }
            guard record.count == header.names.count else {
                throw record.error("expected \(header.names.count) fields, found \(record.count)")
            }
            let id = record.string(columns.id)
            guard !id.isEmpty else { throw record.error("the \(idColumn) field is empty") }
            let x = try Self.value(record, columns.x, header), y = try Self.value(record, columns.y, header)
            let s: Int
            if let known = ids[id] {
                s = known
            } else {
                s = spectra.count
                ids[id] = s
                let label = columns.label >= 0 ? record.string(columns.label) : ""
                if columns.label >= 0, label.isEmpty { throw record.error("the \(labelColumn) field is empty") }
                spectra.append(CorpusSpectrum(name: id, label: label, group: columns.group >= 0 ? record.string(columns.group) : nil,
                                              x: [], y: [], file: library, line: record.line))
            }
            if columns.label >= 0, record.string(columns.label) != spectra[s].label {
                throw record.error("spectrum \(id) is labelled '\(record.string(columns.label))' here but '\(spectra[s].label)' on line \(spectra[s].line)")
            }
            if let x, let y {
                spectra[s].x.append(x)
                spectra[s].y.append(y)
            }
        }
        guard header != nil else { throw DatasetError(file: library, reason: "the file is empty") }
        guard !spectra.isEmpty else { throw DatasetError(file: library, reason: "no spectra: the table has a header only") }
        var unmatched = 0
        if let metadata {
            let table = try readMetadata(metadata)
            for (id, row) in table {
                guard let s = ids[id] else { unmatched += 1; continue }
                spectra[s].label = row.label
                spectra[s].group = row.group
            }
            if let missing = spectra.first(where: { table[$0.name] == nil }) {
                throw DatasetError(file: library, line: missing.line, reason: "spectrum \(missing.name) has no row in \(metadata)")
            }
        }
        return Result(spectra: spectra, metadataWithoutSpectra: unmatched)
    }

    /// id → (label, group) from the metadata table.
    private func readMetadata(_ path: String) throws -> [String: (label: String, group: String?)] {
        var rows: [String: (label: String, group: String?)] = [:]
        var lines: [String: Int] = [:]
        var header: CSVHeader?
        var columns = (id: 0, label: 0, group: -1)
        try CSVScanner(bytes: try CorpusFile.read(path), file: path).forEachRecord { record in
            guard let header else {
                let h = CSVHeader(record)
                columns = (try h.index(of: idColumn), try h.index(of: labelColumn), try groupColumn.map { try h.index(of: $0) } ?? -1)
                header = h
                return
            }
            guard record.count == header.names.count else {
                throw record.error("expected \(header.names.count) fields, found \(record.count)")
            }
            let id = record.string(columns.id)
            guard !id.isEmpty else { throw record.error("the \(idColumn) field is empty") }
            if let first = lines[id] { throw record.error("spectrum \(id) appears again (first on line \(first))") }
            let label = record.string(columns.label)
            guard !label.isEmpty else { throw record.error("the \(labelColumn) field is empty") }
            lines[id] = record.line
            rows[id] = (label, columns.group >= 0 ? record.string(columns.group) : nil)
        }
        guard header != nil else { throw DatasetError(file: path, reason: "the file is empty") }
        return rows
    }

    /// A number, nil for a missing value; a `DatasetError` for anything else.
    static func value(_ record: CSVRecord, _ column: Int, _ header: CSVHeader) throws -> Double? {
        switch record.number(column) {
        case .value(let v): return v
        case .missing: return nil
        case .notANumber: throw record.error("'\(record.string(column))' in column \(header.names[column]) is not a number")
        }
    }
}

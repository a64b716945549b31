import Foundation
import SpectraCore

/// Reads a wide-format spectrum table — one spectrum per row, one column per axis value — as the
/// xpectrass polymer sets have it:
///
/// ```
/// study,sample_id,type,environmental,resolution,4000,3999,...
/// Jung 2018,LL477006_1.16,HDPE,Y,H,99.51,99.51,...
/// ```
/// Columns whose name is a number are the axis (in any order: some files list 1000–4000 and then
/// 400–998); the others are metadata, of which the label, name and group columns are used.
/// Empty, `NA` or `NaN` cells drop that point; any other non-number is an error naming its line.
/// `.xz` files are decompressed on the fly.
public struct WideTableReader: Sendable {
    /// Label column (`type`).
    public var labelColumn = "type"
    /// Sample name column, or nil to name samples by their line.
    public var nameColumn: String? = "sample_id"
    /// Group column (`study`), or nil.
    public var groupColumn: String? = "study"

    public init() {}

    public func read(_ path: String) throws -> [CorpusSpectrum] {
        var spectra: [CorpusSpectrum] = []
        var header: CSVHeader?
        var axis: [(column: Int, x: Double)] = []
        var columns = (label: 0, name: -1, group: -1)
        try CSVScanner(bytes: try CorpusFile.read(path), file: path).forEachRecord { record in
            guard let header else {
                let h = CSVHeader(record)
                for i in 0..<record.count { if case .value(let x) = record.number(i) { axis.append((i, x)) } }
                guard axis.count >= 2 else {
                    throw record.error("found \(axis.count) numeric column names; a wide table has one column per axis value (e.g. 4000,3999,...)")
                }
                columns = (try h.index(of: labelColumn), try nameColumn.map { try h.index(of: $0) } ?? -1,
                           try groupColumn.map { try h.index(of: $0) } ?? -1)
                header = h
                return
            }
            guard record.count == header.names.count else {
                throw record.error("expected \(header.names.count) fields, found \(record.count)")
            }
            let label = record.string(columns.label)
            guard !label.isEmpty else { throw record.error("the \(labelColumn) field is empty") }
            var x: [Double] = [], y: [Double] = []
            x.reserveCapacity(axis.count)
            y.reserveCapacity(axis.count)
            for (column, position) in axis {
                if let v = try LongTableReader.value(record, column, header) {
                    x.append(position)
                    y.append(v)
                }
            }
            let name = columns.name >= 0 ? record.string(columns.name) : "line \(record.line)"
            spectra.append(CorpusSpectrum(name: name, label: label, group: columns.group >= 0 ? record.string(columns.group) : nil,
                                          x: x, y: y, file: path, line: record.line))
        }
        guard header != nil else { throw DatasetError(file: path, reason: "the file is empty") }
        guard !spectra.isEmpty else { throw DatasetError(file: path, reason: "no spectra: the table has a header only") }
        return spectra
    }
}

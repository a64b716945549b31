import Foundation
import SpectraCore
import SpectraTraining

/// The result of one sweep point.
public struct SweepRow: Codable, Sendable, Equatable {
    public var point: SweepPoint
    /// Trainable parameters of the model.
    public var parameters: Int
    /// Epochs trained (early stopping and the time budget may end a point before `--epochs`).
    public var epochs: Int
    /// Top-1/3/5 on the validation part of the training data, at the epoch with the lowest validation loss.
    public var validationTop1: Double, validationTop3: Double, validationTop5: Double
    /// Top-1/3/5 on the test dataset, when the sweep has one.
    public var testTop1: Double?, testTop3: Double?, testTop5: Double?
    /// Wall-clock seconds of training (the sum over epochs).
    public var trainingSeconds: Double

    public init(point: SweepPoint, parameters: Int, epochs: Int, validationTop1: Double, validationTop3: Double,
                validationTop5: Double, testTop1: Double? = nil, testTop3: Double? = nil, testTop5: Double? = nil,
                trainingSeconds: Double) {
        self.point = point
        self.parameters = parameters
        self.epochs = epochs
        self.validationTop1 = validationTop1
        self.validationTop3 = validationTop3
        self.validationTop5 = validationTop5
        self.testTop1 = testTop1
        self.testTop3 = testTop3
        self.testTop5 = testTop5
        self.trainingSeconds = trainingSeconds
    }
}

/// A sweep's results as a table: CSV (the resumable record), markdown (for docs) and plot series.
public struct SweepTable: Sendable, Equatable {
    public var rows: [SweepRow]

    public init(rows: [SweepRow] = []) { self.rows = rows }

    /// CSV columns, in order.
    public static let columns = ["segment_length", "embed_dim", "depth", "heads", "parameters", "epochs",
                                 "val_top1", "val_top3", "val_top5", "test_top1", "test_top3", "test_top5",
                                 "training_seconds"]

    /// The row of `point`, if done.
    public func row(for point: SweepPoint) -> SweepRow? { rows.first { $0.point == point } }

    /// CSV text: a header, then one line per row; accuracies as fractions, test columns empty without a test set.
    public func csv() -> String {
        var text = Self.columns.joined(separator: ",") + "\n"
        func f(_ v: Double?) -> String { v.map { String(format: "%.4f", $0) } ?? "" }
        for r in rows {
            let p = r.point
            text += ["\(p.segmentLength)", "\(p.embedDim)", "\(p.depth)", "\(p.heads)", "\(r.parameters)", "\(r.epochs)",
                     f(r.validationTop1), f(r.validationTop3), f(r.validationTop5), f(r.testTop1), f(r.testTop3), f(r.testTop5),
                     String(format: "%.1f", r.trainingSeconds)].joined(separator: ",") + "\n"
        }
        return text
    }

    /// Parses `csv()` output; `file` names the source in errors.
    public static func parse(_ bytes: [UInt8], file: String) throws -> SweepTable {
        var rows: [SweepRow] = []
        var sawHeader = false
        try CSVScanner(bytes: bytes, file: file).forEachRecord { record in
            guard sawHeader else {
                let names = (0..<record.count).map { record.string($0) }
                guard names == columns else { throw record.error("not a sweep table: the header is not \(columns.joined(separator: ","))") }
                sawHeader = true
                return
            }
            guard record.count == columns.count else { throw record.error("expected \(columns.count) fields, found \(record.count)") }
            func number(_ i: Int) throws -> Double? {
                switch record.number(i) {
                case .value(let v): return v
                case .missing: return nil
                case .notANumber: throw record.error("'\(record.string(i))' in column \(columns[i]) is not a number")
                }
            }
            func required(_ i: Int) throws -> Double {
                guard let v = try number(i) else { throw record.error("column \(columns[i]) is empty") }
                return v
            }
            func integer(_ i: Int) throws -> Int {
                let v = try required(i)
                guard v == v.rounded(), abs(v) < 1e15 else { throw record.error("column \(columns[i]) must be a whole number") }
                return Int(v)
            }
            rows.append(SweepRow(point: SweepPoint(segmentLength: try integer(0), embedDim: try integer(1), depth: try integer(2),
                                                   heads: try integer(3)),
                                 parameters: try integer(4), epochs: try integer(5),
                                 validationTop1: try required(6), validationTop3: try required(7), validationTop5: try required(8),
                                 testTop1: try number(9), testTop3: try number(10), testTop5: try number(11),
                                 trainingSeconds: try required(12)))
        }
        guard sawHeader else { throw DatasetError(file: file, reason: "the sweep table is empty") }
        return SweepTable(rows: rows)
    }

    /// A markdown table, accuracies in percent.
    public func markdown() -> String {
        let hasTest = rows.contains { $0.testTop1 != nil }
        var header = ["segment length", "embed dim", "depth", "heads", "parameters", "epochs",
                      "val top-1 %", "val top-3 %", "val top-5 %"]
        if hasTest { header += ["test top-1 %", "test top-3 %", "test top-5 %"] }
        header.append("training s")
        var text = "| " + header.joined(separator: " | ") + " |\n|" + String(repeating: "---:|", count: header.count) + "\n"
        func pct(_ v: Double?) -> String { v.map { String(format: "%.1f", 100 * $0) } ?? "" }
        for r in rows {
            var cells = ["\(r.point.segmentLength)", "\(r.point.embedDim)", "\(r.point.depth)", "\(r.point.heads)",
                         "\(r.parameters)", "\(r.epochs)", pct(r.validationTop1), pct(r.validationTop3), pct(r.validationTop5)]
            if hasTest { cells += [pct(r.testTop1), pct(r.testTop3), pct(r.testTop5)] }
            cells.append(String(format: "%.0f", r.trainingSeconds))
            text += "| " + cells.joined(separator: " | ") + " |\n"
        }
        return text
    }

    /// A hyper-parameter of the grid, as a plot axis.
    public enum Axis: String, CaseIterable, Sendable {
        case segmentLength = "segment length", embedDim = "embed dim", depth, heads

        func value(_ p: SweepPoint) -> Int {
            switch self {
            case .segmentLength: return p.segmentLength
            case .embedDim: return p.embedDim
            case .depth: return p.depth
            case .heads: return p.heads
            }
        }
    }

    /// Curves for a plot: top-1 (test when every row has it, else validation, in percent) against the first
    /// hyper-parameter that takes more than one value (segment length when several), one curve per
    /// combination of the others. Returns the x axis, whether y is test accuracy, and the curves.
    public func top1Series() -> (x: Axis, isTest: Bool, series: [(name: String, x: [Double], y: [Double])]) {
        let x = Axis.allCases.first { a in Set(rows.map { a.value($0.point) }).count > 1 } ?? .segmentLength
        let others = Axis.allCases.filter { $0 != x }
        let isTest = !rows.isEmpty && rows.allSatisfy { $0.testTop1 != nil }
        var names: [String] = []
        var curves: [String: [(Double, Double)]] = [:]
        for r in rows {
            let name = others.map { "\($0.rawValue) \($0.value(r.point))" }.joined(separator: ", ")
            if curves[name] == nil { names.append(name) }
            curves[name, default: []].append((Double(x.value(r.point)), 100 * (isTest ? r.testTop1 ?? 0 : r.validationTop1)))
        }
        return (x, isTest, names.map { name in
            let points = (curves[name] ?? []).sorted { $0.0 < $1.0 }
            return (name, points.map(\.0), points.map(\.1))
        })
    }
}

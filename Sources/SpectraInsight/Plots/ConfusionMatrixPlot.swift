import Foundation

/// A confusion matrix: true class down, predicted class across, each cell coloured by the fraction
/// of its row (the class's recall on the diagonal) in a single-hue map and, up to
/// `maximumAnnotatedClasses` classes, labelled with its count. Only classes that occur as truth or
/// prediction are drawn, so a 2000-class model evaluated on ten phases gives a 10 × 10 matrix.
public struct ConfusionMatrixPlot: Sendable {
    /// One non-zero cell.
    public struct Cell: Codable, Sendable, Equatable {
        public var truth: String
        public var predicted: String
        public var count: Int
        public init(truth: String, predicted: String, count: Int) {
            self.truth = truth
            self.predicted = predicted
            self.count = count
        }
    }

    /// Classes in drawing order.
    public let classNames: [String]
    /// counts[truth][predicted].
    public let counts: [[Int]]
    public var title: String?

    /// Cells are annotated with counts up to this many classes.
    public static let maximumAnnotatedClasses = 30
    /// More classes than this are refused: the labels could not be read.
    public static let maximumClasses = 100

    /// A matrix from its non-zero cells; classes are ordered as in `order` (e.g. the model's labels),
    /// then by name.
    public init(cells: [Cell], order: [String] = [], title: String? = nil) throws {
        var present = Set<String>()
        for c in cells where c.count > 0 { present.insert(c.truth); present.insert(c.predicted) }
        guard !present.isEmpty else { throw InsightError(reason: "the confusion matrix is empty") }
        guard present.count <= Self.maximumClasses else {
            throw InsightError(reason: "\(present.count) classes are too many to draw legibly (at most \(Self.maximumClasses))")
        }
        let ordered = order.filter { present.contains($0) }
        let names = ordered + present.subtracting(ordered).sorted()
        let index = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
        var counts = [[Int]](repeating: [Int](repeating: 0, count: names.count), count: names.count)
        for c in cells where c.count > 0 {
            guard let t = index[c.truth], let p = index[c.predicted] else { continue }
            counts[t][p] += c.count
        }
        classNames = names
        self.counts = counts
        self.title = title
    }

    /// The matrix of `spectra evaluate --json` output (`labels` and `confusionCounts`); `file` names
    /// it in errors.
    public init(evaluationJSON data: Data, file: String?) throws {
        struct Report: Decodable { var labels: [String]?; var confusionCounts: [Cell]?; var top1: Double? }
        let report: Report
        do { report = try JSONDecoder().decode(Report.self, from: data) } catch {
            throw InsightError(file: file, reason: "not JSON from `spectra evaluate --json` (\(error.localizedDescription))")
        }
        guard let cells = report.confusionCounts else {
            throw InsightError(file: file, reason: "no confusionCounts: write it with `spectra evaluate --json`")
        }
        do {
            try self.init(cells: cells, order: report.labels ?? [],
                          title: report.top1.map { String(format: "Confusion matrix (top-1 %.1f %%)", 100 * $0) })
        } catch let error as InsightError {
            throw InsightError(file: file, reason: error.reason)
        }
    }

    /// The figure as an SVG document.
    public func document() -> SVGDocument {
        let n = classNames.count
        let cell = max(10, min(60, 640 / Double(n)))
        let longest = Double(min(28, classNames.map(\.count).max() ?? 0))
        let labelRoom = longest * PlotFrame.tickFontSize * 0.6 + 16
        let left = 40 + labelRoom, top = (title?.isEmpty ?? true) ? 24.0 : 54.0
        let side = cell * Double(n)
        let barHeight = max(200, min(side, 300))
        let width = max(left + side + 120, 440), height = top + max(side + labelRoom + 44, barHeight + 10)
        var doc = SVGDocument(width: width, height: height)
        if let title, !title.isEmpty {
            doc.text(title, x: width / 2, y: 30, size: PlotFrame.titleFontSize, anchor: .middle, color: Palette.text, bold: true)
        }
        let map = ColorMap.blues
        let fontSize = min(PlotFrame.tickFontSize, cell * 0.42)
        func shortened(_ s: String) -> String { s.count > 28 ? String(s.prefix(27)) + "…" : s }
        for t in 0..<n {
            let total = counts[t].reduce(0, +)
            for p in 0..<n {
                let fraction = total > 0 ? Double(counts[t][p]) / Double(total) : 0
                let x = left + Double(p) * cell, y = top + Double(t) * cell
                doc.rect(x: x, y: y, width: cell, height: cell, fill: map.color(fraction), stroke: "#ffffff", strokeWidth: 0.5)
                if n <= Self.maximumAnnotatedClasses, counts[t][p] > 0 {
                    doc.text("\(counts[t][p])", x: x + cell / 2, y: y + cell / 2, size: fontSize, anchor: .middle,
                             color: fraction > 0.5 ? "#ffffff" : Palette.text, centredVertically: true)
                }
            }
            doc.text(shortened(classNames[t]), x: left - 6, y: top + (Double(t) + 0.5) * cell, size: fontSize, anchor: .end,
                     color: Palette.text, centredVertically: true)
        }
        for p in 0..<n {
            let x = left + (Double(p) + 0.5) * cell, y = top + side + 8
            doc.text(shortened(classNames[p]), x: x, y: y, size: fontSize, anchor: .end, color: Palette.text, rotation: -60)
        }
        doc.rect(x: left, y: top, width: side, height: side, fill: "none", stroke: Palette.axis)
        doc.text("Predicted class", x: left + side / 2, y: height - 12, size: PlotFrame.labelFontSize, anchor: .middle, color: Palette.text)
        doc.text("True class", x: 18, y: top + side / 2, size: PlotFrame.labelFontSize, anchor: .middle, color: Palette.text, rotation: -90)
        ColorBar(colorMap: map, caption: "fraction of the true class")
            .draw(in: &doc, left: left + side + 16, top: top, height: barHeight)
        return doc
    }

    /// The SVG text.
    public func svg() -> String { document().rendered() }
}

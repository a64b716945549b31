import Foundation

/// Training curves from the per-epoch JSON-lines log `spectra train --log` writes: training and
/// validation loss on the left, validation top-1/3/5 accuracy (%) on the right.
public struct TrainingCurvesPlot: Sendable {
    /// The fields of one log line this plot reads (the log's `EpochRecord` has more).
    public struct Epoch: Codable, Sendable, Equatable {
        public var epoch: Int
        public var trainLoss: Double
        public var validationLoss: Double
        public var validationTop1: Double
        public var validationTop3: Double
        public var validationTop5: Double
    }

    /// Epochs in order; a resumed run's repeated epochs keep their last record.
    public let epochs: [Epoch]
    public var title: String?

    /// Parses the log text; `file` names it in errors, which give the line of a malformed record.
    public init(log text: String, file: String?, title: String? = nil) throws {
        var byEpoch: [Int: Epoch] = [:]
        let decoder = JSONDecoder()
        for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            do {
                let record = try decoder.decode(Epoch.self, from: Data(trimmed.utf8))
                byEpoch[record.epoch] = record
            } catch {
                throw InsightError(file: file, line: n + 1, reason: "not a training-log record (a JSON object with epoch, trainLoss, validationLoss, validationTop1/3/5)")
            }
        }
        guard !byEpoch.isEmpty else { throw InsightError(file: file, reason: "the training log has no epochs") }
        epochs = byEpoch.values.sorted { $0.epoch < $1.epoch }
        self.title = title
    }

    /// The figure as an SVG document (two panels side by side).
    public func document() -> SVGDocument {
        let panelWidth = 560.0, height = 420.0
        let titleHeight = (title?.isEmpty ?? true) ? 0.0 : 30.0
        var doc = SVGDocument(width: 2 * panelWidth, height: height + titleHeight)
        if let title, !title.isEmpty {
            doc.text(title, x: panelWidth, y: 26, size: PlotFrame.titleFontSize, anchor: .middle, color: Palette.text, bold: true)
        }
        let x = epochs.map { Double($0.epoch) }
        var loss = LinePlot(xLabel: "Epoch", yLabel: "Cross-entropy loss", title: "Loss")
        loss.add(name: "training", x: x, y: epochs.map(\.trainLoss))
        loss.add(name: "validation", x: x, y: epochs.map(\.validationLoss))
        var accuracy = LinePlot(xLabel: "Epoch", yLabel: "Validation accuracy (%)", title: "Accuracy")
        accuracy.add(name: "top-1", x: x, y: epochs.map { 100 * $0.validationTop1 })
        accuracy.add(name: "top-3", x: x, y: epochs.map { 100 * $0.validationTop3 })
        accuracy.add(name: "top-5", x: x, y: epochs.map { 100 * $0.validationTop5 })
        accuracy.yDomain = (0, 104)
        accuracy.legendAtBottom = true
        var plots = [loss, accuracy]
        for i in plots.indices { plots[i].showsMarkers = epochs.count <= 60 }
        plots[0].draw(in: &doc, x: 0, y: titleHeight, width: panelWidth, height: height)
        plots[1].draw(in: &doc, x: panelWidth, y: titleHeight, width: panelWidth, height: height)
        return doc
    }

    /// The SVG text.
    public func svg() -> String { document().rendered() }
}

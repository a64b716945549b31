/// A boxed legend of coloured swatches and names, placed inside a panel's top-right corner.
public struct Legend: Sendable {
    /// One legend row.
    public struct Entry: Sendable {
        public var name: String
        public var color: String
        public init(name: String, color: String) {
            self.name = name
            self.color = color
        }
    }

    /// Rows in drawing order.
    public var entries: [Entry]
    /// Longest name shown before it is shortened with "…" (characters).
    public var maximumNameLength = 40

    public init(entries: [Entry]) { self.entries = entries }

    /// Width and height of the box (px).
    public var size: (width: Double, height: Double) {
        // Average glyph width ≈ 0.6 em for the sans-serif fonts in use.
        let textWidth = Double(names.map(\.count).max() ?? 0) * PlotFrame.tickFontSize * 0.6
        return (10 + 22 + 6 + textWidth + 10, Double(entries.count) * (PlotFrame.tickFontSize + 6) + 10)
    }

    /// Names as shown, shortened to `maximumNameLength`.
    private var names: [String] {
        entries.map { $0.name.count > maximumNameLength ? String($0.name.prefix(maximumNameLength - 1)) + "…" : $0.name }
    }

    /// Draws the legend with its top-right corner at (right, top) px.
    public func draw(in document: inout SVGDocument, right: Double, top: Double) {
        guard !entries.isEmpty else { return }
        let size = PlotFrame.tickFontSize
        let rowHeight = size + 6
        let names = self.names
        let (boxWidth, boxHeight) = self.size
        let x0 = right - boxWidth
        document.rect(x: x0, y: top, width: boxWidth, height: boxHeight, fill: "#ffffff", stroke: "#bbbbbb",
                      strokeWidth: 1, opacity: 0.9)
        for (i, entry) in entries.enumerated() {
            let cy = top + 5 + rowHeight * (Double(i) + 0.5)
            document.line(x1: x0 + 10, y1: cy, x2: x0 + 32, y2: cy, stroke: entry.color, width: 2.5)
            document.text(names[i], x: x0 + 38, y: cy, size: size, color: Palette.text, centredVertically: true)
        }
    }
}

/// A boxed legend of coloured swatches and names, placed inside a panel's top-right corner.
public struct Legend: Sendable {
    /// One legend row.
    public struct Entry: Sendable {
        public var name: String
        public var color: String
        /// A scatter marker instead of a line swatch.
        public var marker: MarkerShape?
        public init(name: String, color: String, marker: MarkerShape? = nil) {
            self.name = name
            self.color = color
            self.marker = marker
        }
    }

    /// Rows in drawing order.
    public var entries: [Entry]
    /// Longest name shown before it is shortened with "…" (characters).
    public var maximumNameLength = 40

    public init(entries: [Entry]) { self.entries = entries }

    private var names: [String] {
        entries.map { $0.name.count > maximumNameLength ? String($0.name.prefix(maximumNameLength - 1)) + "…" : $0.name }
    }
    private static let rowHeight = PlotFrame.tickFontSize + 6

    /// Width of the box (px); glyphs average ≈ 0.6 em in the sans-serif fonts in use.
    public var width: Double { 10 + 22 + 6 + Double(names.map(\.count).max() ?? 0) * PlotFrame.tickFontSize * 0.6 + 10 }
    /// Height of the box (px).
    public var height: Double { Double(entries.count) * Self.rowHeight + 10 }
    /// Width and height of the box (px).
    public var size: (width: Double, height: Double) { (width, height) }

    /// Draws the legend with its top-right corner at (right, top) px.
    public func draw(in document: inout SVGDocument, right: Double, top: Double) {
        guard !entries.isEmpty else { return }
        let names = self.names
        let x0 = right - width
        document.rect(x: x0, y: top, width: width, height: height, fill: "#ffffff", stroke: "#bbbbbb",
                      strokeWidth: 1, opacity: 0.9)
        for (i, entry) in entries.enumerated() {
            let cy = top + 5 + Self.rowHeight * (Double(i) + 0.5)
            if let marker = entry.marker {
                marker.draw(in: &document, x: x0 + 21, y: cy, radius: 5, fill: entry.color, stroke: "#ffffff")
            } else {
                document.line(x1: x0 + 10, y1: cy, x2: x0 + 32, y2: cy, stroke: entry.color, width: 2.5)
            }
            document.text(names[i], x: x0 + 38, y: cy, size: PlotFrame.tickFontSize, color: Palette.text, centredVertically: true)
        }
    }
}

/// A vertical colour bar: the colour map from 0 (bottom) to 1 (top) with labelled ticks and a caption.
public struct ColorBar: Sendable {
    public var colorMap: ColorMap
    /// Caption written vertically beside the bar (what the colours mean, with its scale).
    public var caption: String
    /// Tick values in 0…1 with their labels.
    public var ticks: [(value: Double, label: String)] = [(0, "0"), (0.5, "0.5"), (1, "1")]

    public init(colorMap: ColorMap, caption: String) {
        self.colorMap = colorMap
        self.caption = caption
    }

    /// Draws the bar (14 px wide) in the rectangle starting at (left, top) of height `height` px;
    /// labels and caption take about 60 px to its right.
    public func draw(in document: inout SVGDocument, left: Double, top: Double, height: Double) {
        let steps = 64, width = 14.0
        for k in 0..<steps {
            let v0 = Double(k) / Double(steps)
            let y = top + height * (1 - Double(k + 1) / Double(steps))
            // Slight overlap hides hairline seams between the strips in some renderers.
            document.rect(x: left, y: y, width: width, height: height / Double(steps) + 0.5,
                          fill: colorMap.color(v0 + 0.5 / Double(steps)))
        }
        document.rect(x: left, y: top, width: width, height: height, fill: "none", stroke: Palette.axis, strokeWidth: 1)
        for tick in ticks {
            let y = top + height * (1 - tick.value)
            document.line(x1: left + width, y1: y, x2: left + width + 4, y2: y, stroke: Palette.axis)
            document.text(tick.label, x: left + width + 7, y: y, size: PlotFrame.tickFontSize, color: Palette.text,
                          centredVertically: true)
        }
        document.text(caption, x: left + width + 46, y: top + height / 2, size: PlotFrame.tickFontSize, anchor: .middle,
                      color: Palette.text, rotation: 90)
    }
}

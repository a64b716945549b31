/// A rectangular plotting panel in an `SVGDocument`: the data area, its two scales, and the
/// drawing of frame, grid, ticks, tick labels, axis labels and title around it.
///
/// Every chart (line plots now; heat bands, heatmaps, scatter plots, confusion matrices later) makes
/// a frame, draws its marks with `x(_:)`/`y(_:)` inside `beginClip`/`endGroup`, then calls
/// `drawAxes`. Sizes are px; fonts are sized for a 800 px wide figure viewed at 100 %.
public struct PlotFrame: Sendable {
    /// Left edge of the data area (px).
    public let left: Double
    /// Top edge of the data area (px).
    public let top: Double
    /// Width of the data area (px).
    public let width: Double
    /// Height of the data area (px).
    public let height: Double
    /// Data x → px.
    public let xScale: LinearScale
    /// Data y → px (upwards).
    public let yScale: LinearScale
    /// Nice ticks along x.
    public let xTicks: NiceTicks
    /// Nice ticks along y.
    public let yTicks: NiceTicks

    /// Tick label size (px).
    public static let tickFontSize = 13.0
    /// Axis label size (px).
    public static let labelFontSize = 15.0
    /// Title size (px).
    public static let titleFontSize = 17.0

    /// A frame whose data area is the rectangle (px) and whose axes span the given data ranges.
    /// `xDescending` puts the upper x value on the left (IR convention).
    public init(left: Double, top: Double, width: Double, height: Double,
                xDomain: (Double, Double), yDomain: (Double, Double), xDescending: Bool = false,
                xTickTarget: Int = 8, yTickTarget: Int = 5) {
        self.left = left
        self.top = top
        self.width = width
        self.height = height
        xScale = LinearScale(domain: xDomain, range: xDescending ? (left + width, left) : (left, left + width))
        yScale = LinearScale(domain: yDomain, range: (top + height, top))
        xTicks = xScale.ticks(target: xTickTarget)
        yTicks = yScale.ticks(target: yTickTarget)
    }

    /// Pixel x of a data x.
    public func x(_ value: Double) -> Double { xScale(value) }
    /// Pixel y of a data y.
    public func y(_ value: Double) -> Double { yScale(value) }

    /// Starts a group clipped to the data area; end it with `document.endGroup()`.
    public func beginClip(in document: inout SVGDocument) {
        document.beginClippedGroup(x: left, y: top, width: width, height: height)
    }

    /// Light grid lines at the ticks (draw before the marks).
    public func drawGrid(in document: inout SVGDocument) {
        for t in xTicks.values { document.line(x1: x(t), y1: top, x2: x(t), y2: top + height, stroke: Palette.grid) }
        for t in yTicks.values { document.line(x1: left, y1: y(t), x2: left + width, y2: y(t), stroke: Palette.grid) }
    }

    /// Frame, outward ticks with labels, axis labels (with units) and an optional title.
    public func drawAxes(in document: inout SVGDocument, xLabel: String, yLabel: String, title: String? = nil) {
        let tick = 5.0
        document.rect(x: left, y: top, width: width, height: height, fill: "none", stroke: Palette.axis, strokeWidth: 1)
        for t in xTicks.values {
            let px = x(t)
            document.line(x1: px, y1: top + height, x2: px, y2: top + height + tick, stroke: Palette.axis)
            document.text(xTicks.label(t), x: px, y: top + height + tick + Self.tickFontSize + 2,
                          size: Self.tickFontSize, anchor: .middle, color: Palette.text)
        }
        var widestLabel = 0.0
        for t in yTicks.values {
            let py = y(t)
            let label = yTicks.label(t)
            widestLabel = max(widestLabel, Double(label.count) * Self.tickFontSize * 0.6)
            document.line(x1: left - tick, y1: py, x2: left, y2: py, stroke: Palette.axis)
            document.text(label, x: left - tick - 3, y: py, size: Self.tickFontSize, anchor: .end,
                          color: Palette.text, centredVertically: true)
        }
        document.text(xLabel, x: left + width / 2, y: top + height + tick + Self.tickFontSize + Self.labelFontSize + 14,
                      size: Self.labelFontSize, anchor: .middle, color: Palette.text)
        let yLabelX = left - tick - 3 - widestLabel - 12
        document.text(yLabel, x: yLabelX, y: top + height / 2, size: Self.labelFontSize, anchor: .middle,
                      color: Palette.text, rotation: -90)
        if let title, !title.isEmpty {
            document.text(title, x: left + width / 2, y: top - 14, size: Self.titleFontSize, anchor: .middle,
                          color: Palette.text, bold: true)
        }
    }
}

import Foundation

/// Spectra with importance maps over their axis (attention, rollout, CAM): in each panel the area
/// under the curve is coloured by the first map (and the panel behind the curve tinted by it, more
/// strongly where it is larger), every map is also drawn as a labelled strip above the panel, and the tallest peaks carry
/// their positions. Several panels share one figure, one
/// above the other, to compare spectra (ZIF-8 against ZIF-67, say).
///
/// Each map is scaled on its own to 0…1 for colour: divided by its maximum when it has no negative
/// values, min–max otherwise (CAM). Points without a value (the segments' dropped tail) stay white.
public struct HeatBandPlot: Sendable {
    /// One importance map, a value (or nil) per point of the panel's curve.
    public struct Band: Sendable {
        public var name: String
        public var values: [Double?]
        public init(name: String, values: [Double?]) {
            self.name = name
            self.values = values
        }
    }

    /// One spectrum with its maps.
    public struct Panel: Sendable {
        public var title: String?
        public var x: [Double]
        public var y: [Double]
        public var bands: [Band]
        public init(title: String?, x: [Double], y: [Double], bands: [Band]) {
            self.title = title
            self.x = x
            self.y = y
            self.bands = bands
        }
    }

    public var panels: [Panel]
    /// X axis label with unit.
    public var xLabel: String
    /// Y axis label with unit.
    public var yLabel: String
    /// Figure title.
    public var title: String?
    /// Largest x on the left (IR, NMR).
    public var xDescending = false
    public var colorMap = ColorMap.viridis
    /// Peaks labelled per panel.
    public var peakLabels = 6
    /// What the colours mean, written beside the colour bar.
    public var colorCaption = "map value, scaled to 0–1 per map"
    /// Figure width (px).
    public var width = 900.0
    /// Height of each spectrum panel's data area (px).
    public var panelHeight = 240.0

    public init(panels: [Panel], xLabel: String, yLabel: String, title: String? = nil) {
        self.panels = panels
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.title = title
    }

    static let stripHeight = 14.0, stripGap = 3.0

    /// `values` scaled to 0…1 as the colours show them.
    public static func normalised(_ values: [Double?]) -> [Double?] {
        let finite = values.compactMap { $0 }.filter(\.isFinite)
        guard let lo = finite.min(), let hi = finite.max() else { return values.map { _ in nil } }
        if lo >= 0 { return values.map { v in v.map { hi > 0 ? $0 / hi : 0 } } }
        return values.map { v in v.map { hi > lo ? ($0 - lo) / (hi - lo) : 0 } }
    }

    /// The figure as an SVG document.
    public func document() -> SVGDocument {
        let left = 150.0, right = 110.0
        let figureTop = (title?.isEmpty ?? true) ? 12.0 : 44.0
        let panelTitle = 26.0, below = 64.0
        func bandsHeight(_ p: Panel) -> Double { Double(p.bands.count) * (Self.stripHeight + Self.stripGap) + 6 }
        let heights = panels.map { panelTitle + bandsHeight($0) + panelHeight + below }
        var doc = SVGDocument(width: width, height: figureTop + heights.reduce(0, +) + 8)
        if let title, !title.isEmpty {
            doc.text(title, x: width / 2, y: 28, size: PlotFrame.titleFontSize, anchor: .middle, color: Palette.text, bold: true)
        }
        let xDomain = LinearScale.extent(of: panels.flatMap(\.x))
        var top = figureTop
        for (index, panel) in panels.enumerated() {
            let frameTop = top + panelTitle + bandsHeight(panel)
            var yDomain = LinearScale.extent(of: panel.y)
            let span = yDomain.1 - yDomain.0
            yDomain = (yDomain.0 - 0.02 * span, yDomain.1 + 0.16 * span)
            let frame = PlotFrame(left: left, top: frameTop, width: width - left - right, height: panelHeight,
                                  xDomain: xDomain, yDomain: yDomain, xDescending: xDescending)
            if let t = panel.title, !t.isEmpty {
                doc.text(t, x: left, y: top + 18, size: PlotFrame.labelFontSize, color: Palette.text, bold: true)
            }
            let bands = panel.bands.map { Self.normalised($0.values) }
            for (k, band) in panel.bands.enumerated() {
                let y = top + panelTitle + Double(k) * (Self.stripHeight + Self.stripGap)
                drawRuns(bands[k], panel: panel, frame: frame, in: &doc, top: y, height: Self.stripHeight)
                doc.rect(x: left, y: y, width: frame.width, height: Self.stripHeight, fill: "none", stroke: Palette.grid)
                doc.text(band.name, x: left - 8, y: y + Self.stripHeight / 2, size: PlotFrame.tickFontSize, anchor: .end,
                         color: Palette.text, centredVertically: true)
            }
            // The first map also tints the panel behind the curve, more strongly where it is larger, so
            // it reads where the spectrum is flat as well as under its peaks.
            if let first = bands.first {
                drawRuns(first, panel: panel, frame: frame, in: &doc, top: frame.top, height: frame.height, tint: 0.45)
            }
            frame.drawGrid(in: &doc)
            let curve = LinePlot.decimated(LinePlot.Series(name: "", x: panel.x, y: panel.y, color: Palette.axis), frame: frame)
            if let first = bands.first, let a = curve.first, let b = curve.last {
                let baseline = frame.top + frame.height
                doc.beginClippedGroup(polygon: [(a.x, baseline)] + curve + [(b.x, baseline)])
                drawRuns(first, panel: panel, frame: frame, in: &doc, top: frame.top, height: frame.height, opacity: 0.9)
                doc.endGroup()
            }
            frame.beginClip(in: &doc)
            doc.polyline(curve, stroke: "#111111", width: 1.3)
            doc.endGroup()
            labelPeaks(panel, frame: frame, in: &doc)
            frame.drawAxes(in: &doc, xLabel: index == panels.count - 1 ? xLabel : "", yLabel: yLabel)
            if index == 0, !panel.bands.isEmpty {
                ColorBar(colorMap: colorMap, caption: colorCaption)
                    .draw(in: &doc, left: frame.left + frame.width + 16, top: frame.top, height: frame.height)
            }
            top += heights[index]
        }
        return doc
    }

    /// The SVG text.
    public func svg() -> String { document().rendered() }

    /// Coloured rectangles over runs of consecutive points with the same colour, each point spanning
    /// half the way to its neighbours; with `tint`, a run of value v is drawn at opacity tint·v.
    private func drawRuns(_ values: [Double?], panel: Panel, frame: PlotFrame, in doc: inout SVGDocument,
                          top: Double, height: Double, opacity: Double = 1, tint: Double? = nil) {
        let n = min(values.count, panel.x.count)
        guard n > 0 else { return }
        func edge(_ i: Int, _ j: Int) -> Double { frame.x((panel.x[i] + panel.x[j]) / 2) }
        func leftEdge(_ i: Int) -> Double { i > 0 ? edge(i - 1, i) : frame.x(panel.x[0]) }
        func rightEdge(_ i: Int) -> Double { i + 1 < n ? edge(i, i + 1) : frame.x(panel.x[n - 1]) }
        var i = 0
        while i < n {
            guard let v = values[i] else { i += 1; continue }
            let color = colorMap.color(v)
            var j = i
            while j + 1 < n, let w = values[j + 1], colorMap.color(w) == color { j += 1 }
            let a = leftEdge(i), b = rightEdge(j)
            let alpha = tint.map { $0 * v } ?? opacity
            if alpha > 0.01 {
                doc.rect(x: min(a, b), y: top, width: abs(b - a) + 0.3, height: height, fill: color, opacity: alpha)
            }
            i = j + 1
        }
    }

    private func labelPeaks(_ panel: Panel, frame: PlotFrame, in doc: inout SVGDocument) {
        guard peakLabels > 0, panel.x.count > 2 else { return }
        let spacing = abs(panel.x[1] - panel.x[0])
        let decimals = spacing > 0 ? max(0, Int((-log10(spacing)).rounded(.up)) - 1) : 1
        // At least 70 px between labels so they do not overlap.
        let separation = 70 / frame.width * abs(frame.xScale.domain.upper - frame.xScale.domain.lower)
        let lowest = panel.y.min() ?? 0, highest = panel.y.max() ?? 0
        let peaks = PeakPicker.tallest(x: panel.x, y: panel.y, count: peakLabels, separation: separation)
        // Noise wiggles are not peaks worth a label: keep those above 5 % of the range.
        for i in peaks where panel.y[i] - lowest >= 0.05 * (highest - lowest) {
            let px = frame.x(panel.x[i]), py = frame.y(panel.y[i])
            doc.line(x1: px, y1: py - 3, x2: px, y2: py - 9, stroke: Palette.axis)
            doc.text(String(format: "%.*f", decimals, panel.x[i]), x: px, y: max(frame.top + 12, py - 12),
                     size: PlotFrame.tickFontSize - 1, anchor: .middle, color: Palette.text)
        }
    }
}

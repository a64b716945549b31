/// A few measured points per curve, joined by lines with a dot at each point — results against a
/// setting (accuracy against segment length in a sweep), where `LinePlot`'s dense curves would hide
/// that there are only three values, and a curve of one point would not show at all.
///
/// ```swift
/// var plot = MarkedLinePlot(xLabel: "segment length (points)", yLabel: "test top-1 (%)")
/// plot.add(name: "depth 2", x: [30, 60, 120], y: [61, 70, 66])
/// try AtomicFile.write(plot.svg(), to: "sweep.svg")
/// ```
/// The x axis is widened by 5 % on each side so end points are not cut by the frame (and a fitted y
/// axis likewise); the legend goes to the first corner of the panel (lower right, upper right, lower
/// left, upper left) where it covers no point.
public struct MarkedLinePlot: Sendable {
    /// Curves in drawing order (same storage as `LinePlot`).
    public private(set) var series: [LinePlot.Series] = []
    public var xLabel: String
    public var yLabel: String
    public var title: String?
    /// Fixed y range (e.g. 0–100 for percentages), or nil to fit the data.
    public var yDomain: (Double, Double)?
    /// Figure width and height (px).
    public var width = 820.0, height = 480.0

    public init(xLabel: String, yLabel: String, title: String? = nil) {
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.title = title
    }

    /// Adds a curve; points with non-finite x or y are skipped. `color` defaults to the next Okabe–Ito colour.
    public mutating func add(name: String, x: [Double], y: [Double], color: String? = nil) {
        var xs: [Double] = [], ys: [Double] = []
        for (a, b) in zip(x, y) where a.isFinite && b.isFinite { xs.append(a); ys.append(b) }
        series.append(LinePlot.Series(name: name, x: xs, y: ys, color: color ?? Palette.categorical(series.count)))
    }

    /// The plot as an SVG document.
    public func document() -> SVGDocument {
        var doc = SVGDocument(width: width, height: height)
        let left = 88.0, right = 24.0, bottom = 64.0
        let top = (title?.isEmpty ?? true) ? 24.0 : 48.0
        let (x0, x1) = LinearScale.extent(of: series.flatMap(\.x))
        let pad = 0.05 * (x1 - x0)
        var (y0, y1) = yDomain ?? LinearScale.extent(of: series.flatMap(\.y))
        if yDomain == nil { (y0, y1) = (y0 - 0.05 * (y1 - y0), y1 + 0.05 * (y1 - y0)) }
        let frame = PlotFrame(left: left, top: top, width: width - left - right, height: height - top - bottom,
                              xDomain: (x0 - pad, x1 + pad), yDomain: (y0, y1))
        frame.drawGrid(in: &doc)
        frame.beginClip(in: &doc)
        var dots: [(x: Double, y: Double)] = []
        for s in series {
            let order = s.x.indices.sorted { s.x[$0] < s.x[$1] }
            let points = order.map { (x: frame.x(s.x[$0]), y: frame.y(s.y[$0])) }
            if points.count > 1 { doc.polyline(points, stroke: s.color, width: 2) }
            for p in points { doc.circle(cx: p.x, cy: p.y, r: 4, fill: s.color) }
            dots += points
        }
        doc.endGroup()
        frame.drawAxes(in: &doc, xLabel: xLabel, yLabel: yLabel, title: title)
        if series.count > 1 || !(series.first?.name.isEmpty ?? true) {
            let legend = Legend(entries: series.map { Legend.Entry(name: $0.name, color: $0.color) })
            let (w, h) = legend.size
            let right = frame.left + frame.width - 8, left = frame.left + 8 + w
            let top = frame.top + 8, bottom = frame.top + frame.height - 8 - h
            let corners = [(right, bottom), (right, top), (left, bottom), (left, top)]
            let free = corners.first { r, t in !dots.contains { $0.x >= r - w - 4 && $0.x <= r + 4 && $0.y >= t - 4 && $0.y <= t + h + 4 } }
            let (r, t) = free ?? (right, top)
            legend.draw(in: &doc, right: r, top: t)
        }
        return doc
    }

    /// The SVG text.
    public func svg() -> String { document().rendered() }
}

/// Several spectra as lines on shared axes, with axis labels (units), a title and a legend.
///
/// ```swift
/// var plot = LinePlot(xLabel: AxisUnit.twoThetaDegrees.label, yLabel: "Intensity (a.u.)")
/// plot.add(name: "ZIF-8", x: twoTheta, y: counts)
/// try AtomicFile.write(plot.svg(), to: "zif8.svg")
/// ```
/// Curves with more points than the panel has pixels are reduced per pixel column to their first,
/// minimum, maximum and last points, which keeps every peak visible and the file small.
public struct LinePlot: Sendable {
    /// One curve.
    public struct Series: Sendable {
        public var name: String
        public var x: [Double]
        public var y: [Double]
        public var color: String
    }

    /// Curves in drawing order.
    public private(set) var series: [Series] = []
    /// X axis label with unit, e.g. `2θ (°)`.
    public var xLabel: String
    /// Y axis label with unit.
    public var yLabel: String
    /// Title above the panel.
    public var title: String?
    /// Put the largest x on the left (FTIR convention).
    public var xDescending = false
    /// Figure width (px).
    public var width = 820.0
    /// Figure height (px).
    public var height = 480.0

    public init(xLabel: String, yLabel: String, title: String? = nil) {
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.title = title
    }

    /// Adds a curve; points with non-finite x or y are skipped. `color` defaults to the next Okabe–Ito colour.
    public mutating func add(name: String, x: [Double], y: [Double], color: String? = nil) {
        var xs: [Double] = [], ys: [Double] = []
        for (a, b) in zip(x, y) where a.isFinite && b.isFinite { xs.append(a); ys.append(b) }
        series.append(Series(name: name, x: xs, y: ys, color: color ?? Palette.categorical(series.count)))
    }

    /// Put the legend in the bottom-right corner (rising curves such as accuracy) instead of the top right.
    public var legendAtBottom = false
    /// Draw a dot at every point (curves with few points, such as per-epoch metrics).
    public var showsMarkers = false
    /// Fixed y range (e.g. 0–100 %); nil fits the data with some headroom.
    public var yDomain: (Double, Double)?

    /// The plot as an SVG document.
    public func document() -> SVGDocument {
        var doc = SVGDocument(width: width, height: height)
        draw(in: &doc, x: 0, y: 0, width: width, height: height)
        return doc
    }

    /// Draws the plot, its margins for ticks, labels and title included, into the rectangle (px)
    /// of `doc` (several plots side by side share one figure).
    public func draw(in doc: inout SVGDocument, x: Double, y: Double, width: Double, height: Double) {
        let left = x + 88.0, right = 24.0
        let top = y + ((title?.isEmpty ?? true) ? 24.0 : 48.0)
        let bottom = 64.0
        let xDomain = LinearScale.extent(of: series.flatMap(\.x))
        let yDomain = self.yDomain ?? {
            let extent = LinearScale.extent(of: series.flatMap(\.y))
            // Headroom above the tallest peak so it does not touch the frame or hide under the legend.
            let span = extent.1 - extent.0
            return (extent.0 - 0.02 * span, extent.1 + (series.count > 1 ? 0.2 : 0.05) * span)
        }()
        let frame = PlotFrame(left: left, top: top, width: x + width - left - right, height: y + height - top - bottom,
                              xDomain: xDomain, yDomain: yDomain, xDescending: xDescending)
        frame.drawGrid(in: &doc)
        frame.beginClip(in: &doc)
        for s in series {
            let points = Self.decimated(s, frame: frame)
            doc.polyline(points, stroke: s.color, width: 1.5)
            if showsMarkers { for p in points { doc.circle(cx: p.x, cy: p.y, r: 2.5, fill: s.color) } }
        }
        doc.endGroup()
        frame.drawAxes(in: &doc, xLabel: xLabel, yLabel: yLabel, title: title)
        if series.count > 1 || !(series.first?.name.isEmpty ?? true) {
            let legend = Legend(entries: series.map { Legend.Entry(name: $0.name, color: $0.color) })
            legend.draw(in: &doc, right: frame.left + frame.width - 8,
                        top: legendAtBottom ? frame.top + frame.height - 8 - legend.height : frame.top + 8)
        }
    }

    /// The SVG text.
    public func svg() -> String { document().rendered() }

    /// Pixel points of a series, at most four per pixel column (first, min, max, last in x order).
    static func decimated(_ s: Series, frame: PlotFrame) -> [(x: Double, y: Double)] {
        let order = s.x.indices.sorted { s.x[$0] < s.x[$1] }
        let points = order.map { (x: frame.x(s.x[$0]), y: frame.y(s.y[$0])) }
        guard points.count > Int(frame.width) * 2 else { return points }
        var out: [(x: Double, y: Double)] = []
        var i = 0
        while i < points.count {
            let column = points[i].x.rounded(.down)
            var j = i
            var lo = i, hi = i
            while j < points.count && points[j].x.rounded(.down) == column {
                if points[j].y < points[lo].y { lo = j }
                if points[j].y > points[hi].y { hi = j }
                j += 1
            }
            for k in Set([i, lo, hi, j - 1]).sorted() { out.append(points[k]) }
            i = j
        }
        return out
    }
}

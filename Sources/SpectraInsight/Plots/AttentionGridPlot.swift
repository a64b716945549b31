import Foundation

/// Every attention matrix of a ViT for one spectrum as a grid: one row per encoder layer, one
/// column per head (the paper's 7 × 4 maps), each T × T with the query token down and the key token
/// across (token 0 = CLS). Each map is coloured relative to its own largest weight. With the
/// segments' axis intervals the outer maps carry axis ticks (2θ, cm⁻¹) at the segments' positions.
///
/// Cells are drawn as one path per colour level (64 levels) in a scaled group, which keeps the file
/// a few hundred kB even for 28 maps of 38 × 38 tokens.
public struct AttentionGridPlot: Sendable {
    public var maps: AttentionMaps
    /// Where each token lies on the axis (optional).
    public var segments: SegmentAxis?
    /// Axis label with unit, for the ticks along the keys.
    public var axisLabel: String
    public var title: String?
    public var colorMap = ColorMap.viridis
    /// Side of one map (px).
    public var mapSize = 150.0

    public init(maps: AttentionMaps, segments: SegmentAxis?, axisLabel: String, title: String? = nil) {
        self.maps = maps
        self.segments = segments
        self.axisLabel = axisLabel
        self.title = title
    }

    static let levels = 64

    /// The figure as an SVG document.
    public func document() -> SVGDocument {
        let gap = 14.0, left = 110.0, top = (title?.isEmpty ?? true) ? 40.0 : 70.0, right = 110.0, bottom = 76.0
        let side = mapSize
        let width = left + Double(maps.heads) * (side + gap) - gap + right
        let height = top + Double(maps.layers) * (side + gap) - gap + bottom
        var doc = SVGDocument(width: width, height: height)
        if let title, !title.isEmpty {
            doc.text(title, x: width / 2, y: 30, size: PlotFrame.titleFontSize, anchor: .middle, color: Palette.text, bold: true)
        }
        let t = maps.tokens
        let cell = side / Double(t)
        for l in 0..<maps.layers {
            let y0 = top + Double(l) * (side + gap)
            doc.text("Layer \(l + 1)", x: left - 44, y: y0 + side / 2, size: PlotFrame.labelFontSize, anchor: .middle,
                     color: Palette.text, rotation: -90)
            for h in 0..<maps.heads {
                let x0 = left + Double(h) * (side + gap)
                if l == 0 {
                    doc.text("Head \(h + 1)", x: x0 + side / 2, y: top - 10, size: PlotFrame.labelFontSize, anchor: .middle,
                             color: Palette.text)
                }
                drawMap(layer: l, head: h, in: &doc, x: x0, y: y0, cell: cell)
                doc.rect(x: x0, y: y0, width: side, height: side, fill: "none", stroke: Palette.axis, strokeWidth: 0.8)
                if l == maps.layers - 1 { drawKeyTicks(in: &doc, x0: x0, bottom: y0 + side, cell: cell) }
                if h == 0 { drawQueryTicks(in: &doc, y0: y0, cell: cell, left: x0) }
            }
        }
        let gridBottom = top + Double(maps.layers) * (side + gap) - gap
        doc.text("Key token" + (segments == nil ? "" : ": " + axisLabel), x: left + (width - left - right) / 2,
                 y: gridBottom + 52, size: PlotFrame.labelFontSize, anchor: .middle, color: Palette.text)
        doc.text("Query token", x: 22, y: top + (gridBottom - top) / 2, size: PlotFrame.labelFontSize, anchor: .middle,
                 color: Palette.text, rotation: -90)
        ColorBar(colorMap: colorMap, caption: "weight / largest weight of its map")
            .draw(in: &doc, left: width - right + 16, top: top, height: min(gridBottom - top, 300))
        return doc
    }

    /// The SVG text.
    public func svg() -> String { document().rendered() }

    private func drawMap(layer: Int, head: Int, in doc: inout SVGDocument, x: Double, y: Double, cell: Double) {
        let t = maps.tokens
        let m = maps.matrix(layer: layer, head: head)
        let largest = Double(m.max() ?? 0)
        var paths = [String](repeating: "", count: Self.levels)
        let base = m.startIndex
        for i in 0..<t {
            var j = 0
            while j < t {
                let level = Self.level(Double(m[base + i * t + j]), largest: largest)
                var k = j + 1
                while k < t, Self.level(Double(m[base + i * t + k]), largest: largest) == level { k += 1 }
                paths[level] += "M\(j) \(i)h\(k - j)v1h-\(k - j)z"
                j = k
            }
        }
        doc.beginGroup(translateX: x, translateY: y, scale: cell)
        for (level, d) in paths.enumerated() where !d.isEmpty {
            doc.path(d, fill: colorMap.color((Double(level) + 0.5) / Double(Self.levels)), crisp: true)
        }
        doc.endGroup()
    }

    static func level(_ value: Double, largest: Double) -> Int {
        guard largest > 0, value.isFinite else { return 0 }
        return min(levels - 1, max(0, Int(value / largest * Double(levels))))
    }

    /// Tick positions (in tokens, fractional) for nice axis values, or token indices without segments.
    private func tokenTicks(cell: Double) -> [(position: Double, label: String)] {
        guard let segments, let first = segments.segments.first, let last = segments.segments.last,
              segments.segments.count > 1 else {
            let step = max(1, maps.tokens / 5)
            return stride(from: 0, to: maps.tokens, by: step).map { (Double($0) + 0.5, $0 == 0 ? "CLS" : "\($0)") }
        }
        // Token k ≥ 1 is cell [k, k + 1) and holds s grid points; point p (from the first) fills
        // [1 + p/s, 1 + (p + 1)/s), so axis value v sits at 1 + ((v − start)/step + 0.5)/s.
        let s = Double(first.lastPoint - first.firstPoint + 1)
        let step = (last.end - first.start) / Double(last.lastPoint - first.firstPoint)
        let ticks = NiceTicks(lower: min(first.start, last.end), upper: max(first.start, last.end), target: 4)
        var out: [(Double, String)] = [(0.5, "CLS")]
        for v in ticks.values {
            let position = 1 + ((v - first.start) / step + 0.5) / s
            // Labels closer than 28 px to the CLS label would run into it.
            if (position - 0.5) * cell >= 28 { out.append((position, ticks.label(v))) }
        }
        return out
    }

    private func drawKeyTicks(in doc: inout SVGDocument, x0: Double, bottom: Double, cell: Double) {
        for tick in tokenTicks(cell: cell) {
            let px = x0 + tick.position * cell
            doc.line(x1: px, y1: bottom, x2: px, y2: bottom + 4, stroke: Palette.axis)
            doc.text(tick.label, x: px, y: bottom + 17, size: PlotFrame.tickFontSize - 2, anchor: .middle, color: Palette.text)
        }
    }

    private func drawQueryTicks(in doc: inout SVGDocument, y0: Double, cell: Double, left: Double) {
        for tick in tokenTicks(cell: cell) {
            let py = y0 + tick.position * cell
            doc.line(x1: left - 4, y1: py, x2: left, y2: py, stroke: Palette.axis)
            doc.text(tick.label, x: left - 6, y: py, size: PlotFrame.tickFontSize - 2, anchor: .end, color: Palette.text,
                     centredVertically: true)
        }
    }
}

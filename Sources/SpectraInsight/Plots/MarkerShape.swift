/// Scatter-plot marker shapes, so classes stay apart when colours repeat or are hard to tell apart.
public enum MarkerShape: Int, CaseIterable, Sendable {
    case circle, square, triangle, diamond

    /// Draws the marker centred on (x, y) px with circumradius `radius` px.
    public func draw(in document: inout SVGDocument, x: Double, y: Double, radius r: Double, fill: String,
                     stroke: String? = nil, opacity: Double = 1) {
        func n(_ v: Double) -> String { SVGDocument.number(v) }
        switch self {
        case .circle:
            document.circle(cx: x, cy: y, r: r, fill: fill, stroke: stroke, opacity: opacity)
        case .square:
            let h = r * 0.85
            document.path("M\(n(x - h)) \(n(y - h))h\(n(2 * h))v\(n(2 * h))h\(n(-2 * h))z", fill: fill, stroke: stroke, opacity: opacity)
        case .triangle:
            document.path("M\(n(x)) \(n(y - r))L\(n(x + 0.87 * r)) \(n(y + 0.5 * r))L\(n(x - 0.87 * r)) \(n(y + 0.5 * r))z",
                          fill: fill, stroke: stroke, opacity: opacity)
        case .diamond:
            document.path("M\(n(x)) \(n(y - r))L\(n(x + r)) \(n(y))L\(n(x)) \(n(y + r))L\(n(x - r)) \(n(y))z",
                          fill: fill, stroke: stroke, opacity: opacity)
        }
    }
}

import Foundation

/// A minimal SVG 1.1 writer: shapes and text in user units (1 unit = 1 px at 100 %), with every
/// piece of text and every attribute escaped so the output is always well-formed XML.
///
/// Plots build on it by drawing into rectangles (see `PlotFrame`); `clipped(to:)` groups keep
/// curves inside their panel, and `group(transform:)` lets a later panel (heatmap grid, confusion
/// matrix) reuse a drawing routine at an offset.
public struct SVGDocument: Sendable {
    /// Width in user units (px).
    public let width: Double
    /// Height in user units (px).
    public let height: Double
    /// Font family list used for all text.
    public var fontFamily = "DejaVu Sans, Helvetica, Arial, sans-serif"
    private var body: [String] = []
    private var definitions: [String] = []
    private var openGroups = 0
    private var nextIdentifier = 0

    /// An empty drawing of the given size (px), white background unless `background` is nil.
    public init(width: Double, height: Double, background: String? = "#ffffff") {
        self.width = width
        self.height = height
        if let background {
            body.append(#"<rect x="0" y="0" width="\#(Self.number(width))" height="\#(Self.number(height))" fill="\#(Self.escape(background))"/>"#)
        }
    }

    /// Escapes `&`, `<`, `>`, quotes and removes characters XML 1.0 forbids (control characters).
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                let v = scalar.value
                // XML 1.0 allows #x20–#xD7FF, #xE000–#xFFFD, #x10000–#x10FFFF besides tab/newline/return.
                if (0x20...0xD7FF).contains(v) || (0xE000...0xFFFD).contains(v) || v >= 0x10000 {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    /// A coordinate with at most two decimals (sub-pixel precision is invisible and bloats files).
    public static func number(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let rounded = (value * 100).rounded() / 100
        if rounded == rounded.rounded() && abs(rounded) < 1e15 { return String(Int(rounded)) }
        return String(format: "%.2f", rounded)
    }

    /// A unique id for clip paths and gradients.
    public mutating func makeIdentifier(_ prefix: String) -> String {
        nextIdentifier += 1
        return "\(prefix)\(nextIdentifier)"
    }

    /// Adds a raw definition (gradient, clip path) to `<defs>`; the caller is responsible for escaping.
    public mutating func addDefinition(_ element: String) { definitions.append(element) }

    /// A straight line.
    public mutating func line(x1: Double, y1: Double, x2: Double, y2: Double, stroke: String, width: Double = 1,
                              dash: String? = nil, opacity: Double = 1) {
        var a = #"<line x1="\#(Self.number(x1))" y1="\#(Self.number(y1))" x2="\#(Self.number(x2))" y2="\#(Self.number(y2))" stroke="\#(Self.escape(stroke))" stroke-width="\#(Self.number(width))""#
        if let dash { a += #" stroke-dasharray="\#(Self.escape(dash))""# }
        if opacity < 1 { a += #" stroke-opacity="\#(Self.number(opacity))""# }
        body.append(a + "/>")
    }

    /// A rectangle; `fill: "none"` for an outline.
    public mutating func rect(x: Double, y: Double, width: Double, height: Double, fill: String,
                              stroke: String? = nil, strokeWidth: Double = 1, opacity: Double = 1) {
        var a = #"<rect x="\#(Self.number(x))" y="\#(Self.number(y))" width="\#(Self.number(max(0, width)))" height="\#(Self.number(max(0, height)))" fill="\#(Self.escape(fill))""#
        if let stroke { a += #" stroke="\#(Self.escape(stroke))" stroke-width="\#(Self.number(strokeWidth))""# }
        if opacity < 1 { a += #" fill-opacity="\#(Self.number(opacity))""# }
        body.append(a + "/>")
    }

    /// A circle (scatter markers).
    public mutating func circle(cx: Double, cy: Double, r: Double, fill: String, stroke: String? = nil, opacity: Double = 1) {
        var a = #"<circle cx="\#(Self.number(cx))" cy="\#(Self.number(cy))" r="\#(Self.number(r))" fill="\#(Self.escape(fill))""#
        if let stroke { a += #" stroke="\#(Self.escape(stroke))""# }
        if opacity < 1 { a += #" fill-opacity="\#(Self.number(opacity))""# }
        body.append(a + "/>")
    }

    /// An open polyline through `points` (px).
    public mutating func polyline(_ points: [(x: Double, y: Double)], stroke: String, width: Double = 1.5, opacity: Double = 1) {
        guard points.count >= 2 else { return }
        var coordinates = ""
        coordinates.reserveCapacity(points.count * 14)
        for (i, p) in points.enumerated() {
            if i > 0 { coordinates += " " }
            coordinates += Self.number(p.x) + "," + Self.number(p.y)
        }
        var a = #"<polyline points="\#(coordinates)" fill="none" stroke="\#(Self.escape(stroke))" stroke-width="\#(Self.number(width))" stroke-linejoin="round" stroke-linecap="round""#
        if opacity < 1 { a += #" stroke-opacity="\#(Self.number(opacity))""# }
        body.append(a + "/>")
    }

    /// A path with SVG path data `d` (numbers and commands only; it is escaped anyway). `crisp`
    /// turns off anti-aliasing, so abutting cells of a heatmap show no hairline seams.
    public mutating func path(_ d: String, fill: String, stroke: String? = nil, strokeWidth: Double = 1, opacity: Double = 1,
                              crisp: Bool = false) {
        var a = #"<path d="\#(Self.escape(d))" fill="\#(Self.escape(fill))""#
        if crisp { a += #" shape-rendering="crispEdges""# }
        if let stroke { a += #" stroke="\#(Self.escape(stroke))" stroke-width="\#(Self.number(strokeWidth))""# }
        if opacity < 1 { a += #" fill-opacity="\#(Self.number(opacity))""# }
        body.append(a + "/>")
    }

    /// Horizontal alignment of text relative to its anchor point.
    public enum TextAnchor: String, Sendable { case start, middle, end }

    /// A line of text; `y` is the baseline unless `centredVertically`. `rotation` is in degrees about the anchor.
    public mutating func text(_ string: String, x: Double, y: Double, size: Double = 14, anchor: TextAnchor = .start,
                              color: String = "#222222", bold: Bool = false, rotation: Double = 0,
                              centredVertically: Bool = false) {
        var a = #"<text x="\#(Self.number(x))" y="\#(Self.number(y))" font-size="\#(Self.number(size))" text-anchor="\#(anchor.rawValue)" fill="\#(Self.escape(color))""#
        if bold { a += #" font-weight="bold""# }
        // dy = 0.35 em centres digits on y in every renderer; dominant-baseline is not universal.
        if centredVertically { a += #" dy="0.35em""# }
        if rotation != 0 { a += #" transform="rotate(\#(Self.number(rotation)) \#(Self.number(x)) \#(Self.number(y)))""# }
        body.append(a + ">" + Self.escape(string) + "</text>")
    }

    /// Starts a group translated by (dx, dy) px and then scaled (so drawing in cell units lands on
    /// pixels, e.g. heatmap cells of size `scale`); close it with `endGroup()`.
    public mutating func beginGroup(translateX dx: Double = 0, translateY dy: Double = 0, scale: Double = 1) {
        var transform = "translate(\(Self.number(dx)) \(Self.number(dy)))"
        if scale != 1 { transform += " scale(\(String(format: "%.6g", scale)))" }
        body.append(#"<g transform="\#(transform)">"#)
        openGroups += 1
    }

    /// Starts a group clipped to a rectangle (px); close it with `endGroup()`.
    public mutating func beginClippedGroup(x: Double, y: Double, width: Double, height: Double) {
        let id = makeIdentifier("clip")
        addDefinition(#"<clipPath id="\#(id)"><rect x="\#(Self.number(x))" y="\#(Self.number(y))" width="\#(Self.number(width))" height="\#(Self.number(height))"/></clipPath>"#)
        body.append(#"<g clip-path="url(#\#(id))">"#)
        openGroups += 1
    }

    /// Starts a group clipped to the polygon through `points` (px), e.g. the area under a curve.
    public mutating func beginClippedGroup(polygon points: [(x: Double, y: Double)]) {
        let id = makeIdentifier("clip")
        let coordinates = points.map { Self.number($0.x) + "," + Self.number($0.y) }.joined(separator: " ")
        addDefinition(#"<clipPath id="\#(id)"><polygon points="\#(coordinates)"/></clipPath>"#)
        body.append(#"<g clip-path="url(#\#(id))">"#)
        openGroups += 1
    }

    /// Closes the innermost open group (does nothing when none is open).
    public mutating func endGroup() {
        guard openGroups > 0 else { return }
        body.append("</g>")
        openGroups -= 1
    }

    /// The complete SVG text (any groups left open are closed).
    public func rendered() -> String {
        var out = #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n"
        out += #"<svg xmlns="http://www.w3.org/2000/svg" width="\#(Self.number(width))" height="\#(Self.number(height))" viewBox="0 0 \#(Self.number(width)) \#(Self.number(height))" font-family="\#(Self.escape(fontFamily))">"# + "\n"
        if !definitions.isEmpty { out += "<defs>\n" + definitions.joined(separator: "\n") + "\n</defs>\n" }
        for element in body { out += element + "\n" }
        for _ in 0..<openGroups { out += "</g>\n" }
        out += "</svg>\n"
        return out
    }
}

/// A labelled 2-D scatter plot (t-SNE maps): each point belongs to a class. With highlighted
/// classes, those get Okabe–Ito colours and marker shapes and everything else is drawn small and
/// grey underneath (the paper's Fig. 4); without, up to `maximumDistinctClasses` classes get a
/// colour–shape pair each, and larger sets one colour.
public struct ScatterPlot: Sendable {
    /// n × 2 coordinates, row-major.
    public var coordinates: [Double]
    /// Class of each point (index into `classNames`).
    public var classes: [Int]
    public var classNames: [String]
    /// Classes drawn in colour (indices into `classNames`), in legend order.
    public private(set) var highlighted: [Int] = []
    public var xLabel = "t-SNE 1"
    public var yLabel = "t-SNE 2"
    public var title: String?
    /// Figure width without the legend, which is added on the right (px).
    public var width = 760.0
    /// Figure height (px).
    public var height = 640.0

    /// Classes beyond this are not told apart without highlighting (7 colours × 4 shapes).
    public static let maximumDistinctClasses = Palette.okabeIto.count * MarkerShape.allCases.count

    /// A plot of the points; highlighted names must be among `classNames`.
    public init(coordinates: [Double], classes: [Int], classNames: [String], highlight: [String] = [], title: String? = nil) throws {
        guard coordinates.count == 2 * classes.count else {
            throw InsightError(reason: "\(coordinates.count / 2) points for \(classes.count) class labels")
        }
        guard classes.allSatisfy({ $0 >= 0 && $0 < classNames.count }) else {
            throw InsightError(reason: "a point's class is not one of the \(classNames.count) names")
        }
        let index = Dictionary(classNames.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        let unknown = highlight.filter { index[$0] == nil }
        guard unknown.isEmpty else {
            throw InsightError(reason: "cannot highlight \(unknown.joined(separator: ", ")): not a class of the data (\(classNames.prefix(8).joined(separator: ", "))\(classNames.count > 8 ? ", …" : ""))")
        }
        self.coordinates = coordinates
        self.classes = classes
        self.classNames = classNames
        self.title = title
        var seen = Set<Int>()
        highlighted = highlight.compactMap { index[$0] }.filter { seen.insert($0).inserted }
    }

    /// Colour and marker of legend position k.
    static func style(_ k: Int) -> (color: String, marker: MarkerShape) {
        (Palette.categorical(k), MarkerShape.allCases[(k / Palette.okabeIto.count) % MarkerShape.allCases.count])
    }

    /// The figure as an SVG document.
    public func document() -> SVGDocument {
        let legend = Legend(entries: legendEntries())
        // The legend sits right of the panel, so it can never hide points.
        let right = legend.width + 36
        var doc = SVGDocument(width: width + legend.width + 12, height: height)
        let left = 76.0, top = (title?.isEmpty ?? true) ? 24.0 : 48.0, bottom = 64.0
        let xs = stride(from: 0, to: coordinates.count, by: 2).map { coordinates[$0] }
        let ys = stride(from: 1, to: coordinates.count, by: 2).map { coordinates[$0] }
        var xDomain = LinearScale.extent(of: xs), yDomain = LinearScale.extent(of: ys)
        let padX = 0.04 * (xDomain.1 - xDomain.0), padY = 0.04 * (yDomain.1 - yDomain.0)
        xDomain = (xDomain.0 - padX, xDomain.1 + padX)
        yDomain = (yDomain.0 - padY, yDomain.1 + padY)
        let frame = PlotFrame(left: left, top: top, width: doc.width - left - right, height: height - top - bottom,
                              xDomain: xDomain, yDomain: yDomain)
        frame.drawGrid(in: &doc)
        frame.beginClip(in: &doc)
        if !highlighted.isEmpty {
            let order = Dictionary(uniqueKeysWithValues: highlighted.enumerated().map { ($1, $0) })
            for i in classes.indices where order[classes[i]] == nil {
                doc.circle(cx: frame.x(xs[i]), cy: frame.y(ys[i]), r: 2.5, fill: Self.otherColor, opacity: 0.7)
            }
            for i in classes.indices {
                guard let k = order[classes[i]] else { continue }
                let s = Self.style(k)
                s.marker.draw(in: &doc, x: frame.x(xs[i]), y: frame.y(ys[i]), radius: 5, fill: s.color, stroke: "#ffffff")
            }
        } else if classNames.count <= Self.maximumDistinctClasses {
            for i in classes.indices {
                let s = Self.style(classes[i])
                s.marker.draw(in: &doc, x: frame.x(xs[i]), y: frame.y(ys[i]), radius: 4.5, fill: s.color, stroke: "#ffffff")
            }
        } else {
            for i in classes.indices {
                doc.circle(cx: frame.x(xs[i]), cy: frame.y(ys[i]), r: 2.5, fill: Palette.categorical(0), opacity: 0.6)
            }
        }
        doc.endGroup()
        frame.drawAxes(in: &doc, xLabel: xLabel, yLabel: yLabel, title: title)
        legend.draw(in: &doc, right: doc.width - 12, top: frame.top)
        return doc
    }

    static let otherColor = "#b8b8b8"

    /// Legend rows: the highlighted classes and a row for the rest; every class when they can be told
    /// apart; otherwise one summary row.
    func legendEntries() -> [Legend.Entry] {
        if !highlighted.isEmpty {
            var entries = highlighted.enumerated().map { k, c in
                let s = Self.style(k)
                return Legend.Entry(name: classNames[c], color: s.color, marker: s.marker)
            }
            let others = Set(classes).subtracting(highlighted).count
            if others > 0 { entries.append(Legend.Entry(name: "\(others) other classes", color: Self.otherColor, marker: .circle)) }
            return entries
        }
        let present = Set(classes)
        if classNames.count <= Self.maximumDistinctClasses {
            return classNames.indices.filter { present.contains($0) }.map { c in
                let s = Self.style(c)
                return Legend.Entry(name: classNames[c], color: s.color, marker: s.marker)
            }
        }
        return [Legend.Entry(name: "\(classes.count) spectra, \(present.count) classes", color: Palette.categorical(0), marker: .circle)]
    }

    /// The SVG text.
    public func svg() -> String { document().rendered() }
}

import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import SpectraCore
@testable import SpectraInsight

/// Collects element names and text content while checking that a document is well-formed XML.
final class SVGInspector: NSObject, XMLParserDelegate {
    var elements: [String] = []
    var texts: [String] = []
    var attributes: [[String: String]] = []
    private var currentText: String?

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes attributeDict: [String: String] = [:]) {
        elements.append(name)
        attributes.append(attributeDict)
        if name == "text" { currentText = "" }
    }
    func parser(_ parser: XMLParser, foundCharacters string: String) { currentText? += string }
    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "text", let t = currentText { texts.append(t); currentText = nil }
    }

    /// Parses `svg`; returns false when it is not well-formed.
    func parse(_ svg: String) -> Bool {
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = self
        return parser.parse()
    }
}

struct NiceTicksTests {
    // Expected ticks worked out by hand: span/target, then the nearest 1-2-5 step.
    @Test func xrdRangeGetsFiveDegreeTicks() {
        // 45/8 = 5.6 → 5 (5.6 < √50 · 1 = 7.07): 5, 10, …, 50.
        let t = NiceTicks(lower: 5, upper: 50, target: 8)
        #expect(t.step == 5)
        #expect(t.values == [5, 10, 15, 20, 25, 30, 35, 40, 45, 50])
        #expect(t.labels.first == "5" && t.labels.last == "50")
    }

    @Test func ftirRangeGetsFiveHundredTicks() {
        // 2800/8 = 350 → 3.5 × 100 → 5 × 100.
        let t = NiceTicks(lower: 700, upper: 3500, target: 8)
        #expect(t.values == [1000, 1500, 2000, 2500, 3000, 3500])
    }

    @Test func unitRangeGetsDecimalLabels() {
        // 1/5 = 0.2 → 2 × 0.1.
        let t = NiceTicks(lower: 0, upper: 1, target: 5)
        #expect(t.values == [0, 0.2, 0.4, 0.6, 0.8, 1])
        #expect(t.labels == ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"])
    }

    @Test func negativeRangeUsesAMinusSign() {
        // 1.18/5 = 0.236 → 2.36 × 0.1 → 2 × 0.1 (2.36 < √10): −0.2 … 0.8.
        let t = NiceTicks(lower: -0.37, upper: 0.81, target: 5)
        #expect(t.values == [-0.2, 0, 0.2, 0.4, 0.6, 0.8])
        #expect(t.labels.first == "−0.2")
        #expect(t.labels[1] == "0.0")
    }

    @Test func smallStepsKeepTheirDecimals() {
        // 0.09/5 = 0.018 → 1.8 × 0.01 → 2 × 0.01: 0.02, 0.04, 0.06, 0.08.
        let t = NiceTicks(lower: 0.01, upper: 0.1, target: 5)
        #expect(t.values == [0.02, 0.04, 0.06, 0.08, 0.1])
        #expect(t.labels == ["0.02", "0.04", "0.06", "0.08", "0.10"])
    }

    @Test func degenerateRangeGivesOneTick() {
        #expect(NiceTicks(lower: 3, upper: 3).values == [3])
        #expect(NiceTicks(lower: .nan, upper: 1).values.isEmpty)
    }

    @Test func scaleMapsLinearlyAndCanRunBackwards() {
        let s = LinearScale(domain: (0, 10), range: (100, 300))
        #expect(s(0) == 100 && s(10) == 300 && s(2.5) == 150)
        let reversed = LinearScale(domain: (700, 3500), range: (500, 100))
        #expect(reversed(700) == 500 && reversed(3500) == 100 && reversed(2100) == 300)
    }
}

struct PlotFrameTests {
    @Test func tickMarksSitAtTheirValuesPixelPositions() {
        // Data area 450 px wide from x = 100 px, 5–50° → 10 px per degree: tick 5 at 100 px, 10 at 150, 50 at 550.
        // y: 200 px tall from y = 20 px, 0–1 upwards → 0 at 220 px, 0.2 at 180 px, 1 at 20 px.
        let frame = PlotFrame(left: 100, top: 20, width: 450, height: 200, xDomain: (5, 50), yDomain: (0, 1))
        #expect(frame.xTicks.values.map(frame.x) == [100, 150, 200, 250, 300, 350, 400, 450, 500, 550])
        #expect(frame.yTicks.values.map(frame.y) == [220, 180, 140, 100, 60, 20])
        var doc = SVGDocument(width: 600, height: 300)
        frame.drawAxes(in: &doc, xLabel: "2θ (°)", yLabel: "y")
        let inspector = SVGInspector()
        #expect(inspector.parse(doc.rendered()))
        // Each x tick is a short vertical line hanging below the frame (220 → 225 px).
        let xTickLines = zip(inspector.elements, inspector.attributes).filter { $0.0 == "line" && $0.1["y1"] == "220" && $0.1["y2"] == "225" }
        #expect(xTickLines.compactMap { $0.1["x1"] } == ["100", "150", "200", "250", "300", "350", "400", "450", "500", "550"])
    }

    @Test func descendingAxisPutsTheLargestValueOnTheLeft() {
        let frame = PlotFrame(left: 0, top: 0, width: 280, height: 100, xDomain: (700, 3500), yDomain: (0, 1), xDescending: true)
        // 2800 cm⁻¹ over 280 px: 3500 at 0 px, 1000 at 250 px.
        #expect(frame.x(3500) == 0 && frame.x(1000) == 250 && frame.x(700) == 280)
    }
}

struct SVGDocumentTests {
    @Test func textIsEscaped() {
        #expect(SVGDocument.escape(#"a<b & "c" 'd' >"#) == "a&lt;b &amp; &quot;c&quot; &apos;d&apos; &gt;")
        // Control characters are not allowed in XML 1.0 and are dropped; ordinary Unicode stays.
        #expect(SVGDocument.escape("2θ\u{0}\u{1B}(°)") == "2θ(°)")
    }

    @Test func hostileTextStillGivesWellFormedXML() {
        var doc = SVGDocument(width: 100, height: 50)
        let hostile = "</text><script>alert(1)</script> & ]]> \u{7}"
        doc.text(hostile, x: 10, y: 20)
        doc.beginGroup(translateX: 5)
        doc.rect(x: 0, y: 0, width: 10, height: 10, fill: "\"red")
        let inspector = SVGInspector()
        #expect(inspector.parse(doc.rendered()))
        #expect(inspector.texts == ["</text><script>alert(1)</script> & ]]> "])
        #expect(!inspector.elements.contains("script"))
    }
}

struct LinePlotTests {
    func plot() -> LinePlot {
        var plot = LinePlot(xLabel: AxisUnit.twoThetaDegrees.label, yLabel: IntensityUnit.normalized.label,
                            title: "ZIF-8 <simulated & measured>")
        let x = (0...2250).map { 5 + Double($0) * 0.02 }
        plot.add(name: "simulated", x: x, y: x.map { exp(-0.5 * pow(($0 - 7.4) / 0.05, 2)) })
        plot.add(name: "measured", x: x, y: x.map { 0.8 * exp(-0.5 * pow(($0 - 12.8) / 0.08, 2)) })
        return plot
    }

    @Test func svgParsesAndCarriesLabelsTitleAndLegend() {
        let inspector = SVGInspector()
        #expect(inspector.parse(plot().svg()))
        #expect(inspector.elements.first == "svg")
        #expect(inspector.elements.filter { $0 == "polyline" }.count == 2)
        #expect(inspector.texts.contains("2θ (°)"))
        #expect(inspector.texts.contains("Normalised intensity"))
        #expect(inspector.texts.contains("ZIF-8 <simulated & measured>"))
        #expect(inspector.texts.contains("simulated") && inspector.texts.contains("measured"))
        // x ticks 5, 10, …, 50 (see NiceTicksTests) are all labelled.
        for label in ["5", "10", "25", "50"] { #expect(inspector.texts.contains(label)) }
    }

    @Test func curvesUseDistinctPaletteColours() {
        let inspector = SVGInspector()
        _ = inspector.parse(plot().svg())
        let strokes = zip(inspector.elements, inspector.attributes).filter { $0.0 == "polyline" }.compactMap { $0.1["stroke"] }
        #expect(strokes == [Palette.okabeIto[0], Palette.okabeIto[1]])
    }

    @Test func longCurvesAreDecimatedWithoutLosingThePeak() throws {
        var plot = LinePlot(xLabel: "x", yLabel: "y")
        let x = (0..<100_000).map(Double.init)
        var y = [Double](repeating: 0, count: x.count)
        y[77_777] = 1
        plot.add(name: "", x: x, y: y)
        let inspector = SVGInspector()
        #expect(inspector.parse(plot.svg()))
        let points = try #require(zip(inspector.elements, inspector.attributes).first { $0.0 == "polyline" }?.1["points"])
        let pairs = points.split(separator: " ")
        #expect(pairs.count <= 4 * Int(plot.width))
        // The single spike survives. Layout by hand: panel top 24 px, height 480 − 24 − 64 = 392 px,
        // y domain −0.02…1.05 (2 % below, 5 % headroom): y = 1 → 24 + 392 · 0.05/1.07 = 42.32 px,
        // y = 0 → 24 + 392 · 1.05/1.07 = 408.67 px.
        let ys = pairs.compactMap { $0.split(separator: ",").last.flatMap { Double($0) } }
        #expect(abs((ys.min() ?? 0) - 42.32) < 0.011)
        #expect(abs((ys.max() ?? 0) - 408.67) < 0.011)
    }
}

struct ColorMapTests {
    @Test func viridisStopsMatchMatplotlib() {
        // matplotlib: [to_hex(cm.viridis(i / 8)) for i in range(9)] gives these endpoints and midpoint.
        #expect(ColorMap.viridis.color(0) == "#440154")
        #expect(ColorMap.viridis.color(0.5) == "#21918c")
        #expect(ColorMap.viridis.color(1) == "#fde725")
    }

    @Test func valuesBetweenStopsAreInterpolatedAndOutOfRangeClamped() {
        // 1/16 is halfway between #440154 and #472d7b: (68+71)/2 = 69.5 → 70, (1+45)/2 = 23, (84+123)/2 = 103.5 → 104.
        #expect(ColorMap.viridis.color(1.0 / 16) == "#461768")
        #expect(ColorMap.viridis.color(-3) == "#440154")
        #expect(ColorMap.viridis.color(7) == "#fde725")
        #expect(ColorMap.viridis.color(.nan) == "#440154")
    }
}

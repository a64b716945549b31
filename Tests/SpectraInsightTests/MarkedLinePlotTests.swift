import Foundation
import Testing
@testable import SpectraInsight

@Test func markedLinePlotDrawsADotPerPointAndALinePerCurveOfTwoOrMore() throws {
    var plot = MarkedLinePlot(xLabel: "segment length", yLabel: "test top-1 (%)", title: "sweep")
    plot.yDomain = (0, 100)
    plot.add(name: "depth 2", x: [120, 30, 60], y: [66, 61, 70])
    plot.add(name: "depth 4", x: [30], y: [55])
    let inspector = SVGInspector()
    #expect(inspector.parse(plot.svg()))
    #expect(inspector.elements.filter { $0 == "circle" }.count == 4)
    #expect(inspector.elements.filter { $0 == "polyline" }.count == 1)
    #expect(inspector.texts.contains("depth 2") && inspector.texts.contains("depth 4"))
    #expect(inspector.texts.contains("segment length") && inspector.texts.contains("sweep"))
    // x spans 30–120 widened by 5 % of 90 on each side: the panel (left 88, width 820 − 88 − 24 = 708 px)
    // maps 25.5 → 88 and 124.5 → 796, so x = 30 is at 88 + 4.5 / 99 · 708 = 120.18 px, and y = 61 of 0–100
    // in a panel from 48 to 416 px is at 416 − 0.61 · 368 = 191.52 px.
    let dots = inspector.attributes.filter { $0["r"] != nil }
    let first = try #require(dots.first)
    #expect(abs((Double(first["cx"] ?? "") ?? 0) - 120.18) < 0.01)
    #expect(abs((Double(first["cy"] ?? "") ?? 0) - 191.52) < 0.01)
}

@Test func theLegendMovesToACornerWithoutPoints() throws {
    // Panel 48–416 px high, y 0–100; two legend rows make a box 2 · 19 + 10 = 48 px high, so the lower-right
    // place is top = 416 − 8 − 48 = 360 px and the upper-right one top = 48 + 8 = 56 px.
    func legendTop(_ points: [(Double, Double)]) throws -> Double? {
        var plot = MarkedLinePlot(xLabel: "x", yLabel: "y", title: "t")
        plot.yDomain = (0, 100)
        plot.add(name: "a", x: points.map(\.0), y: points.map(\.1))
        plot.add(name: "b", x: [30], y: [50])
        let inspector = SVGInspector()
        #expect(inspector.parse(plot.svg()))
        return inspector.attributes.first { $0["fill"] == "#ffffff" && $0["stroke"] == "#bbbbbb" }.flatMap { Double($0["y"] ?? "") }
    }
    #expect(try legendTop([(60, 60), (120, 66)]) == 360)
    #expect(try legendTop([(60, 60), (120, 5)]) == 56)     // (120, 5) sits where the lower-right box would go
}

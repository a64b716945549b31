import Foundation
import SpectraCore
import Testing
@testable import SpectraInsight

struct PeakPickerTests {
    @Test func tallestPeaksComeFirstAndNeighboursOfATallerPeakAreSkipped() {
        let x: [Double] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]
        let y: [Double] = [0, 5, 0, 2, 9, 0, 3, 3, 0, 1]
        // Local maxima: 1 (5), 4 (9), 6 (3, plateau start), 9 is the last point and not a peak.
        #expect(PeakPicker.tallest(x: x, y: y, count: 5, separation: 0) == [4, 1, 6])
        // 3 apart at least: 1 is 3 from 4 (kept), 6 is 2 from 4 (skipped).
        #expect(PeakPicker.tallest(x: x, y: y, count: 5, separation: 3) == [4, 1])
        #expect(PeakPicker.tallest(x: x, y: y, count: 1, separation: 0) == [4])
    }
}

struct HeatBandPlotTests {
    /// Two Gaussian peaks at 7.4° and 12.8° with ripple, a map that covers all but the last 3 points.
    func panel() -> HeatBandPlot.Panel {
        let x = (0..<500).map { 5 + 0.02 * Double($0) }
        let y = x.map { exp(-0.5 * pow(($0 - 7.4) / 0.05, 2)) + 0.6 * exp(-0.5 * pow(($0 - 12.8) / 0.05, 2)) + 0.001 * sin(40 * $0) }
        let map: [Double?] = (0..<500).map { $0 < 497 ? Double($0 / 100) : nil }
        return HeatBandPlot.Panel(title: "ZIF-8 & <friends>", x: x, y: y, bands: [.init(name: "rollout", values: map)])
    }

    @Test func svgParsesWithStripsPeakLabelsAndColourBar() {
        let plot = HeatBandPlot(panels: [panel(), panel()], xLabel: AxisUnit.twoThetaDegrees.label, yLabel: "Normalised intensity")
        let inspector = SVGInspector()
        #expect(inspector.parse(plot.svg()))
        #expect(inspector.texts.filter { $0 == "rollout" }.count == 2)
        #expect(inspector.texts.contains("ZIF-8 & <friends>"))
        // Both peaks are labelled with their position (one decimal for a 0.02° grid); the ripple is not.
        #expect(inspector.texts.filter { $0 == "7.4" }.count == 2 && inspector.texts.filter { $0 == "12.8" }.count == 2)
        #expect(inspector.texts.contains("2θ (°)"))
        // The area under the curve is clipped to a polygon.
        #expect(inspector.elements.contains("polygon"))
    }

    @Test func mapsAreScaledByTheirMaximumOrMinMaxAndGapsStayEmpty() {
        // Non-negative: divided by the maximum (4). With negatives: min–max over −2…2.
        #expect(HeatBandPlot.normalised([1, 2, nil, 4]) == [0.25, 0.5, nil, 1])
        #expect(HeatBandPlot.normalised([-2, 0, 2]) == [0, 0.5, 1])
        // Values 0–4 by hundreds of points: the band is 5 runs of constant colour, the last 3 points empty.
        let plot = HeatBandPlot(panels: [panel()], xLabel: "x", yLabel: "y")
        let inspector = SVGInspector()
        _ = inspector.parse(plot.svg())
        let fills = Set((0...4).map { ColorMap.viridis.color(Double($0) / 4) })
        // In the strip (height 14), one rect per run: 5 runs.
        let stripRects = zip(inspector.elements, inspector.attributes).filter { $0.0 == "rect" && $0.1["height"] == "14" && fills.contains($0.1["fill"] ?? "") }
        #expect(stripRects.count == 5)
    }
}

struct AttentionGridPlotTests {
    @Test func everyLayerAndHeadIsDrawnWithItsLargestCellAtTheTopColour() throws {
        // 2 layers × 3 heads × 4 tokens; map (l, h) has its single largest weight at query l, key h.
        var weights = [Float](repeating: 0.1, count: 2 * 3 * 16)
        for l in 0..<2 { for h in 0..<3 { weights[((l * 3 + h) * 4 + l) * 4 + h] = 0.7 } }
        let maps = try AttentionMaps(layers: 2, heads: 3, tokens: 4, weights: weights)
        let plot = AttentionGridPlot(maps: maps, segments: nil, axisLabel: "2θ (°)", title: "test")
        let inspector = SVGInspector()
        #expect(inspector.parse(plot.svg()))
        for label in ["Layer 1", "Layer 2", "Head 1", "Head 2", "Head 3"] { #expect(inspector.texts.contains(label)) }
        // The top colour level is 63 of 64 → viridis((63 + 0.5)/64); each map's path for it is one cell at (key h, query l).
        let top = ColorMap.viridis.color(63.5 / 64)
        let cells = zip(inspector.elements, inspector.attributes).filter { $0.0 == "path" && $0.1["fill"] == top }.compactMap { $0.1["d"] }
        #expect(cells == ["M0 0h1v1h-1z", "M1 0h1v1h-1z", "M2 0h1v1h-1z", "M0 1h1v1h-1z", "M1 1h1v1h-1z", "M2 1h1v1h-1z"])
    }
}

struct ScatterPlotTests {
    @Test func highlightedClassesGetPaletteColoursAndTheRestGrey() throws {
        let coordinates: [Double] = [0, 0, 1, 1, 2, 0, 3, 1, 4, 4]
        let plot = try ScatterPlot(coordinates: coordinates, classes: [0, 0, 1, 2, 2], classNames: ["ZIF-8", "ZIF-67", "MOF-5"],
                                   highlight: ["MOF-5"])
        let inspector = SVGInspector()
        #expect(inspector.parse(plot.svg()))
        let circles = zip(inspector.elements, inspector.attributes).filter { $0.0 == "circle" }.map { $0.1["fill"] ?? "" }
        // 3 grey points + 2 MOF-5 points + 2 legend markers.
        #expect(circles.filter { $0 == ScatterPlot.otherColor }.count == 4)
        #expect(circles.filter { $0 == Palette.okabeIto[0] }.count == 3)
        #expect(inspector.texts.contains("MOF-5") && inspector.texts.contains("2 other classes"))
        #expect(inspector.texts.contains("t-SNE 1"))
    }

    @Test func unknownHighlightIsATypedError() {
        #expect(throws: InsightError.self) {
            _ = try ScatterPlot(coordinates: [0, 0], classes: [0], classNames: ["a"], highlight: ["b"])
        }
        #expect(throws: InsightError.self) { _ = try ScatterPlot(coordinates: [0, 0, 1], classes: [0], classNames: ["a"]) }
    }
}

struct TrainingCurvesPlotTests {
    let line1 = #"{"epoch":1,"steps":10,"trainLoss":2.0,"validationLoss":2.1,"validationTop1":0.1,"validationTop3":0.3,"validationTop5":0.5,"learningRate":0.001,"seconds":1,"samplesPerSecond":100}"#
    let line2 = #"{"epoch":2,"steps":10,"trainLoss":1.0,"validationLoss":1.2,"validationTop1":0.6,"validationTop3":0.8,"validationTop5":0.9,"learningRate":0.001,"seconds":1,"samplesPerSecond":100}"#

    @Test func logLinesBecomeLossAndAccuracyCurves() throws {
        // A resumed run repeats epoch 2: the later record wins.
        let repeated = line2.replacingOccurrences(of: #""trainLoss":1.0"#, with: #""trainLoss":0.9"#)
        let plot = try TrainingCurvesPlot(log: [line1, line2, repeated, ""].joined(separator: "\n"), file: "log.jsonl")
        #expect(plot.epochs.map(\.epoch) == [1, 2])
        #expect(plot.epochs.map(\.trainLoss) == [2.0, 0.9])
        let inspector = SVGInspector()
        #expect(inspector.parse(plot.svg()))
        #expect(inspector.elements.filter { $0 == "polyline" }.count == 5)
        for label in ["Epoch", "Validation accuracy (%)", "top-1", "validation"] { #expect(inspector.texts.contains(label)) }
    }

    @Test func aMalformedLineIsReportedWithItsNumber() {
        do {
            _ = try TrainingCurvesPlot(log: line1 + "\n{\"epoch\": 2}\n", file: "log.jsonl")
            Issue.record("expected an error")
        } catch let error as InsightError {
            #expect(error.file == "log.jsonl" && error.line == 2)
        } catch { Issue.record("\(error)") }
        #expect(throws: InsightError.self) { _ = try TrainingCurvesPlot(log: "\n", file: "empty.jsonl") }
    }
}

struct ConfusionMatrixPlotTests {
    @Test func onlyClassesThatOccurAreDrawnWithCountsAndRowFractions() throws {
        let json = #"""
        {"labels": ["a", "b", "c", "d", "e"], "top1": 0.75,
         "confusionCounts": [{"truth": "a", "predicted": "a", "count": 3}, {"truth": "a", "predicted": "c", "count": 1},
                             {"truth": "c", "predicted": "c", "count": 2}]}
        """#
        let plot = try ConfusionMatrixPlot(evaluationJSON: Data(json.utf8), file: "eval.json")
        #expect(plot.classNames == ["a", "c"])
        #expect(plot.counts == [[3, 1], [0, 2]])
        let inspector = SVGInspector()
        #expect(inspector.parse(plot.svg()))
        #expect(inspector.texts.contains("Confusion matrix (top-1 75.0 %)"))
        for count in ["3", "1", "2"] { #expect(inspector.texts.contains(count)) }
        // Row a: 3/4 and 1/4 of its spectra; row c: all on the diagonal.
        let fills = zip(inspector.elements, inspector.attributes).filter { $0.0 == "rect" && $0.1["stroke"] == "#ffffff" }.map { $0.1["fill"] ?? "" }
        #expect(fills == [ColorMap.blues.color(0.75), ColorMap.blues.color(0.25), ColorMap.blues.color(0), ColorMap.blues.color(1)])
    }

    @Test func jsonWithoutCountsIsATypedError() {
        #expect(throws: InsightError.self) { _ = try ConfusionMatrixPlot(evaluationJSON: Data("{}".utf8), file: "x.json") }
        #expect(throws: InsightError.self) { _ = try ConfusionMatrixPlot(evaluationJSON: Data("[1".utf8), file: "x.json") }
    }
}

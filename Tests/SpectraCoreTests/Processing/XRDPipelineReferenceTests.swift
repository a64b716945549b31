import Foundation
import Testing
import SpectraCore

/// The XRD "measured" chain on real measured patterns against an independent NumPy/SciPy version
/// (benchmarks/processing/preprocess_bench.py: scipy.signal.savgol_filter(y, 11, 3, mode='interp'),
/// SNIP with the LLS transform in NumPy, np.interp onto 5–50° at 0.02° with 0 outside, min–max),
/// values computed once with numpy 2.4.6 / scipy 1.17.1 and pasted here.
struct XRDPipelineReferenceTests {
    func pipeline() throws -> CompiledPipeline {
        CompiledPipeline(steps: [
            try SavitzkyGolay(window: 11, order: 3), try BaselineSNIP(width: 3),
            try Resample(start: 5, stop: 50, step: 0.02), NormalizeMinMax(),
        ])
    }

    /// Two-column text as the Python reference parses it: lines with at least two numbers.
    func readXY(_ name: String) throws -> Spectrum {
        let url = processingPackageRoot.appendingPathComponent("../shared/data/xrd/experimental/\(name)")
        let text = try String(contentsOf: url, encoding: .utf8)
        var x: [Double] = [], y: [Double] = []
        for line in text.split(whereSeparator: \.isNewline) {
            let fields = line.split(whereSeparator: { $0.isWhitespace || $0 == "," }).compactMap { Double($0) }
            if fields.count >= 2 { x.append(fields[0]); y.append(fields[1]) }
        }
        return Spectrum(x: x, y: y, xUnit: .twoThetaDegrees, yUnit: .counts)
    }

    @Test func limno2MatchesNumpyScipyReference() throws {
        // 9001 points, 10–100° at 0.01°: SNIP half-width 150 points; grid below 10° is fill (0).
        let out = try pipeline().apply(to: readXY("LiMnO2.xy"))
        let expected: [(Int, Double)] = [(0, 0), (250, 0), (1000, 0.11533258396824082), (1500, 0.01643180214865326),
                                         (2000, 0.2364755395161857), (2250, 0.002955490192376295)]
        for (i, value) in expected { #expect(abs(out.y[i] - value) < 1e-9, "point \(i)") }
        #expect(abs(out.y.reduce(0, +) - 95.19716107263122) < 1e-7)
    }

    @Test func zincMOFPatternMatchesNumpyScipyReference() throws {
        // 1857 points at ≈0.0205° from 5°: SNIP half-width 73 points; grid above the data is fill (0).
        let out = try pipeline().apply(to: readXY("Zn2-TBAPy_AsMade.xy"))
        let expected: [(Int, Double)] = [(0, 0.01659884918456056), (250, 0.8099536356921352), (1000, 0.09883462455084739),
                                         (1500, 0.0020949392404764925), (2000, 0), (2250, 0)]
        for (i, value) in expected { #expect(abs(out.y[i] - value) < 1e-9, "point \(i)") }
        #expect(abs(out.y.reduce(0, +) - 43.80650929732974) < 1e-7)
    }
}

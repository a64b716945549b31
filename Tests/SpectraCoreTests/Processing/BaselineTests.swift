import Foundation
import Testing
import SpectraCore

/// A Gaussian peak of height 10 and σ = 1 at x = 50 on a known background, x = 0…100 step 0.1.
private func synthetic(background: (Double) -> Double) -> (spectrum: Spectrum, peak: [Double]) {
    let x = (0...1000).map { Double($0) * 0.1 }
    let peak = x.map { 10 * exp(-0.5 * ($0 - 50) * ($0 - 50)) }
    let y = zip(x, peak).map { background($0) + $1 }
    return (Spectrum(x: x, y: y), peak)
}

/// Largest absolute deviation between two arrays.
private func maxError(_ a: [Double], _ b: [Double]) -> Double {
    zip(a, b).reduce(0) { max($0, abs($1.0 - $1.1)) }
}

struct BaselineTests {
    // Tolerance: 3 % of the peak height (0.3), everywhere. Both methods bridge the peak with a
    // smooth curve; SNIP's bias comes from the LLS transform, which bends a straight background
    // (concave in transformed space, so clipping undercuts it by an amount growing with the window²),
    // so the window is chosen as for real data: width 8 x units = 8σ, about 3.4 × FWHM.
    let tolerance = 0.3

    @Test func snipRecoversPeakOnLinearBackground() throws {
        let (s, peak) = synthetic { 2 + 0.05 * $0 }
        let out = try BaselineSNIP(width: 8).process(s)
        #expect(maxError(out.y, peak) < tolerance)
        #expect(abs(out.y[500] - 10) < tolerance)
    }

    @Test func snipRecoversPeakOnQuadraticBackground() throws {
        let (s, peak) = synthetic { 5 + 0.03 * $0 + 0.0004 * $0 * $0 }
        let out = try BaselineSNIP(width: 8, iterations: 25).process(s)
        #expect(maxError(out.y, peak) < tolerance)
    }

    @Test func alsRecoversPeakOnQuadraticBackground() throws {
        let (s, peak) = synthetic { 5 + 0.03 * $0 + 0.0004 * $0 * $0 }
        let out = try BaselineALS(lambda: 1e6, p: 0.001, iterations: 20).process(s)
        #expect(maxError(out.y, peak) < tolerance)
        #expect(abs(out.y[500] - 10) < tolerance)
    }

    @Test func alsReproducesAStraightLineExactly() throws {
        // A line has zero second differences and zero residual: it is its own baseline.
        let x = (0..<200).map(Double.init)
        let line = x.map { 3 - 0.02 * $0 }
        let z = try BaselineALS(lambda: 1e4, p: 0.05, iterations: 5).baseline(line)
        #expect(allClose(z, line, tolerance: 1e-8))
    }

    @Test func snipWidthIsInXUnits() throws {
        // The same physical width on a grid twice as fine must give nearly the same corrected peak
        // (within 1 % of its height: the finer grid clips with twice as many, finer windows).
        let coarse = synthetic { 2 + 0.05 * $0 }.spectrum
        let fine = Spectrum(x: (0...2000).map { Double($0) * 0.05 },
                            y: (0...2000).map { i -> Double in
                                let x = Double(i) * 0.05
                                return 2 + 0.05 * x + 10 * exp(-0.5 * (x - 50) * (x - 50))
                            })
        let a = try BaselineSNIP(width: 8).process(coarse)
        let b = try BaselineSNIP(width: 8).process(fine)
        #expect(abs(a.y[500] - b.y[1000]) < 0.1)
    }

    @Test func refusesBadParametersAndShortSpectra() {
        #expect(processingErrorReason { _ = try BaselineSNIP(width: 0) }?.contains("width") == true)
        #expect(processingErrorReason { _ = try BaselineALS(lambda: 1e5, p: 1.5) }?.contains("p must") == true)
        #expect(processingErrorReason { _ = try BaselineSNIP(width: 1).process(Spectrum(x: [1, 2], y: [1, 2])) }?.contains("at least 3") == true)
        #expect(processingErrorReason { _ = try BaselineALS().process(Spectrum(x: [1, 2, 3], y: [1, .infinity, 2])) }?.contains("finite") == true)
    }
}

import Testing
import SpectraCore

struct ResampleTests {
    // Knots and expected values from numpy 2.4.6 / scipy 1.17.1, computed once:
    //   x=[0,1,2.5,3,4.2,6]; y=[1,3,2,5,4,0]; g=np.arange(-1,7.0001,0.5)
    //   np.interp(g,x,y,left=-9,right=-9); CubicSpline(x,y,bc_type='natural')(g) with -9 outside [0,6]
    let x = [0, 1, 2.5, 3, 4.2, 6.0]
    let y = [1, 3, 2, 5, 4, 0.0]
    let expectedLinear = [-9.0, -9.0, 1.0, 2.0, 3.0, 2.6666666666666665, 2.3333333333333335, 2.0, 5.0,
                          4.583333333333333, 4.166666666666667, 3.333333333333334, 2.2222222222222223,
                          1.1111111111111112, 0.0, -9.0, -9.0]
    let expectedCubic = [-9.0, -9.0, 1.0, 2.475633661560904, 3.0, 2.090245697922576, 1.1371734608423152, 2.0, 5.0,
                         5.818416622767917, 4.645497339060432, 3.1180403598346715, 1.8974705315575728,
                         0.8943683532791247, 0.0, -9.0, -9.0]

    @Test func linearMatchesNumpyInterpWithFillOutside() throws {
        let step = try Resample(start: -1, stop: 7, step: 0.5, method: .linear, fill: -9)
        let out = try step.process(Spectrum(x: x, y: y))
        #expect(out.x == (0...16).map { -1 + Double($0) * 0.5 })
        #expect(allClose(out.y, expectedLinear, tolerance: 1e-12))
    }

    @Test func cubicMatchesScipyNaturalSpline() throws {
        let step = try Resample(start: -1, stop: 7, step: 0.5, method: .cubic, fill: -9)
        let out = try step.process(Spectrum(x: x, y: y))
        #expect(allClose(out.y, expectedCubic, tolerance: 1e-12))
    }

    @Test func unsortedInputIsSortedFirst() throws {
        let order = [3, 0, 5, 1, 4, 2]
        let shuffled = Spectrum(x: order.map { x[$0] }, y: order.map { y[$0] })
        let out = try Resample(start: -1, stop: 7, step: 0.5).process(shuffled)
        #expect(allClose(out.y, expectedLinear.map { $0 == -9 ? 0 : $0 }, tolerance: 1e-12))
    }

    @Test func duplicateXValuesAreAveraged() throws {
        // Points (1, 2) and (1, 4) merge into (1, 3); halfway to (2, 5) is 4 by hand.
        let s = Spectrum(x: [0, 1, 1, 2], y: [1, 2, 4, 5])
        let out = try Resample(start: 0, stop: 2, step: 0.5).process(s)
        #expect(allClose(out.y, [1, 2, 3, 4, 5], tolerance: 1e-12))
    }

    @Test func gridIncludesStopLikeCanonicalAxis() throws {
        // 5–50° at 0.02° is 2251 points (the paper's XRD grid), the last exactly 50 within rounding.
        let grid = try Resample(start: 5, stop: 50, step: 0.02).grid
        #expect(grid.count == 2251)
        #expect(abs((grid.last ?? 0) - 50) < 1e-9)
        #expect(grid.count == CanonicalAxis(unit: .twoThetaDegrees, start: 5, stop: 50, step: 0.02).count)
    }

    @Test func refusesTooFewDistinctPointsAndNaN() throws {
        let step = try Resample(start: 0, stop: 1, step: 0.1)
        #expect(processingErrorReason { _ = try step.process(Spectrum(x: [1], y: [2])) }?.contains("at least 2") == true)
        #expect(processingErrorReason { _ = try step.process(Spectrum(x: [1, 1], y: [2, 3])) }?.contains("distinct") == true)
        #expect(processingErrorReason { _ = try step.process(Spectrum(x: [0, .nan], y: [2, 3])) }?.contains("finite") == true)
        #expect(processingErrorReason { _ = try step.process(Spectrum(x: [], y: [])) }?.contains("empty") == true)
    }

    @Test func refusesBadGridAndMethod() {
        #expect(processingErrorReason { _ = try Resample(start: 1, stop: 0, step: 0.1) } != nil)
        #expect(processingErrorReason { _ = try Resample(start: 0, stop: 1, step: 0) } != nil)
        #expect(processingErrorReason { _ = try Resample(start: 0, stop: 1e12, step: 1e-3) }?.contains("more than") == true)
        let bad: StepParameters = ["start": .number(0), "stop": .number(1), "spacing": .number(0.1), "method": .string("quadratic")]
        #expect(processingErrorReason { _ = try Resample(parameters: bad) }?.contains("quadratic") == true)
        let noSpacing: StepParameters = ["start": .number(0), "stop": .number(1)]
        #expect(processingErrorReason { _ = try Resample(parameters: noSpacing) }?.contains("'spacing'") == true)
    }
}

import Foundation
import Testing
import SpectraCore

struct SavitzkyGolayTests {
    // y[i] = sin(0.7 i) + 0.1 i^1.5, i = 0…14; expected values from scipy 1.17.1, computed once:
    //   savgol_filter(y, 5, 2, mode='interp') and savgol_filter(y, 7, 3, deriv=1, delta=0.5, mode='interp')
    let y = (0..<15).map { sin(0.7 * Double($0)) + 0.1 * pow(Double($0), 1.5) }
    let expectedSmooth = [-0.01760219246800091, 0.7861813184681319, 1.248014703579753, 1.3660851462333152,
                          1.1284706127214261, 0.7738098250528599, 0.6145858972368478, 0.8881619949883566,
                          1.6434164435300282, 2.716474906651686, 3.8067925006164174, 4.61770794441238,
                          4.995308121645724, 5.0796950873194895, 4.837853299566094]
    let expectedDerivative = [2.30197176801788, 1.2473354607455263, 0.4288289173868096, -0.1535478620582697,
                              -0.6616094405247644, -0.5834628527209528, 0.07818703356820589, 1.0436615975562489,
                              1.8875733701569808, 2.2395080928074633, 1.9586822442396188, 1.2004714428441892,
                              0.5639730424961114, -0.15298921019451273, -0.9504153152276831]

    @Test func smoothingMatchesScipyInterpModeIncludingEdges() throws {
        let s = Spectrum(x: (0..<15).map(Double.init), y: y)
        let out = try SavitzkyGolay(window: 5, order: 2).process(s)
        #expect(allClose(out.y, expectedSmooth, tolerance: 1e-10))
    }

    @Test func firstDerivativeIsPerXUnit() throws {
        // x spacing 0.5 plays scipy's delta=0.5.
        let s = Spectrum(x: (0..<15).map { Double($0) * 0.5 }, y: y)
        let out = try SavitzkyGolay(window: 7, order: 3, derivative: 1).process(s)
        #expect(allClose(out.y, expectedDerivative, tolerance: 1e-9))
    }

    @Test func cubicIsReproducedExactlyByOrderThree() throws {
        // A polynomial of degree ≤ order is its own least-squares fit, edges included.
        let xs = (0..<20).map(Double.init)
        let cubic = xs.map { 0.01 * $0 * $0 * $0 - 0.3 * $0 * $0 + 2 * $0 - 1 }
        let out = try SavitzkyGolay(window: 9, order: 3).process(Spectrum(x: xs, y: cubic))
        #expect(allClose(out.y, cubic, tolerance: 1e-9))
    }

    @Test func refusesBadParametersAndShortSpectra() throws {
        #expect(processingErrorReason { _ = try SavitzkyGolay(window: 4, order: 2) }?.contains("odd") == true)
        #expect(processingErrorReason { _ = try SavitzkyGolay(window: 5, order: 5) }?.contains("order") == true)
        #expect(processingErrorReason { _ = try SavitzkyGolay(window: 5, order: 2, derivative: 3) }?.contains("derivative") == true)
        let step = try SavitzkyGolay(window: 11, order: 3)
        let reason = processingErrorReason { _ = try step.process(Spectrum(x: [1, 2, 3], y: [1, 2, 3])) }
        #expect(reason?.contains("savitzky-golay") == true)
        #expect(reason?.contains("11") == true)
    }
}

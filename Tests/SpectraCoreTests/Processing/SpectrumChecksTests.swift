import Testing
import SpectraCore

struct SpectrumChecksTests {
    @Test func medianStepIsTheMedianSpacingOfSortedX() {
        // Sorted x 0, 1, 3, 4, 4.5, 10 → spacings 1, 2, 1, 0.5, 5.5 → sorted 0.5, 1, 1, 2, 5.5 → median 1.
        #expect(Spectrum(x: [0, 1, 3, 4, 4.5, 10], y: [0, 0, 0, 0, 0, 0]).medianStep == 1)
        #expect(Spectrum(x: [4.5, 0, 10, 3, 1, 4], y: [0, 0, 0, 0, 0, 0]).medianStep == 1)
        // Even count of spacings takes the upper middle: 0.1 × 3 and 0.3 → sorted 0.1, 0.1, 0.1, 0.3 → rank 2 = 0.1.
        #expect(abs(Spectrum(x: [0, 0.1, 0.2, 0.3, 0.6], y: [0, 0, 0, 0, 0]).medianStep - 0.1) < 1e-12)
        #expect(Spectrum(x: [5], y: [1]).medianStep == 0)
    }

    @Test func medianStepOfALongEvenGridWithOneGap() {
        // 10 001 points at 0.02 with one 1.0 gap: the median spacing is still 0.02.
        var x = (0..<10_000).map { Double($0) * 0.02 }
        x.append(x[x.count - 1] + 1)
        let step = Spectrum(x: x.reversed(), y: [Double](repeating: 0, count: x.count)).medianStep
        #expect(abs(step - 0.02) < 1e-9)
    }
}

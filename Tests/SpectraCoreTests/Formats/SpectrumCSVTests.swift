import Testing
@testable import SpectraCore

/// CSV numbers are formatted without a String each; the text must be exactly `Double.description`.
@Suite struct SpectrumCSVTests {
    @Test func numbersAreWrittenAsTheirDescription() {
        var g = SeededGenerator(seed: 21)
        var x: [Double] = [0, -0.0, 1, 4400, 0.1, 1e-5, 1e-4, 123456789012345680, 9007199254740992, .leastNonzeroMagnitude,
                           .greatestFiniteMagnitude, -2.2250738585072014e-308, 0.8787, 1.0 / 3]
        while x.count < 5_000 {
            x.append(Double(bitPattern: g.next()))
            x.append((g.uniform(-1, 1) * 1e6).rounded() / 1e4)
        }
        x += [.nan, -.infinity, .infinity, Double(bitPattern: 0x7FF0_0000_0000_0001)]
        let y = x.reversed().map { -$0 }
        let text = SpectrumCSV.encode(Spectrum(x: x, y: y))
        let expected = "x,y\n" + zip(x, y).map { "\($0.description),\($1.description)\n" }.joined()
        #expect(text == expected)
    }
}

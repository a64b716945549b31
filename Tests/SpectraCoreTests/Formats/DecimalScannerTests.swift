import Foundation
import Testing
@testable import SpectraCore

/// The byte-level number scanner against the C library's `strtod` (called directly here), on the shapes its
/// fast path takes (up to 8 integer and 8 fraction digits, read 8 bytes at a time) and on those it hands on.
@Suite struct DecimalScannerTests {
    /// `strtod` of `text`, or NaN (which no comparison below accepts) when it does not consume all of it.
    func strtodValue(_ text: String) -> Double {
        text.withCString { start in
            var end: UnsafeMutablePointer<CChar>?
            let value = strtod(start, &end)
            return end.map { $0 - UnsafeMutablePointer(mutating: start) } == text.utf8.count ? value : .nan
        }
    }

    /// The scanner on exactly the bytes of `text` (so the last 8-byte word would cross the buffer's end).
    func scanned(_ text: String) -> Double? {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { DecimalScanner.parseField($0, from: 0, end: $0.count) }
    }

    /// The scanner on `text` inside a longer buffer, followed by `after`, as in a data line.
    func scanned(_ text: String, followedBy after: String, exponentNeedsSign: Bool = false) -> (Double, Int)? {
        let bytes = Array((text + after).utf8)
        return bytes.withUnsafeBufferPointer { p -> (Double, Int)? in
            var i = 0
            var negative = false
            if p[0] == 43 || p[0] == 45 { negative = p[0] == 45; i = 1 }
            return DecimalScanner.scanUnsigned(p, from: i, end: p.count, negative: negative, exponentNeedsSign: exponentNeedsSign)
                .map { ($0.value, $0.next) }
        }
    }

    /// Every split of 1…16 digits into integer and fraction parts (the fast path's word boundaries at 7, 8, 9
    /// digits included), with and without sign and leading zeros, alone in the buffer and followed by text.
    @Test func everyDigitLayoutEqualsStrtod() {
        var g = SeededGenerator(seed: 2024)
        for total in 1...16 {
            for integerDigits in 0...total {
                for _ in 0..<20 {
                    var digits = (0..<total).map { _ in Character(String(g.int(below: 10))) }
                    if g.bernoulli(0.3) { digits[0] = "0" }
                    var text = String(digits.prefix(integerDigits))
                    if integerDigits < total { text += "." + String(digits.dropFirst(integerDigits)) }
                    if text.hasPrefix(".") && g.bernoulli(0.5) { text = "0" + text }
                    if g.bernoulli(0.3) { text = (g.bernoulli(0.5) ? "-" : "+") + text }
                    let expected = strtodValue(text)
                    #expect(scanned(text)?.bitPattern == expected.bitPattern, "\(text)")
                    let inLine = scanned(text, followedBy: " 123.5 678\n")
                    #expect(inLine?.0.bitPattern == expected.bitPattern && inLine?.1 == text.utf8.count, "\(text) in a line")
                }
            }
        }
    }

    /// Random decimals of up to 25 significant digits with exponents: most leave the fast path for the
    /// exact-power or `strtod` paths.
    @Test func randomDecimalsWithExponentsEqualStrtod() {
        var g = SeededGenerator(seed: 7)
        for _ in 0..<20_000 {
            let integer = String((0..<g.int(in: 0...12)).map { _ in Character(String(g.int(below: 10))) })
            var fraction = String((0..<g.int(in: 0...13)).map { _ in Character(String(g.int(below: 10))) })
            if integer.isEmpty && fraction.isEmpty { fraction = "5" }
            var text = integer + (fraction.isEmpty && g.bernoulli(0.5) ? "" : "." + fraction)
            if g.bernoulli(0.5) { text += (g.bernoulli(0.5) ? "e" : "E") + (g.bernoulli(0.5) ? "-" : "+") + String(g.int(in: 0...330)) }
            if g.bernoulli(0.5) { text = "-" + text }
            #expect(scanned(text)?.bitPattern == strtodValue(text).bitPattern, "\(text)")
        }
    }

    /// Values where a wrong rounding step shows: halfway cases, 2^53 ± 1, the extremes, long mantissas.
    @Test func hardRoundingCasesEqualStrtod() {
        let inputs = ["9007199254740992", "9007199254740993", "9007199254740994", "900719925474099.3", "90071992.54740993",
                      "4503599627370496.5", "4503599627370497.5", "0.30000000000000004", "1.00000000000000011102230246251565404236316680908203125",
                      "2.2250738585072011e-308", "2.2250738585072014e-308", "1.7976931348623157e308", "4.9e-324", "0.000000000000000000000001",
                      "99999999.99999999", "12345678.87654321", "00000000.00000001", "0.1234567", "7.0000000", "17976931348623157",
                      "123456789012345678901234567890", "0.0", "-0", "00000000000000000000.5"]
        for text in inputs {
            #expect(scanned(text)?.bitPattern == strtodValue(text).bitPattern, "\(text)")
        }
    }

    /// In JCAMP ASDF an `E` is an exponent only with a sign after it; otherwise it is the SQZ digit +5 and ends
    /// the number. The index after the number is checked too.
    @Test func asdfExponentNeedsASign() {
        let plain = scanned("1.5", followedBy: "E3 7", exponentNeedsSign: true)
        #expect(plain?.0 == 1.5 && plain?.1 == 3)
        let exponent = scanned("1.5E-3", followedBy: " 7", exponentNeedsSign: true)
        #expect(exponent?.0.bitPattern == strtodValue("1.5E-3").bitPattern && exponent?.1 == 6)
        let twelveDigits = scanned("123456789012", followedBy: "e2", exponentNeedsSign: true)
        #expect(twelveDigits?.0 == 123456789012 && twelveDigits?.1 == 12)
        // Without the ASDF rule the same text is one number.
        let general = scanned("1.5", followedBy: "E3 7")
        #expect(general?.0 == 1500 && general?.1 == 5)
    }

    /// SQZ/DIF letters give the sign and the first digit: `D117` is +4117, `j2` is −12 (by hand); the value
    /// must equal strtod of the digits written out, also when the digits are long or followed by more data.
    @Test func leadingDigitFromAnAsdfLetter() {
        var g = SeededGenerator(seed: 11)
        for _ in 0..<2_000 {
            let digit = g.int(in: 0...9)
            let rest = String((0..<g.int(in: 0...17)).map { _ in Character(String(g.int(below: 10))) })
            let negative = g.bernoulli(0.5)
            let bytes = Array((rest + "J2 100").utf8)
            let result = bytes.withUnsafeBufferPointer {
                DecimalScanner.scanUnsigned($0, from: 0, end: $0.count, negative: negative, leadingDigit: digit, exponentNeedsSign: true)
            }
            let expected = strtodValue((negative ? "-" : "") + String(digit) + rest)
            #expect(result?.value.bitPattern == expected.bitPattern && result?.next == rest.utf8.count, "\(digit)\(rest)")
        }
        let d117 = Array("117".utf8).withUnsafeBufferPointer {
            DecimalScanner.scanUnsigned($0, from: 0, end: 3, negative: false, leadingDigit: 4, exponentNeedsSign: true)
        }
        #expect(d117?.value == 4117)
    }

    /// Nothing to read is nil; a number stops at `end` even when digits follow in the buffer.
    @Test func emptyAndCutNumbers() {
        #expect(scanned(".") == nil && scanned("-") == nil && scanned("") == nil && scanned("e5") == nil)
        let bytes = Array("123456789.25".utf8)
        let cut = bytes.withUnsafeBufferPointer { DecimalScanner.scanUnsigned($0, from: 0, end: 4, negative: false) }
        #expect(cut?.value == 1234 && cut?.next == 4)
    }
}

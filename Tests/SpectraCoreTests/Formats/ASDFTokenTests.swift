import Foundation
import Testing
@testable import SpectraCore

/// The ASDF decoder's word-at-a-time path for the usual tokens (AFFN numbers, SQZ and DIF values of up to 8
/// integer and 7 fraction digits) and the general path it hands everything else to, on generated
/// `(X++(Y..Y))` tables: every Y must equal `strtod` of the token's text (a SQZ or DIF letter written back as
/// its sign and digit), and a DIF value the previous Y plus that, added here in Double.
@Suite struct ASDFTokenTests {
    /// `strtod` of the whole of `text` (NaN, which no comparison accepts, if it does not read all of it).
    func strtodValue(_ text: String) -> Double {
        text.withCString { start in
            var end: UnsafeMutablePointer<CChar>?
            let value = strtod(start, &end)
            return end.map { $0 - UnsafeMutablePointer(mutating: start) } == text.utf8.count ? value : .nan
        }
    }

    /// A token: its text in the table, and the text `strtod` reads for its value (or difference).
    struct Token {
        var text: String
        var number: String
        var isDifference: Bool
    }

    /// A random number shape: 0–10 integer digits, then sometimes a point and 0–9 fraction digits (at least one
    /// digit in all when `needsDigit`).
    func digits(_ g: inout SeededGenerator, needsDigit: Bool) -> String {
        func run(_ count: Int) -> String { String((0..<count).map { _ in Character(String(g.int(below: 10))) }) }
        while true {
            var text = run(g.int(in: 0...10))
            if g.bernoulli(0.5) { text += "." + run(g.int(in: 0...9)) }
            if !needsDigit || text.contains(where: \.isNumber) { return text }
        }
    }

    /// An AFFN, SQZ or DIF token (DIF only when `differenceAllowed`).
    func token(_ g: inout SeededGenerator, differenceAllowed: Bool) -> Token {
        let kind = g.int(below: differenceAllowed ? 3 : 2)
        if kind == 0 { // AFFN, signed or not
            let sign = ["", "-", "+"][g.int(below: 3)]
            let body = digits(&g, needsDigit: true)
            return Token(text: sign + body, number: sign + body, isDifference: false)
        }
        let digit = g.int(below: 10)
        let negative = digit > 0 && g.bernoulli(0.5)
        let rest = digits(&g, needsDigit: false)
        let letters: [Character] = kind == 1 ? Array(negative ? "@abcdefghi" : "@ABCDEFGHI")
                                             : Array(negative ? "%jklmnopqr" : "%JKLMNOPQR")
        return Token(text: String(letters[digit]) + rest, number: (negative ? "-" : "") + String(digit) + rest,
                     isDifference: kind == 2)
    }

    /// A table of `lines` lines, each `X` then 1–12 tokens (blank-separated, or not before a sign or letter);
    /// a line never ends in DIF form, so there is no Y-check. Returns the file and the expected Y values.
    func table(_ g: inout SeededGenerator, lines: Int, end: String) -> (String, [Double]) {
        // (A sign right after a lone `E`/`e` would make it an exponent, so a blank goes between them.)
        var expected: [Double] = []
        var text = ""
        for _ in 0..<lines {
            var line = String(expected.count)
            var previousOnLine: Double?
            let count = g.int(in: 1...12)
            var previousText = ""
            for k in 0..<count {
                let t = token(&g, differenceAllowed: previousOnLine != nil && k < count - 1)
                // A token that starts with a digit or point needs a blank before it; a sign or letter may follow
                // the previous token directly.
                let mayGlue = t.text.first.map { !$0.isNumber && $0 != "." } ?? false
                    && !(["E", "e"].contains(previousText) && (t.text.hasPrefix("-") || t.text.hasPrefix("+")))
                if !mayGlue || g.bernoulli(0.5) { line += " " }
                let value = t.isDifference ? previousOnLine! + strtodValue(t.number) : strtodValue(t.number)
                line += t.text
                previousText = t.text
                expected.append(value)
                previousOnLine = value
            }
            text += line + "\n"
        }
        if end == "no line break" { text.removeLast() }
        let header = "##TITLE= tokens\n##FIRSTX= 0\n##LASTX= \(expected.count - 1)\n##NPOINTS= \(expected.count)\n##XYDATA= (X++(Y..Y))\n"
        return (header + text + (end == "no line break" ? "" : end), expected)
    }

    func decodedY(_ file: String) throws -> [Double] {
        try JCAMPReader().read(Array(file.utf8), file: "t.jdx").blocks[0].y
    }

    /// Thousands of tokens of every digit layout, in tables that end with `##END=` and in tables that end at the
    /// last byte of the file, with or without a line break (where the last tokens are too close to the end for
    /// 8-byte reads).
    @Test(arguments: ["##END=\n", "", "no line break"])
    func everyTokenEqualsStrtod(end: String) throws {
        var g = SeededGenerator(seed: 2026)
        for _ in 0..<40 {
            let (file, expected) = table(&g, lines: 30, end: end)
            let y = try decodedY(file)
            #expect(y.count == expected.count)
            for (k, (got, want)) in zip(y, expected).enumerated() where got.bitPattern != want.bitPattern {
                Issue.record("point \(k): \(got) != \(want)")
                return
            }
        }
    }

    /// Values worked out by hand at the word boundaries: 8 integer digits (the most one word holds), 9 (the
    /// general path), a SQZ letter plus 7 digits (8 in all) and plus 8, 7 fraction digits and 8, a DIF run, and
    /// an `E` that is a SQZ digit (`5E3` is 5 and then +53).
    @Test func tokensAtTheWordBoundaries() throws {
        let lines = ["0 12345678 123456789 A1234567 A12345678 0.1234567 0.12345678 -87654321.5",
                     "7 5J1J1j3E3 7.25"]
        let file = "##TITLE= edges\n##FIRSTX= 0\n##LASTX= 12\n##NPOINTS= 13\n##XYDATA= (X++(Y..Y))\n"
            + lines.joined(separator: "\n") + "\n##END=\n"
        let y = try decodedY(file)
        // 5, then DIF +11, +11, −13; E3 is SQZ +53.
        #expect(y == [12_345_678, 123_456_789, 11_234_567, 112_345_678, 0.1234567, 0.12345678, -87_654_321.5,
                      5, 16, 27, 14, 53, 7.25])
    }
}

import Foundation
import Testing
@testable import SpectraCore

/// The JCAMP reader's own line handling: tables are skipped without splitting them into lines, and the
/// decoder finds each data line's end itself; line numbers, values and errors must not notice.
@Suite struct JCAMPLineHandlingTests {
    func read(_ text: String) throws -> SpectrumDocument {
        try JCAMPReader().read(Array(text.utf8), file: "t.jdx")
    }

    func expectRefusal(_ text: String, line: Int, _ reason: String) {
        #expect {
            _ = try read(text)
        } throws: { error in
            guard let e = error as? SpectrumReadError else { return false }
            return e.line == line && e.reason.contains(reason)
        }
    }

    /// A LINK file whose second block fails its DIF Y-check on line 22 (counted by hand): `100A0KKK` is
    /// 10, 12, 14, 16 and `103A7KKKK` starts with 17 instead of 16. The line must be right whatever the line
    /// ends, after a first table that was skipped.
    static let twoBlocks = [
        "##TITLE= link", "##JCAMP-DX= 5.01", "##DATA TYPE= LINK", "##BLOCKS= 2",
        "##TITLE= first", "##XUNITS= 1/CM", "##YUNITS= ABSORBANCE", "##FIRSTX= 100", "##LASTX= 103", "##NPOINTS= 4",
        "##XYDATA= (X++(Y..Y))", "100 1 2 3 4", "##END=",
        "##TITLE= second", "##XUNITS= 1/CM", "##YUNITS= ABSORBANCE", "##FIRSTX= 100", "##LASTX= 107", "##NPOINTS= 8",
        "##XYDATA= (X++(Y..Y))", "100A0KKK", "103A7KKKK", "##END=", "##END=",
    ]

    @Test(arguments: ["\n", "\r", "\r\n"])
    func lineNumbersAfterASkippedTable(lineEnd: String) {
        expectRefusal(Self.twoBlocks.joined(separator: lineEnd) + lineEnd, line: 22, "DIF Y-check failed")
    }

    /// The same file with the check value right (`103A6KKKK`: 16, then 18, 20, 22, 24) reads both blocks.
    @Test(arguments: ["\n", "\r", "\r\n"])
    func bothBlocksReadWithAnyLineEnd(lineEnd: String) throws {
        let text = Self.twoBlocks.joined(separator: lineEnd).replacingOccurrences(of: "103A7KKKK", with: "103A6KKKK")
        let d = try read(text)
        #expect(d.blocks.count == 2)
        #expect(d.blocks[0].y == [1, 2, 3, 4] && d.blocks[0].x == [100, 101, 102, 103])
        #expect(d.blocks[1].y == [10, 12, 14, 16, 18, 20, 22, 24])
    }

    static let small = """
    ##TITLE= small
    ##FIRSTX= 100
    ##LASTX= 114
    ##NPOINTS= 8
    ##XYDATA= (X++(Y..Y))
    100 10 12 14 16
    108 18 20 22 24
    ##END=
    """

    /// Only `##` at a line's start (after blanks) ends a table: a `#` inside a data line is data, refused on
    /// its line (7); an indented `##END=` ends the table; blank and comment lines inside it are skipped.
    @Test func hashesInsideAndBeforeDataLines() throws {
        expectRefusal(Self.small.replacingOccurrences(of: "108 18 20", with: "108 18 ##20"), line: 7, "unexpected character '#'")
        let indented = Self.small.replacingOccurrences(of: "##END=", with: "   \t##END=")
            .replacingOccurrences(of: "100 10", with: "\n$$ comment\n   \n100 10")
        #expect(try read(indented).blocks[0].y == [10, 12, 14, 16, 18, 20, 22, 24])
        // The second data line is now line 10 (blank, comment and blank lines before the first).
        expectRefusal(indented.replacingOccurrences(of: "108 18", with: "120 18"), line: 10, "X-check failed")
    }

    /// DUP counts larger than the decoder's first line buffer (256 values): `0 5T99` is 5 written 299 times
    /// (`T` = 2, so `T99` = 299); `0 5J1T99` is 5, then DIF +11 repeated: 5 + 11·k for k = 0…299.
    @Test func longDupExpansions() throws {
        func table(_ line: String, points: Int) -> String {
            "##TITLE= dup\n##FIRSTX= 0\n##LASTX= \(points - 1)\n##NPOINTS= \(points)\n##XYDATA= (X++(Y..Y))\n\(line)\n##END=\n"
        }
        #expect(try read(table("0 5T99", points: 299)).blocks[0].y == Array(repeating: 5, count: 299))
        #expect(try read(table("0 5J1T99", points: 300)).blocks[0].y == (0..<300).map { 5 + 11 * Double($0) })
    }

    /// Values of every digit layout in an `(XY..XY)` table equal `strtod` of their text, at a line's end too.
    @Test func tableValuesEqualStrtod() throws {
        var g = SeededGenerator(seed: 9)
        var texts: [String] = []
        var lines: [String] = []
        for i in 0..<400 {
            let integer = String((0..<g.int(in: 0...9)).map { _ in Character(String(g.int(below: 10))) })
            let fraction = String((0..<g.int(in: 1...9)).map { _ in Character(String(g.int(below: 10))) })
            let text = (g.bernoulli(0.3) ? "-" : "") + integer + "." + fraction
            texts.append(text)
            lines.append("\(i), \(text)" + (g.bernoulli(0.5) ? "\r\n" : "\n"))
        }
        let file = "##TITLE= values\n##NPOINTS= 400\n##XYPOINTS= (XY..XY)\n" + lines.joined() + "##END=\n"
        let y = try read(file).blocks[0].y
        for (value, text) in zip(y, texts) {
            #expect(value.bitPattern == text.withCString { strtod($0, nil) }.bitPattern, "\(text)")
        }
        #expect(y.count == 400)
    }
}

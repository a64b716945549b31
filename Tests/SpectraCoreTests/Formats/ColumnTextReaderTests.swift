import Foundation
import Testing
@testable import SpectraCore

@Suite struct ColumnTextReaderTests {
    func read(_ text: String, file: String = "t.xy") throws -> Spectrum {
        try ColumnTextReader().read(Array(text.utf8), file: file).blocks[0]
    }

    /// Every measured XRD pattern in ../shared/data/xrd/experimental: point count (non-empty lines minus
    /// the one header line of the Zn2-TBAPy files) and first/last rows, copied from `head`/`tail` of each file.
    static let patterns: [(file: String, points: Int, first: [Double], last: [Double])] = [
        ("Li2CO3-ZrO2.xy", 6442, [10.003433220, 443.0], [79.994173260, 123.0]),
        ("Li2MnO3+MnO+TiO2.xy", 9001, [10.0, 1838], [100.0, 987]),
        ("LiMnO2.xy", 9001, [10.0, 1943.0], [100.0, 1447.0]),
        ("Mn2O3+LiF.xy", 9001, [10.0, 1845], [100.0, 1411]),
        ("Mn2O3.xy", 9001, [10.0, 2157], [100.0, 2221]),
        ("MnO.xy", 9001, [10.0, 2001], [100.0, 1555]),
        ("MnO2.xy", 9001, [10.0, 2155], [100.0, 1763]),
        ("TiO2+MnO.xy", 9001, [10.0, 1838], [100.0, 881]),
        ("TiO2.xy", 9001, [10.0, 1696.0], [100.0, 350.0]),
        ("Zn2-TBAPy_Activated.xy", 1857, [2.00009989738464, 0], [39.9997296333313, 0]),
        ("Zn2-TBAPy_AsMade.xy", 1857, [2.00009989738464, 0], [39.9997296333313, 0]),
    ]

    @Test(arguments: 0..<patterns.count)
    func readsTheMeasuredXrdPatterns(_ index: Int) throws {
        let p = Self.patterns[index]
        let relative = "xrd/experimental/" + p.file
        let s = try ColumnTextReader().read(try SharedData.bytes(relative), file: relative).blocks[0]
        #expect(s.count == p.points)
        #expect([s.x[0], s.y[0]] == p.first)
        #expect([s.x[s.count - 1], s.y[s.count - 1]] == p.last)
    }

    @Test func separators() throws {
        for text in ["1,2\n3,4\n", "1;2\n3;4\n", "1\t2\n3\t4\n", "  1   2  \n3 4", "1, 2\r\n3, 4\r\n", "1,2,\n3,4,\n"] {
            let s = try read(text)
            #expect(s.x == [1, 3] && s.y == [2, 4], "\(text.debugDescription)")
        }
    }

    @Test func commentsAreSkipped() throws {
        let s = try read("# a\n; b\n! c\n% d\n// e\n1 2\n# mid\n3 4\n")
        #expect(s.x == [1, 3] && s.y == [2, 4])
    }

    @Test func headerNamesColumnsAndUnits() throws {
        let a = try read("2theta,intensity\n10,5\n11,6\n", file: "a.csv")
        #expect(a.xUnit == .twoThetaDegrees && a.metadata["xColumn"] == "2theta")
        let b = try read("wavenumber (cm-1)\tabsorbance\n700\t0.1\n", file: "b.txt")
        #expect(b.xUnit == .wavenumberPerCm && b.yUnit == .absorbance)
        let c = try read("# 2θ counts\n5 10\n")
        #expect(c.xUnit == .twoThetaDegrees && c.yUnit == .counts)
        let d = try read("x y\n1 2\n")
        #expect(d.xUnit == .arbitrary && d.yUnit == .arbitrary)
    }

    /// xye: x, y, uncertainty of y; x and y are columns 1 and 2.
    @Test func xyeTakesTheFirstTwoColumns() throws {
        let s = try read("10.0 100 10\n10.02 121 11\n", file: "p.xye")
        #expect(s.x == [10.0, 10.02] && s.y == [100, 121])
        #expect(s.metadata["columns"] == "3")
    }

    @Test func numbersAreParsedExactly() throws {
        let s = try read("1e-7 -2.5E+3\n.5 +7\n0.1 3.141592653589793238462643\n")
        #expect(s.x == [1e-7, 0.5, 0.1])
        #expect(s.y == [-2500, 7, 3.141592653589793])
    }

    /// The scanner rounds like the C library's strtod (Swift's `Double(String)`), including long and extreme inputs.
    @Test func decimalScannerRoundsLikeStrtod() {
        let inputs = ["0.1", "3.14159", "1e-7", "123456789012345678901234", "2.2250738585072014e-308", "4.9e-324",
                      "9007199254740993", "0.30000000000000004", "1.7976931348623157e308", "-0.0", "8.5e-10", "123.456e-5"]
        for text in inputs {
            let bytes = Array(text.utf8)
            let v = bytes.withUnsafeBufferPointer { DecimalScanner.parseField($0, from: 0, end: $0.count) }
            #expect(v?.bitPattern == Double(text)?.bitPattern, "\(text)")
        }
    }

    func expectRefusal(_ text: String, line: Int?, _ reason: String, file: String = "t.xy") {
        #expect {
            _ = try ColumnTextReader().read(Array(text.utf8), file: file)
        } throws: { error in
            guard let e = error as? SpectrumReadError else { return false }
            return e.file == file && e.line == line && e.reason.contains(reason)
        }
    }

    @Test func decimalCommasAreRefused() {
        expectRefusal("1,234;5,6\n", line: 1, "decimal commas")
        expectRefusal("x y\n10,5 200\n", line: 2, "decimal commas")
        expectRefusal("1\t2\n10,5\t3\n", line: 2, "decimal commas")
    }

    @Test func nonFiniteValuesAreRefused() {
        expectRefusal("1 2\n3 nan\n", line: 2, "not a finite number")
        expectRefusal("1 inf\n", line: 1, "not a finite number")
        expectRefusal("1 -Infinity\n", line: 1, "not a finite number")
        expectRefusal("1 2\n3 1e999\n", line: 2, "overflows")
    }

    @Test func raggedAndBrokenRowsAreRefused() {
        expectRefusal("1 2\n3 4\n5 6 7\n", line: 3, "ragged row: 3 column(s) where the data has 2")
        expectRefusal("1 2\n3 4\nabc def\n", line: 3, "'abc' is not a number")
        expectRefusal("1,2\n3,,4\n", line: 2, "an empty field is not a number")
        expectRefusal("1\n2\n", line: 1, "one column only")
    }

    @Test func emptyBinaryAndNumberlessFilesAreRefused() {
        expectRefusal("", line: nil, "empty file")
        expectRefusal("  \n\n", line: nil, "empty file")
        expectRefusal("x y\n# nothing\n", line: nil, "no numeric data")
        #expect {
            _ = try ColumnTextReader().read([0x31, 0x20, 0x32, 0x0A, 0x00, 0xFF, 0x02], file: "g.xy")
        } throws: { ($0 as? SpectrumReadError) == SpectrumReadError(file: "g.xy", line: 2, reason: "not a text file: binary byte 0x0") }
    }
}

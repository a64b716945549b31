import Foundation
import Testing
@testable import SpectraCore

/// `TextLines` (16/8 bytes at a time) and the JCAMP table skip (`memchr` for `#`, lines counted 16 at a time)
/// against a plain byte-by-byte reference written here, on random text of LF, CR, CRLF, blanks and `#`.
@Suite struct TextLinesTests {
    /// Reference lines: a line ends at CR, LF or CRLF (one break); the first 0x1A ends the text.
    static func referenceLines(_ bytes: [UInt8]) -> [(start: Int, end: Int)] {
        let limit = bytes.firstIndex(of: 0x1A) ?? bytes.count
        var lines: [(Int, Int)] = []
        var start = 0
        var i = 0
        while i < limit {
            if bytes[i] == 10 || bytes[i] == 13 {
                lines.append((start, i))
                i += bytes[i] == 13 && i + 1 < limit && bytes[i + 1] == 10 ? 2 : 1
                start = i
            } else {
                i += 1
            }
        }
        if start < limit { lines.append((start, limit)) }
        return lines
    }

    /// Random text; long runs without a break so the 16-byte steps are taken.
    static func randomText(_ g: inout SeededGenerator) -> [UInt8] {
        let alphabet: [UInt8] = [10, 13, 32, 9, 35, 35, 49, 50, 65, 0x1A] + Array(repeating: 120, count: 30)
        var bytes = (0..<g.int(in: 0...300)).map { _ in alphabet[g.int(below: alphabet.count)] }
        if g.bernoulli(0.8) { bytes.removeAll { $0 == 0x1A } }
        return bytes
    }

    @Test func linesMatchTheReference() {
        var g = SeededGenerator(seed: 3)
        for _ in 0..<3_000 {
            let bytes = Self.randomText(&g)
            let lines = bytes.withUnsafeBufferPointer { Array(TextLines($0)) }
            let reference = Self.referenceLines(bytes)
            #expect(lines.map(\.start) == reference.map(\.start) && lines.map(\.end) == reference.map(\.end), "\(bytes)")
            #expect(lines.map(\.number) == Array(stride(from: 1, through: reference.count, by: 1)))
        }
    }

    /// After a table's `##` line, the skip lands on the next line whose first non-blank characters are `##`,
    /// with the line numbers `TextLines` would have counted.
    @Test func tableSkipMatchesTheReference() {
        var g = SeededGenerator(seed: 5)
        for _ in 0..<3_000 {
            let bytes = Array("##XYDATA=(X++(Y..Y))\n".utf8) + Self.randomText(&g)
            let reference = Self.referenceLines(bytes)
            let labelled = reference.dropFirst().first { line in
                let text = bytes[line.start..<line.end].drop { $0 == 32 || $0 == 9 }
                return text.starts(with: [35, 35])
            }
            bytes.withUnsafeBufferPointer { p in
                var lines = TextLines(p)
                _ = lines.next()
                let data = lines.skipToNextLabelledLine()
                let next = lines.next()
                let expectedEnd = labelled?.start ?? (bytes.firstIndex(of: 0x1A) ?? bytes.count)
                #expect(data.range.upperBound == expectedEnd, "\(bytes)")
                let dataLines = reference.dropFirst().prefix { $0.start < expectedEnd }.count
                #expect(data.firstNumber == 2 && data.count == dataLines, "\(bytes)")
                #expect(next?.start == labelled?.start && next?.number == labelled.map { _ in dataLines + 2 }, "\(bytes)")
            }
        }
    }
}

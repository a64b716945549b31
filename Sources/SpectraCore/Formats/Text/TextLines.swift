#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The lines of a byte buffer as index ranges, for LF, CRLF and old-Mac CR endings alike.
/// An end-of-file byte 0x1A (DOS Ctrl-Z) ends the text.
public struct TextLines: Sequence, IteratorProtocol {
    /// One line: `start..<end` excludes the line break; `number` is 1-based.
    public struct Line: Sendable {
        public var start: Int
        public var end: Int
        public var number: Int
        @inlinable public init(start: Int, end: Int, number: Int) { self.start = start; self.end = end; self.number = number }
    }

    @usableFromInline let bytes: UnsafeBufferPointer<UInt8>
    @usableFromInline var position = 0
    @usableFromInline var number = 0
    @usableFromInline let limit: Int

    /// Lines of `bytes`; the buffer must outlive the iteration.
    public init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        limit = TextLines.endOfText(bytes)
    }

    /// The lines of `bytes[range]`, numbered from `firstNumber`; `range` must start at a line start and end at
    /// a line start or the end of the text (as the ranges `TextLines` hands out do).
    public init(_ bytes: UnsafeBufferPointer<UInt8>, range: Range<Int>, firstNumber: Int) {
        self.bytes = bytes
        position = range.lowerBound
        number = firstNumber - 1
        limit = range.upperBound
    }

    /// Index of the first 0x1A byte, or `bytes.count`.
    public static func endOfText(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        guard let base = bytes.baseAddress, let eof = memchr(base, 0x1A, bytes.count) else { return bytes.count }
        return UnsafeRawPointer(eof) - UnsafeRawPointer(base)
    }

    @inlinable
    public mutating func next() -> Line? {
        guard position < limit, let base = bytes.baseAddress else { return nil }
        let start = position
        let end = TextLines.lineBreak(base, from: start, limit: limit)
        position = TextLines.lineStart(after: end, in: base, limit: limit)
        number += 1
        return Line(start: start, end: end, number: number)
    }

    /// Where the next line starts when a line ends at `lineEnd` (its CR, LF or CRLF, or `limit`).
    @inlinable
    static func lineStart(after lineEnd: Int, in p: UnsafePointer<UInt8>, limit: Int) -> Int {
        guard lineEnd < limit else { return lineEnd }
        return p[lineEnd] == 13 && lineEnd + 1 < limit && p[lineEnd + 1] == 10 ? lineEnd + 2 : lineEnd + 1
    }

    /// Index of the first CR or LF in `p[from..<limit]`, or `limit`: 16 bytes at a time, then 8.
    @inlinable
    static func lineBreak(_ p: UnsafePointer<UInt8>, from: Int, limit: Int) -> Int {
        var i = from
        let lf = SIMD16<UInt8>(repeating: 10)
        let cr = SIMD16<UInt8>(repeating: 13)
        while i + 16 <= limit {
            let chunk = UnsafeRawPointer(p + i).loadUnaligned(as: SIMD16<UInt8>.self)
            if any((chunk .== lf) .| (chunk .== cr)) { break }
            i += 16
        }
        while i + 8 <= limit {
            let word = UInt64(littleEndian: UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self))
            let found = zeroBytes(word ^ 0x0A0A_0A0A_0A0A_0A0A) | zeroBytes(word ^ 0x0D0D_0D0D_0D0D_0D0D)
            if found != 0 { return i + found.trailingZeroBitCount >> 3 }
            i += 8
        }
        while i < limit, p[i] != 10, p[i] != 13 { i += 1 }
        return i
    }

    /// The high bit of each byte of `word` that is zero is set, exactly for the lowest such byte (higher ones
    /// may be flagged wrongly after it, so only the lowest flag may be used).
    @inlinable
    static func zeroBytes(_ word: UInt64) -> UInt64 {
        (word &- 0x0101_0101_0101_0101) & ~word & 0x8080_8080_8080_8080
    }

    /// Number of lines in `p[start..<end]` when `end` is a line start or the end of the text: line breaks
    /// (LF, CR, CRLF counted once) plus an unterminated last line. Counts 16 bytes at a time.
    @usableFromInline
    static func lineCount(_ p: UnsafePointer<UInt8>, from start: Int, to end: Int) -> Int {
        guard start < end else { return 0 }
        var lf = 0
        var cr = 0
        var k = start
        let lfs = SIMD16<UInt8>(repeating: 10)
        let crs = SIMD16<UInt8>(repeating: 13)
        while k + 16 <= end {
            // Byte lanes count at most 255 chunks before they are added up.
            var lfLanes = SIMD16<UInt8>()
            var crLanes = SIMD16<UInt8>()
            var chunks = 0
            while chunks < 255, k + 16 <= end {
                let chunk = UnsafeRawPointer(p + k).loadUnaligned(as: SIMD16<UInt8>.self)
                lfLanes &+= SIMD16<UInt8>().replacing(with: 1, where: chunk .== lfs)
                crLanes &+= SIMD16<UInt8>().replacing(with: 1, where: chunk .== crs)
                chunks += 1
                k += 16
            }
            lf += Int(SIMD16<UInt16>(truncatingIfNeeded: lfLanes).wrappedSum())
            cr += Int(SIMD16<UInt16>(truncatingIfNeeded: crLanes).wrappedSum())
        }
        while k < end {
            lf &+= p[k] == 10 ? 1 : 0
            cr &+= p[k] == 13 ? 1 : 0
            k += 1
        }
        var breaks = lf + cr
        if cr > 0 {
            for k in start..<(end - 1) where p[k] == 13 && p[k + 1] == 10 { breaks -= 1 }
        }
        return breaks + (p[end - 1] == 10 || p[end - 1] == 13 ? 0 : 1)
    }
}

/// The lines of a byte buffer as index ranges, for LF, CRLF and old-Mac CR endings alike.
/// A trailing end-of-file byte 0x1A (DOS Ctrl-Z) ends the text.
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
        var limit = bytes.count
        if let eof = bytes.firstIndex(of: 0x1A) { limit = eof }
        self.limit = limit
    }

    @inlinable
    public mutating func next() -> Line? {
        guard position < limit else { return nil }
        let start = position
        var i = position
        while i < limit, bytes[i] != 10, bytes[i] != 13 { i += 1 }
        let end = i
        if i < limit {
            if bytes[i] == 13, i + 1 < limit, bytes[i + 1] == 10 { i += 2 } else { i += 1 }
        }
        position = i
        number += 1
        return Line(start: start, end: end, number: number)
    }
}

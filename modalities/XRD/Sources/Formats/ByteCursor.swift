import Foundation
import SpectraCore

/// Bounds-checked little-endian reads over a binary file's bytes. Every read that would run past
/// the end throws a `SpectrumReadError` naming the file, the byte offset and the field, so a
/// truncated or garbled file is reported, never trapped on.
struct ByteCursor {
    /// The whole file.
    let bytes: [UInt8]
    /// File name for errors.
    let file: String
    /// Next byte to read (0-based).
    var offset: Int

    init(_ bytes: [UInt8], file: String, offset: Int = 0) {
        self.bytes = bytes
        self.file = file
        self.offset = offset
    }

    /// Bytes left after `offset`.
    var remaining: Int { max(0, bytes.count - offset) }

    /// An error at the current offset (or `at`).
    func error(_ reason: String, at position: Int? = nil) -> SpectrumReadError {
        SpectrumReadError(file: file, reason: "at byte offset \(position ?? offset): \(reason)")
    }

    /// Checks that `count` bytes of `field` can be read at the current offset.
    func require(_ count: Int, _ field: String) throws {
        guard count >= 0, offset >= 0, count <= bytes.count - offset else {
            throw error("file ends inside \(field) (needs \(count) bytes, \(remaining) left of \(bytes.count))")
        }
    }

    /// Moves past `count` bytes of `field`.
    mutating func skip(_ count: Int, _ field: String) throws {
        try require(count, field)
        offset += count
    }

    /// Moves to an absolute position inside the file (the end itself is allowed).
    mutating func seek(to position: Int, _ field: String) throws {
        guard position >= 0, position <= bytes.count else {
            throw error("\(field) would start at byte \(position), outside the \(bytes.count)-byte file")
        }
        offset = position
    }

    mutating func uint16(_ field: String) throws -> UInt16 {
        try require(2, field)
        let value = UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8
        offset += 2
        return value
    }

    mutating func uint32(_ field: String) throws -> UInt32 {
        try require(4, field)
        var value: UInt32 = 0
        for k in 0..<4 { value |= UInt32(bytes[offset + k]) << (8 * UInt32(k)) }
        offset += 4
        return value
    }

    mutating func uint64(_ field: String) throws -> UInt64 {
        try require(8, field)
        var value: UInt64 = 0
        for k in 0..<8 { value |= UInt64(bytes[offset + k]) << (8 * UInt64(k)) }
        offset += 8
        return value
    }

    mutating func float32(_ field: String) throws -> Float {
        Float(bitPattern: try uint32(field))
    }

    mutating func float64(_ field: String) throws -> Double {
        Double(bitPattern: try uint64(field))
    }

    /// A fixed-width text field: bytes up to the first NUL, as Latin-1 (the instruments write ASCII),
    /// with surrounding spaces trimmed.
    mutating func string(_ count: Int, _ field: String) throws -> String {
        try require(count, field)
        let slice = bytes[offset..<(offset + count)]
        offset += count
        let text = slice.prefix { $0 != 0 }
        let scalars = text.map { Character(Unicode.Scalar($0)) }
        return String(scalars).trimmingCharacters(in: .whitespaces)
    }
}

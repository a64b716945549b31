import Foundation
import Testing

/// A .npy file (format version 1.0) read by hand from the format's definition, independently of SpectraCore:
/// the magic `\x93NUMPY`, the version, a little-endian 2-byte header length, the header dict, then the data.
struct NpyFile {
    let header: String
    let data: ArraySlice<UInt8>

    init(path: String) throws {
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        try #require(bytes.count >= 10 && Array(bytes[0..<6]) == [0x93] + Array("NUMPY".utf8))
        let length = Int(bytes[8]) | Int(bytes[9]) << 8
        try #require(bytes.count >= 10 + length)
        header = String(decoding: bytes[10..<(10 + length)], as: UTF8.self)
        data = bytes[(10 + length)...]
    }

    /// The little-endian float64 at element `index` of the data.
    func float64(_ index: Int) -> Double {
        let o = data.startIndex + 8 * index
        return Double(bitPattern: (0..<8).reduce(UInt64(0)) { $0 | UInt64(data[o + $1]) << (8 * UInt64($1)) })
    }

    /// The little-endian float32 at element `index` of the data.
    func float32(_ index: Int) -> Float {
        let o = data.startIndex + 4 * index
        return Float(bitPattern: (0..<4).reduce(UInt32(0)) { $0 | UInt32(data[o + $1]) << (8 * UInt32($1)) })
    }
}

/// A NumPy `.npy` array (format version 1.0–3.0, little-endian float32/float64, C order, 1-D or 2-D),
/// the exchange format with Python research code: `np.load("x.npy")` reads what `encoded()` writes.
public struct NumpyArray: Sendable, Equatable {
    /// Element type as stored on disk.
    public enum ElementType: String, Sendable { case float32 = "<f4", float64 = "<f8" }

    /// Dimensions, outermost first (C order).
    public var shape: [Int]
    /// Element values in C order, widened to Double.
    public var values: [Double]
    /// Storage type used by `encoded()`.
    public var elementType: ElementType

    public init(shape: [Int], values: [Double], elementType: ElementType = .float64) {
        precondition(shape.reduce(1, *) == values.count, "shape does not match value count")
        self.shape = shape
        self.values = values
        self.elementType = elementType
    }

    /// The `.npy` bytes (version 1.0 header padded to a multiple of 64 bytes).
    public func encoded() -> [UInt8] {
        NumpyArray.encode(shape: shape, elementType: elementType) { data in
            switch elementType {
            case .float64:
                for (i, v) in values.enumerated() { data.storeBytes(of: v.bitPattern.littleEndian, toByteOffset: 8 * i, as: UInt64.self) }
            case .float32:
                for (i, v) in values.enumerated() { data.storeBytes(of: Float(v).bitPattern.littleEndian, toByteOffset: 4 * i, as: UInt32.self) }
            }
        }
    }

    /// The `.npy` bytes of equally long float64 columns side by side: shape (N, K) for K columns of N values,
    /// the same bytes as `NumpyArray(shape: [N, K], values: interleaved).encoded()` without building the
    /// interleaved array (`spectra convert --to npy` writes x and y this way).
    public static func encodedColumns(_ columns: [[Double]]) -> [UInt8] {
        let rows = columns.first?.count ?? 0
        precondition(columns.allSatisfy { $0.count == rows }, "columns must have the same length")
        let rowBytes = 8 * columns.count
        return encode(shape: [rows, columns.count], elementType: .float64) { data in
            for (k, column) in columns.enumerated() {
                var out = data + 8 * k
                for v in column {
                    out.storeBytes(of: v.bitPattern.littleEndian, as: UInt64.self)
                    out += rowBytes
                }
            }
        }
    }

    /// The header, then the elements, which `fill` writes at the pointer it is given (C order, the element
    /// type's little-endian bytes), straight into the result.
    private static func encode(shape: [Int], elementType: ElementType, fill: (UnsafeMutableRawPointer) -> Void) -> [UInt8] {
        let shapeText = shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
        var header = "{'descr': '\(elementType.rawValue)', 'fortran_order': False, 'shape': \(shapeText), }"
        let unpadded = 10 + header.utf8.count + 1
        header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        var prefix: [UInt8] = [0x93] + Array("NUMPY".utf8) + [1, 0]
        let length = UInt16(header.utf8.count)
        prefix += [UInt8(length & 0xFF), UInt8(length >> 8)]
        prefix += Array(header.utf8)
        let width = elementType == .float64 ? 8 : 4
        let total = prefix.count + shape.reduce(1, *) * width
        return [UInt8](unsafeUninitializedCapacity: total) { buffer, initialized in
            let raw = UnsafeMutableRawBufferPointer(buffer)
            raw.copyBytes(from: prefix)
            if let base = raw.baseAddress { fill(base + prefix.count) }
            initialized = total
        }
    }

    /// Parses `.npy` bytes; `file` names the input in errors.
    public static func decode(_ bytes: [UInt8], file: String) throws -> NumpyArray {
        func fail(_ reason: String) -> SpectrumReadError { SpectrumReadError(file: file, reason: reason) }
        guard bytes.count >= 10, bytes[0] == 0x93, Array(bytes[1...5]) == Array("NUMPY".utf8) else {
            throw fail("not a NumPy .npy file (missing \\x93NUMPY magic)")
        }
        let major = bytes[6]
        let headerLength: Int
        let headerStart: Int
        switch major {
        case 1:
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
            headerStart = 10
        case 2, 3:
            guard bytes.count >= 12 else { throw fail("truncated .npy header") }
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16 | Int(bytes[11]) << 24
            headerStart = 12
        default:
            throw fail("unsupported .npy format version \(major).\(bytes[7])")
        }
        guard headerStart + headerLength <= bytes.count else { throw fail("truncated .npy header") }
        guard let header = String(bytes: bytes[headerStart..<(headerStart + headerLength)], encoding: .utf8) else {
            throw fail(".npy header is not text")
        }
        let descr = try dictionaryValue(header, key: "descr", file: file)
        let fortran = try dictionaryValue(header, key: "fortran_order", file: file)
        let shapeText = try dictionaryValue(header, key: "shape", file: file)
        let type: ElementType
        switch descr.trimmingCharacters(in: CharacterSet(charactersIn: "'\"")) {
        case "<f4", "f4", "float32": type = .float32
        case "<f8", "f8", "float64": type = .float64
        case let other: throw fail("unsupported dtype \(other); only little-endian float32 and float64 are read")
        }
        guard fortran == "False" else { throw fail("Fortran-order arrays are not supported; save with C order") }
        let inner = shapeText.trimmingCharacters(in: CharacterSet(charactersIn: "() "))
        let dims = try inner.split(separator: ",").map { part -> Int in
            let t = part.trimmingCharacters(in: .whitespaces)
            guard let d = Int(t), d >= 0 else { throw fail("bad shape \(shapeText)") }
            return d
        }
        guard (1...2).contains(dims.count) else { throw fail("only 1-D and 2-D arrays are supported, got shape \(shapeText)") }
        let (count, overflow) = dims.reduce((1, false)) { acc, d in
            let (p, o) = acc.0.multipliedReportingOverflow(by: d)
            return (p, acc.1 || o)
        }
        let width = type == .float64 ? 8 : 4
        let dataStart = headerStart + headerLength
        guard !overflow, count <= (bytes.count - dataStart) / width else {
            throw fail("truncated data: shape \(shapeText) needs \(count) values, the file has \((bytes.count - dataStart) / width)")
        }
        var values = [Double](repeating: 0, count: count)
        bytes.withUnsafeBytes { raw in
            for i in 0..<count {
                let offset = dataStart + i * width
                if type == .float64 {
                    values[i] = Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)))
                } else {
                    values[i] = Double(Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self))))
                }
            }
        }
        return NumpyArray(shape: dims, values: values, elementType: type)
    }

    private static func dictionaryValue(_ header: String, key: String, file: String) throws -> String {
        for quote in ["'", "\""] {
            guard let range = header.range(of: "\(quote)\(key)\(quote)") else { continue }
            var rest = header[range.upperBound...].drop { $0 == " " }
            guard rest.first == ":" else { break }
            rest = rest.dropFirst().drop { $0 == " " }
            if rest.first == "(" {
                guard let close = rest.firstIndex(of: ")") else { break }
                return String(rest[...close])
            }
            let end = rest.firstIndex { $0 == "," || $0 == "}" } ?? rest.endIndex
            return String(rest[..<end]).trimmingCharacters(in: .whitespaces)
        }
        throw SpectrumReadError(file: file, reason: ".npy header has no '\(key)'")
    }
}

import Foundation

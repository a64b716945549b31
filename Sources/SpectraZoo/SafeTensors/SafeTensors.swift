/// The safetensors container: an 8-byte little-endian header length N, N bytes of JSON header
/// (`{"__metadata__": {string: string}, "NAME": {"dtype", "shape", "data_offsets"}, ...}` padded with
/// spaces to a multiple of 8), then the raw little-endian tensor data. Files written here are byte-identical
/// to Python's `safetensors.numpy.save` for the same tensors and one metadata key (tensors ordered by
/// dtype size, then name).
public struct SafeTensors: Sendable, Equatable {
    /// Tensors by name as Float32 (F16/BF16 widened exactly, F64 rounded to nearest).
    public var tensors: [String: CheckpointTensor]
    /// Storage type per tensor name; names missing here are written as `defaultDType`.
    public var dtypes: [String: TensorDType]
    /// The header's `__metadata__` map.
    public var metadata: [String: String]

    /// Largest header accepted, in bytes (the Rust library's limit).
    public static let maximumHeaderBytes = 100_000_000

    public init(tensors: [String: CheckpointTensor], dtypes: [String: TensorDType] = [:], metadata: [String: String] = [:]) {
        self.tensors = tensors
        self.dtypes = dtypes
        self.metadata = metadata
    }

    // MARK: Writing

    /// The file's bytes; tensors not named in `dtypes` are stored as `defaultDType` (rounded to nearest even).
    public func encoded(defaultDType: TensorDType = .float32) -> [UInt8] {
        let ordered = tensors.keys.map { name in (name: name, dtype: dtypes[name] ?? defaultDType) }
            .sorted { $0.dtype.writeOrder != $1.dtype.writeOrder ? $0.dtype.writeOrder > $1.dtype.writeOrder : $0.name < $1.name }
        var members: [(key: String, value: HeaderJSON)] = []
        if !metadata.isEmpty {
            members.append(("__metadata__", .object(metadata.keys.sorted().map { ($0, .string(metadata[$0] ?? "")) })))
        }
        var offset = 0
        for (name, dtype) in ordered {
            let count = tensors[name]?.values.count ?? 0
            let end = offset + count * dtype.byteSize
            members.append((name, .object([
                ("dtype", .string(dtype.rawValue)),
                ("shape", .array((tensors[name]?.shape ?? []).map { .integer($0) })),
                ("data_offsets", .array([.integer(offset), .integer(end)])),
            ])))
            offset = end
        }
        var header = Array(HeaderJSON.object(members).compactText.utf8)
        header += [UInt8](repeating: 0x20, count: (8 - header.count % 8) % 8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(8 + header.count + offset)
        withUnsafeBytes(of: UInt64(header.count).littleEndian) { bytes += $0 }
        bytes += header
        for (name, dtype) in ordered {
            guard let values = tensors[name]?.values else { continue }
            SafeTensors.append(values, as: dtype, to: &bytes)
        }
        return bytes
    }

    private static func append(_ values: [Float], as dtype: TensorDType, to bytes: inout [UInt8]) {
        switch dtype {
        case .float32:
            #if _endian(little)
            // Float32 in memory already is the file's little-endian layout: one bulk copy.
            values.withUnsafeBytes { bytes += $0 }
            #else
            for value in values { withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes += $0 } }
            #endif
        case .float64:
            for value in values { withUnsafeBytes(of: Double(value).bitPattern.littleEndian) { bytes += $0 } }
        case .float16:
            for value in values { withUnsafeBytes(of: HalfPrecision.float16Bits(value).littleEndian) { bytes += $0 } }
        case .bfloat16:
            for value in values { withUnsafeBytes(of: HalfPrecision.bfloat16Bits(value).littleEndian) { bytes += $0 } }
        }
    }

    // MARK: Reading

    /// Parses and validates safetensors `bytes`; `file` names the input in errors.
    ///
    /// Refuses: a header length outside 2…min(100 MB, file size − 8); a header that is not one JSON
    /// object, has duplicate names, unknown dtypes or fields; offsets out of range, overlapping, with gaps,
    /// or not covering the data exactly; a shape whose element count × dtype size differs from its byte range.
    public static func decode(_ bytes: [UInt8], file: String?) throws -> SafeTensors {
        func fail(_ reason: String) -> CheckpointError { CheckpointError(file: file, reason: reason) }
        guard bytes.count >= 8 else { throw fail("not a safetensors file: \(bytes.count) bytes, shorter than the 8-byte header length") }
        var declared: UInt64 = 0
        for index in (0..<8).reversed() { declared = declared << 8 | UInt64(bytes[index]) }
        guard declared >= 2, declared <= UInt64(maximumHeaderBytes) else {
            throw fail("safetensors header length \(declared) is out of bounds (2…\(maximumHeaderBytes))")
        }
        let headerLength = Int(declared)
        guard headerLength <= bytes.count - 8 else {
            throw fail("safetensors header length \(headerLength) exceeds the \(bytes.count - 8) bytes after it (truncated file?)")
        }
        let headerBytes = bytes[8..<8 + headerLength]
        guard headerBytes.first == UInt8(ascii: "{") else { throw fail("safetensors header does not start with '{'") }
        let header: HeaderJSON
        do {
            header = try HeaderJSON.parse(headerBytes)
        } catch let failure as HeaderJSON.Failure {
            throw fail("invalid safetensors header JSON: \(failure.reason)")
        }
        guard case let .object(members) = header else { throw fail("safetensors header is not a JSON object") }

        let dataStart = 8 + headerLength
        let dataLength = bytes.count - dataStart
        var metadata: [String: String] = [:]
        var layout: [(name: String, dtype: TensorDType, shape: [Int], begin: Int, end: Int)] = []
        for (name, value) in members {
            if name == "__metadata__" {
                guard case let .object(pairs) = value else { throw fail("__metadata__ is not an object of strings") }
                for (key, text) in pairs {
                    guard case let .string(string) = text else { throw fail("__metadata__ value \"\(key)\" is not a string") }
                    metadata[key] = string
                }
                continue
            }
            layout.append(try entry(name: name, value: value, fail: fail))
        }

        // Contiguity in offset order implies in range, non-overlapping and covering.
        var expectedBegin = 0
        for item in layout.sorted(by: { ($0.begin, $0.end) < ($1.begin, $1.end) }) {
            if item.end > dataLength {
                throw fail("tensor \"\(item.name)\" data_offsets [\(item.begin), \(item.end)] run past the \(dataLength) data bytes (truncated file?)")
            }
            if item.begin < expectedBegin {
                throw fail("tensor \"\(item.name)\" data_offsets [\(item.begin), \(item.end)] overlap the previous tensor (ends at \(expectedBegin))")
            }
            if item.begin > expectedBegin {
                throw fail("gap in tensor data: bytes \(expectedBegin)…\(item.begin) belong to no tensor (before \"\(item.name)\")")
            }
            expectedBegin = item.end
        }
        guard expectedBegin == dataLength else {
            throw fail("tensor data covers \(expectedBegin) of \(dataLength) bytes after the header (trailing bytes)")
        }

        var tensors: [String: CheckpointTensor] = [:]
        var dtypes: [String: TensorDType] = [:]
        for item in layout {
            let values = readValues(bytes, from: dataStart + item.begin, count: (item.end - item.begin) / item.dtype.byteSize, as: item.dtype)
            tensors[item.name] = try CheckpointTensor(shape: item.shape, values: values)
            dtypes[item.name] = item.dtype
        }
        return SafeTensors(tensors: tensors, dtypes: dtypes, metadata: metadata)
    }

    private static func entry(name: String, value: HeaderJSON, fail: (String) -> CheckpointError) throws
        -> (name: String, dtype: TensorDType, shape: [Int], begin: Int, end: Int) {
        guard case let .object(fields) = value else { throw fail("tensor \"\(name)\" is not a JSON object") }
        var dtype: TensorDType?
        var shape: [Int]?
        var offsets: [Int]?
        for (key, field) in fields {
            switch key {
            case "dtype":
                guard case let .string(text) = field else { throw fail("tensor \"\(name)\": dtype is not a string") }
                guard let known = TensorDType(rawValue: text) else {
                    throw fail("tensor \"\(name)\": unsupported dtype \(text) (expected F32, F16, BF16 or F64)")
                }
                dtype = known
            case "shape":
                shape = try integers(field, what: "shape", name: name, fail: fail)
            case "data_offsets":
                offsets = try integers(field, what: "data_offsets", name: name, fail: fail)
            default:
                throw fail("tensor \"\(name)\": unknown field \"\(key)\"")
            }
        }
        guard let dtype, let shape, let offsets else {
            throw fail("tensor \"\(name)\" lacks dtype, shape or data_offsets")
        }
        guard offsets.count == 2, offsets[0] <= offsets[1] else {
            throw fail("tensor \"\(name)\": data_offsets must be [begin, end] with begin ≤ end, got \(offsets)")
        }
        let count: Int
        do {
            count = try TensorShape.elementCount(shape, file: nil)
        } catch let error as CheckpointError {
            throw fail("tensor \"\(name)\": \(error.reason)")
        }
        let (byteCount, overflow) = count.multipliedReportingOverflow(by: dtype.byteSize)
        guard !overflow, byteCount == offsets[1] - offsets[0] else {
            throw fail("tensor \"\(name)\": shape \(shape) × \(dtype.rawValue) needs \(overflow ? "too many" : String(byteCount)) bytes but data_offsets span \(offsets[1] - offsets[0])")
        }
        return (name, dtype, shape, offsets[0], offsets[1])
    }

    private static func integers(_ value: HeaderJSON, what: String, name: String, fail: (String) -> CheckpointError) throws -> [Int] {
        guard case let .array(elements) = value else { throw fail("tensor \"\(name)\": \(what) is not an array") }
        return try elements.map { element in
            guard case let .integer(integer) = element, integer >= 0 else {
                throw fail("tensor \"\(name)\": \(what) holds something other than a non-negative integer")
            }
            return integer
        }
    }

    private static func readValues(_ bytes: [UInt8], from start: Int, count: Int, as dtype: TensorDType) -> [Float] {
        bytes.withUnsafeBytes { raw in
            switch dtype {
            case .float32:
                #if _endian(little)
                return [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
                    UnsafeMutableRawBufferPointer(buffer).copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[start..<start + 4 * count]))
                    initialized = count
                }
                #else
                return (0..<count).map { Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: start + 4 * $0, as: UInt32.self))) }
                #endif
            case .float64:
                return (0..<count).map { Float(Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: start + 8 * $0, as: UInt64.self)))) }
            case .float16:
                return (0..<count).map { HalfPrecision.float(fromFloat16: UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: start + 2 * $0, as: UInt16.self))) }
            case .bfloat16:
                return (0..<count).map { HalfPrecision.float(fromBFloat16: UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: start + 2 * $0, as: UInt16.self))) }
            }
        }
    }
}

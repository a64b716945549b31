/// Writes spectra as CSV with a header line, each number at full (shortest round-trip) precision.
public enum SpectrumCSV {
    /// `x,y` (or custom column names) then one line per point.
    public static func encode(_ spectrum: Spectrum, xName: String = "x", yName: String = "y") -> String {
        String(decoding: encodedBytes(spectrum, xName: xName, yName: yName), as: UTF8.self)
    }

    /// The same text as UTF-8 bytes, each number formatted straight into the result (the hot path of
    /// `spectra convert`): no String per number.
    public static func encodedBytes(_ spectrum: Spectrum, xName: String = "x", yName: String = "y") -> [UInt8] {
        let header = Array("\(xName),\(yName)\n".utf8)
        let capacity = header.count + spectrum.count * 2 * (maximumNumberLength + 1)
        return [UInt8](unsafeUninitializedCapacity: capacity) { buffer, initialized in
            guard var out = buffer.baseAddress else { return }
            header.withUnsafeBufferPointer { out.update(from: $0.baseAddress!, count: $0.count) }
            out += header.count
            spectrum.x.withUnsafeBufferPointer { x in
                spectrum.y.withUnsafeBufferPointer { y in
                    for i in 0..<x.count {
                        out += write(x[i], to: out)
                        out.pointee = 44 // ','
                        out += 1
                        out += write(y[i], to: out)
                        out.pointee = 10 // '\n'
                        out += 1
                    }
                }
            }
            initialized = out - buffer.baseAddress!
        }
    }

    /// Room for one number: the standard library formats into 32 bytes.
    static let maximumNumberLength = 32

    /// Writes Swift's shortest round-trip text of `value` (`value.description`, e.g. `4400.0`, `1e-05`) at `out`
    /// (32 bytes must be writable) and returns its length, through the standard library's own formatter (what
    /// `description` calls), without building a String. The formatter leaves padding zeros unwritten: it gets
    /// a buffer of ASCII `0`s, as the standard library gives it.
    /// (`description` spells every NaN `nan`; non-finite values take it.)
    @inline(__always)
    static func write(_ value: Double, to out: UnsafeMutablePointer<UInt8>) -> Int {
        guard value.isFinite else {
            let text = Array(value.description.utf8)
            out.update(from: text, count: text.count)
            return text.count
        }
        UnsafeMutableRawPointer(out).storeBytes(of: SIMD32<UInt8>(repeating: 48), as: SIMD32<UInt8>.self)
        return Int(truncatingIfNeeded: float64ToString(out, UInt(maximumNumberLength), value, false))
    }
}

/// The standard library's Double formatter behind `description` (`_float64ToStringImpl`, usable from inlinable
/// code and so part of its ABI): writes the text at `buffer` and returns its length.
@_silgen_name("swift_float64ToString")
private func float64ToString(_ buffer: UnsafeMutablePointer<UInt8>, _ bufferLength: UInt, _ value: Double, _ debug: Bool) -> UInt64

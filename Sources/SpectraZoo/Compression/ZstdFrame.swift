import CZstd

/// One zstd frame with the content size in its header and a content checksum (XXH64) at its end, so
/// `zstd -d` and every zstd library decode it and any corruption is detected on decompression.
public enum ZstdFrame {
    /// Default largest decompressed size accepted, in bytes (4 GiB): a corrupt or hostile header must not
    /// make us allocate without bound.
    public static let defaultMaximumContentBytes = 4 << 30

    /// Compresses `bytes` into one frame at `level` (1…19; 3 is zstd's default).
    public static func compress(_ bytes: [UInt8], level: Int32 = 3, file: String? = nil) throws -> [UInt8] {
        guard let context = ZSTD_createCCtx() else { throw CheckpointError(file: file, reason: "zstd: cannot create a compression context") }
        defer { ZSTD_freeCCtx(context) }
        for (parameter, value) in [(ZSTD_c_compressionLevel, level), (ZSTD_c_checksumFlag, 1), (ZSTD_c_contentSizeFlag, 1)] {
            let status = ZSTD_CCtx_setParameter(context, parameter, value)
            if ZSTD_isError(status) != 0 { throw CheckpointError(file: file, reason: "zstd: \(errorName(status))") }
        }
        var output = [UInt8](repeating: 0, count: ZSTD_compressBound(bytes.count))
        let written = output.withUnsafeMutableBytes { destination in
            bytes.withUnsafeBytes { source in
                ZSTD_compress2(context, destination.baseAddress, destination.count, source.baseAddress, source.count)
            }
        }
        if ZSTD_isError(written) != 0 { throw CheckpointError(file: file, reason: "zstd: \(errorName(written))") }
        output.removeSubrange(written...)
        return output
    }

    /// Decompresses exactly one frame, verifying its checksum; refuses a missing checksum, an unknown or
    /// too large content size, truncation, trailing bytes and corruption, each with a `CheckpointError`.
    public static func decompress(_ frame: [UInt8], maximumContentBytes: Int = defaultMaximumContentBytes, file: String? = nil) throws -> [UInt8] {
        func fail(_ reason: String) -> CheckpointError { CheckpointError(file: file, reason: reason) }
        guard frame.count >= 4, frame[0] == 0x28, frame[1] == 0xB5, frame[2] == 0x2F, frame[3] == 0xFD else {
            throw fail("not a zstd frame (missing magic number 28 B5 2F FD)")
        }
        // The frame header descriptor's bit 2 is the content-checksum flag.
        guard frame.count >= 5, frame[4] & 0x04 != 0 else {
            throw fail("zstd frame has no content checksum; refusing to trust it")
        }
        let frameLength = frame.withUnsafeBytes { ZSTD_findFrameCompressedSize($0.baseAddress, $0.count) }
        if ZSTD_isError(frameLength) != 0 {
            throw fail("corrupt or truncated zstd frame: \(errorName(frameLength))")
        }
        guard frameLength == frame.count else {
            throw fail("\(frame.count - frameLength) unexpected bytes after the zstd frame")
        }
        let declared = frame.withUnsafeBytes { ZSTD_getFrameContentSize($0.baseAddress, $0.count) }
        // ZSTD_CONTENTSIZE_UNKNOWN is (0ULL - 1), ZSTD_CONTENTSIZE_ERROR is (0ULL - 2).
        guard declared != UInt64.max, declared != UInt64.max - 1 else {
            throw fail("zstd frame header does not declare its content size")
        }
        guard declared <= UInt64(maximumContentBytes) else {
            throw fail("zstd frame declares \(declared) bytes, more than the \(maximumContentBytes)-byte limit")
        }
        guard let context = ZSTD_createDCtx() else { throw fail("zstd: cannot create a decompression context") }
        defer { ZSTD_freeDCtx(context) }
        var output = [UInt8](repeating: 0, count: Int(declared))
        let written = output.withUnsafeMutableBytes { destination in
            frame.withUnsafeBytes { source in
                ZSTD_decompressDCtx(context, destination.baseAddress, destination.count, source.baseAddress, source.count)
            }
        }
        if ZSTD_isError(written) != 0 {
            throw fail("corrupt zstd frame: \(errorName(written))")
        }
        guard written == Int(declared) else {
            throw fail("zstd frame produced \(written) bytes but declares \(declared)")
        }
        return output
    }

    private static func errorName(_ code: Int) -> String {
        String(cString: ZSTD_getErrorName(code))
    }
}

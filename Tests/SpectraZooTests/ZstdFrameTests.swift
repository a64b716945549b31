import Testing
@testable import SpectraZoo

@Suite struct ZstdFrameTests {
    @Test func decodesAFrameWrittenByTheZstdCLI() throws {
        #expect(try ZstdFrame.decompress(Fixtures.zstdCLIFrame) == Fixtures.pythonSafetensors)
    }

    @Test func writesOneFrameWithChecksumAndContentSize() throws {
        let frame = try ZstdFrame.compress(Fixtures.pythonSafetensors)
        #expect(Array(frame.prefix(4)) == [0x28, 0xB5, 0x2F, 0xFD])
        // Frame header descriptor (RFC 8878 §3.1.1.1.1): bit 2 = checksum, bits 6–7 or bit 5 = content size present.
        #expect(frame[4] & 0x04 != 0)
        #expect(frame[4] & 0xC0 != 0 || frame[4] & 0x20 != 0)
        #expect(try ZstdFrame.decompress(frame) == Fixtures.pythonSafetensors)
    }

    @Test func refusesEveryTruncation() throws {
        let frame = Fixtures.zstdCLIFrame
        for length in 0..<frame.count {
            #expect(throws: CheckpointError.self) { try ZstdFrame.decompress(Array(frame.prefix(length))) }
        }
    }

    /// zstd's checksum covers the decoded content, so a flipped byte is either refused or sits in a bit the
    /// format makes redundant (an unused header bit, a table description that decodes the same); then the
    /// content is bit-identical and nothing wrong is loaded. The zoo's SHA-256 refuses even those.
    @Test func everySingleFlippedByteIsRefusedOrDecodesToTheIdenticalContent() throws {
        let frame = try ZstdFrame.compress(Fixtures.pythonSafetensors)
        var refused = 0
        for position in 0..<frame.count {
            for bit in 0..<8 {
                var corrupt = frame
                corrupt[position] ^= UInt8(1 << bit)
                do {
                    let content = try ZstdFrame.decompress(corrupt)
                    #expect(content == Fixtures.pythonSafetensors, "flip at byte \(position) bit \(bit) decoded to other content")
                } catch is CheckpointError {
                    refused += 1
                }
            }
        }
        // Python zstandard 0.25 on the same kind of frame leaves 5–12 of ~1,560 bit flips undetected (see report);
        // all of them decode to the original bytes.
        #expect(refused >= frame.count * 8 - 16)
    }

    @Test func refusesAFrameWithoutChecksumTrailingBytesAndTooLargeContent() throws {
        #expect(throws: CheckpointError(file: "h.zst", reason: "zstd frame has no content checksum; refusing to trust it")) {
            try ZstdFrame.decompress(Fixtures.zstdFrameWithoutChecksum, file: "h.zst")
        }
        #expect(throws: CheckpointError(file: nil, reason: "1 unexpected bytes after the zstd frame")) {
            try ZstdFrame.decompress(Fixtures.zstdCLIFrame + [0])
        }
        #expect(throws: CheckpointError(file: nil, reason: "zstd frame declares 278 bytes, more than the 100-byte limit")) {
            try ZstdFrame.decompress(Fixtures.zstdCLIFrame, maximumContentBytes: 100)
        }
        #expect(throws: CheckpointError(file: nil, reason: "not a zstd frame (missing magic number 28 B5 2F FD)")) {
            try ZstdFrame.decompress(Fixtures.pythonSafetensors)
        }
    }
}

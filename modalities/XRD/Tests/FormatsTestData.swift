import Foundation
import SpectraCore

/// Locates the shared real data (`../shared/data` beside the package root) and builds bad inputs.
enum FormatsTestData {
    /// `<package root>/../shared/data/<relative>`.
    static func url(_ relative: String) -> URL {
        URL(fileURLWithPath: #filePath)            // modalities/XRD/Tests/FormatsTestData.swift
            .deletingLastPathComponent()           // Tests
            .deletingLastPathComponent()           // XRD
            .deletingLastPathComponent()           // modalities
            .deletingLastPathComponent()           // package root
            .appendingPathComponent("../shared/data")
            .appendingPathComponent(relative)
            .standardizedFileURL
    }

    /// The bytes of a file in `xrd/instrument-formats`.
    static func instrumentFile(_ name: String) throws -> [UInt8] {
        try readFileBytes(url("xrd/instrument-formats/\(name)").path)
    }

    /// Truncation points spread over the whole file plus the first bytes, so every header field
    /// and the data are cut somewhere.
    static func truncationOffsets(count: Int, samples: Int = 97) -> [Int] {
        var offsets = Set(0..<min(count, 16))
        var position = 0
        while position < count { offsets.insert(position); position += max(1, count / samples) }
        offsets.insert(count - 1)
        return offsets.sorted()
    }

    /// Copies of `bytes` with one byte replaced, at seeded random positions.
    static func flippedCopies(of bytes: [UInt8], count: Int, seed: UInt64) -> [[UInt8]] {
        var rng = SeededGenerator(seed: seed)
        return (0..<count).map { _ in
            var copy = bytes
            let position = rng.int(below: copy.count)
            copy[position] ^= UInt8(1 + rng.int(below: 255))
            return copy
        }
    }
}

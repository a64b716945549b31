import Foundation
import SpectraCore

/// Reads a corpus table, decompressing `.xz` files with the system's `xz` (Debian's xz-utils,
/// which every Debian system has) rather than a compression library of our own.
public enum CorpusFile {
    /// Largest table read (bytes, after decompression).
    public static let maximumBytes = 2 << 30

    /// The file's bytes; a name ending in `.xz` is decompressed first.
    public static func read(_ path: String) throws -> [UInt8] {
        guard path.lowercased().hasSuffix(".xz") else { return try readFileBytes(path, limit: maximumBytes) }
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw DatasetError(file: path, reason: "no such file, or it cannot be read")
        }
        guard let xz = ["/usr/bin/xz", "/bin/xz", "/usr/local/bin/xz"].first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw DatasetError(file: path, reason: "xz is not installed (apt-get install xz-utils), or decompress the file first: xz -dk \(path)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: xz)
        process.arguments = ["--decompress", "--stdout", "--", path]
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch {
            throw DatasetError(file: path, reason: "cannot run \(xz): \(error.localizedDescription)")
        }
        // Drain stderr on another thread so a chatty xz cannot block while stdout is read.
        final class Box: @unchecked Sendable { var data = Data() }
        let message = Box()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async { message.data = errors.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let text = String(decoding: message.data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw DatasetError(file: path, reason: "xz cannot decompress it: \(text.isEmpty ? "exit status \(process.terminationStatus)" : text)")
        }
        guard data.count <= maximumBytes else {
            throw DatasetError(file: path, reason: "decompresses to \(data.count) bytes, more than the \(maximumBytes)-byte limit")
        }
        return [UInt8](data)
    }
}

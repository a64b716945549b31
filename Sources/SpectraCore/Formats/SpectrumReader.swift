import Foundation

/// What a reader found in one file: the format and one or more spectra (JCAMP-DX LINK files,
/// multi-range instrument files and 2-D arrays hold several blocks).
public struct SpectrumDocument: Sendable, Equatable {
    /// Format name as `spectra inspect` prints it, e.g. `jcamp-dx`.
    public var format: String
    /// The spectra in file order.
    public var blocks: [Spectrum]
    /// Per-block descriptions for listings (e.g. JCAMP block titles and data types).
    public var blockDescriptions: [String]

    public init(format: String, blocks: [Spectrum], blockDescriptions: [String]? = nil) {
        self.format = format
        self.blocks = blocks
        self.blockDescriptions = blockDescriptions ?? blocks.map { $0.title ?? "" }
    }
}

/// Reads one file format into spectra. Readers are values so a modality can register
/// configured instances; they must not keep state between reads.
public protocol SpectrumReader: Sendable {
    /// Short name, e.g. `jcamp-dx`, `xy`, `npy`, `bruker-raw`.
    var formatName: String { get }
    /// Lower-case file extensions without the dot that suggest this format.
    var fileExtensions: [String] { get }
    /// How sure the reader is that `head` (the first bytes of the file, up to 4 KiB) is its format:
    /// 0 = not at all; 10 = only the extension fits; 100 = a magic number or signature matched.
    /// 100 is the top score (higher ones count as 100): the first reader to give it wins.
    func sniff(head: [UInt8], fileExtension: String) -> Int
    /// Parses the whole file. `file` is the name used in errors.
    func read(_ bytes: [UInt8], file: String) throws -> SpectrumDocument
}

/// Largest file a reader is handed (bytes); larger inputs are refused before reading.
public let maximumSpectrumFileBytes = 1 << 30

/// Reads a whole file with a size check, turning I/O failures into `SpectrumReadError`.
/// One `open`/`fstat`/`read` sequence: batch conversion reads thousands of files.
public func readFileBytes(_ path: String, limit: Int = maximumSpectrumFileBytes) throws -> [UInt8] {
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else {
        switch errno {
        case ENOENT, ENOTDIR: throw SpectrumReadError(file: path, reason: "no such file")
        case EACCES: throw SpectrumReadError(file: path, reason: "cannot be read (permissions?)")
        default: throw SpectrumReadError(file: path, reason: "cannot be opened: \(String(cString: strerror(errno)))")
        }
    }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0 else {
        throw SpectrumReadError(file: path, reason: "cannot be read: \(String(cString: strerror(errno)))")
    }
    if (info.st_mode & S_IFMT) == S_IFDIR {
        throw SpectrumReadError(file: path, reason: "is a directory, not a file")
    }
    let size = Int(info.st_size)
    if size > limit {
        throw SpectrumReadError(file: path, reason: "file is \(size) bytes, larger than the \(limit)-byte limit")
    }
    // Regular files report their size and are read straight into the result (one byte more, to see the end);
    // pipes and devices report 0, and a file may grow while it is read: both continue in chunks.
    var failure: SpectrumReadError?
    var ended = false
    var bytes = [UInt8](unsafeUninitializedCapacity: max(size, 0) + 1) { buffer, initialized in
        while initialized < buffer.count {
            let n = read(fd, buffer.baseAddress! + initialized, buffer.count - initialized)
            if n < 0 {
                if errno == EINTR { continue }
                failure = readError(path, errno)
                return
            }
            if n == 0 { ended = true; return }
            initialized += n
        }
    }
    if let failure { throw failure }
    var chunk = [UInt8](repeating: 0, count: ended ? 0 : 1 << 16)
    while !ended {
        let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
        if n < 0 {
            if errno == EINTR { continue }
            throw readError(path, errno)
        }
        if n == 0 { break }
        bytes += chunk[..<n]
        if bytes.count > limit {
            throw SpectrumReadError(file: path, reason: "file is larger than the \(limit)-byte limit")
        }
    }
    if bytes.count > limit {
        throw SpectrumReadError(file: path, reason: "file is larger than the \(limit)-byte limit")
    }
    return bytes
}

/// The error for a failed `read` with `code` (errno).
private func readError(_ path: String, _ code: Int32) -> SpectrumReadError {
    if code == EISDIR { return SpectrumReadError(file: path, reason: "is a directory, not a file") }
    return SpectrumReadError(file: path, reason: "cannot be read: \(String(cString: strerror(code)))")
}

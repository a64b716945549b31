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
    func sniff(head: [UInt8], fileExtension: String) -> Int
    /// Parses the whole file. `file` is the name used in errors.
    func read(_ bytes: [UInt8], file: String) throws -> SpectrumDocument
}

/// Largest file a reader is handed (bytes); larger inputs are refused before reading.
public let maximumSpectrumFileBytes = 1 << 30

/// Reads a whole file with a size check, turning I/O failures into `SpectrumReadError`.
public func readFileBytes(_ path: String, limit: Int = maximumSpectrumFileBytes) throws -> [UInt8] {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
        throw SpectrumReadError(file: path, reason: "no such file")
    }
    if isDirectory.boolValue {
        throw SpectrumReadError(file: path, reason: "is a directory, not a file")
    }
    let attributes = try? FileManager.default.attributesOfItem(atPath: path)
    if let size = (attributes?[.size] as? NSNumber)?.intValue, size > limit {
        throw SpectrumReadError(file: path, reason: "file is \(size) bytes, larger than the \(limit)-byte limit")
    }
    guard let data = FileManager.default.contents(atPath: path) else {
        throw SpectrumReadError(file: path, reason: "cannot be read (permissions?)")
    }
    return [UInt8](data)
}

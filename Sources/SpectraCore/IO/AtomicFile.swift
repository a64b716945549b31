import Foundation

/// Writes files so a reader never sees a half-written one: write a temporary file beside the
/// target, fsync it, then rename over the target.
public enum AtomicFile {
    /// Writes `bytes` to `path` atomically. `durable: false` skips the fsync: the file is still never seen
    /// half-written, but may be lost in a power cut (for bulk outputs that can be regenerated).
    public static func write(_ bytes: [UInt8], to path: String, durable: Bool = true) throws {
        // Plain string work and the fewest system calls: batch conversion writes thousands of files.
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { $0 == path.startIndex ? "/" : String(path[..<$0]) } ?? "."
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        // The temporary name is unique in this process (a counter) and across processes (the pid); a file left
        // by a killed process whose pid is reused is stepped over.
        var fd: Int32 = -1
        var temporary = ""
        for _ in 0..<100 {
            temporary = directory + "/.\(name).tmp-\(processID)-\(temporaryCounter.next())"
            fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o644)
            if fd >= 0 || errno != EEXIST { break }
        }
        guard fd >= 0 else {
            let failure = errno
            // Only now ask why: the folder is missing (or not a folder), or something else.
            var info = stat()
            guard stat(directory, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else {
                let shown = directory.hasPrefix("/") ? directory : FileManager.default.currentDirectoryPath + "/" + directory
                throw OutputError(file: path, reason: "folder \(URL(fileURLWithPath: shown).standardizedFileURL.path) does not exist")
            }
            throw OutputError(file: path, reason: "cannot create a file in \(directory): \(String(cString: strerror(failure)))")
        }
        var ok = true
        var failure = ""
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = Foundation.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    ok = false; failure = String(cString: strerror(errno)); return
                }
                offset += n
            }
        }
        if ok && durable && fsync(fd) != 0 { ok = false; failure = String(cString: strerror(errno)) }
        close(fd)
        if ok && rename(temporary, path) != 0 { ok = false; failure = String(cString: strerror(errno)) }
        if !ok {
            unlink(temporary)
            throw OutputError(file: path, reason: "write failed: \(failure)")
        }
    }

    /// Writes UTF-8 text to `path` atomically.
    public static func write(_ text: String, to path: String) throws {
        try write(Array(text.utf8), to: path)
    }
}

/// This process's id, for temporary names.
private let processID = getpid()

/// Numbers temporary files within the process.
private let temporaryCounter = TemporaryCounter()

private final class TemporaryCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var value: UInt64 = 0

    func next() -> UInt64 {
        lock.lock()
        defer { lock.unlock() }
        value += 1
        return value
    }
}

/// An output file could not be written.
public struct OutputError: LocatedError, Equatable {
    public var file: String?
    public var line: Int?
    public var reason: String
    public init(file: String?, line: Int? = nil, reason: String) {
        self.file = file
        self.line = line
        self.reason = reason
    }
}

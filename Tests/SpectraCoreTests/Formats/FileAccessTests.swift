import Foundation
import Testing
@testable import SpectraCore

/// Reading whole files (regular files straight into the result; files without a size, as under /proc, in
/// chunks) and telling when two paths name one file.
@Suite struct FileAccessTests {
    func temporaryFolder() throws -> String {
        let path = NSTemporaryDirectory() + "/spectrakit-files-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func readsRegularAndSizelessFiles() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let content = (0..<70_000).map { UInt8($0 % 251) }
        try Data(content).write(to: URL(fileURLWithPath: folder + "/a.bin"))
        #expect(try readFileBytes(folder + "/a.bin") == content)
        try Data().write(to: URL(fileURLWithPath: folder + "/empty"))
        #expect(try readFileBytes(folder + "/empty").isEmpty)
        // /proc files report size 0; Foundation reads the same text to its end.
        let version = try String(contentsOfFile: "/proc/version", encoding: .utf8)
        #expect(try readFileBytes("/proc/version") == Array(version.utf8))
        #expect(throws: SpectrumReadError.self) { try readFileBytes(folder + "/a.bin", limit: 69_999) }
        #expect(throws: SpectrumReadError.self) { try readFileBytes(folder) }
    }

    @Test func identityFollowsSpellingsAndLinks() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Data([1]).write(to: URL(fileURLWithPath: folder + "/a"))
        try Data([1]).write(to: URL(fileURLWithPath: folder + "/b"))
        try FileManager.default.createSymbolicLink(atPath: folder + "/link", withDestinationPath: folder + "/a")
        let a = try #require(FileIdentity(path: folder + "/a"))
        #expect(FileIdentity(path: folder + "/./link") == a)
        #expect(FileIdentity(path: folder + "/../" + URL(fileURLWithPath: folder).lastPathComponent + "/a") == a)
        #expect(FileIdentity(path: folder + "/b") != a)
        #expect(FileIdentity(path: folder + "/missing") == nil)
    }
}

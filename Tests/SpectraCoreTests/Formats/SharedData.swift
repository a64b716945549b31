import Foundation

/// Paths of the shared real data (`../shared/data` beside the package root) and of this target's fixtures.
enum SharedData {
    /// The package root: this file is `Tests/SpectraCoreTests/Formats/SharedData.swift`.
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `../shared/data/<relative>` as a path.
    static func path(_ relative: String) -> String {
        packageRoot.deletingLastPathComponent().appendingPathComponent("shared/data/" + relative).path
    }

    /// Bytes of a shared data file.
    static func bytes(_ relative: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: path(relative))))
    }

    /// Bytes of a committed fixture under `Tests/SpectraCoreTests/Fixtures/formats/`.
    static func fixture(_ name: String) throws -> [UInt8] {
        let url = packageRoot.appendingPathComponent("Tests/SpectraCoreTests/Fixtures/formats/" + name)
        return [UInt8](try Data(contentsOf: url))
    }
}

import ArgumentParser
import Foundation
import SpectraCommandLine
import SpectraCore

/// The registry with the generic readers and steps plus every bundled modality.
func makeRegistry() throws -> ModalityRegistry {
    var registry = ModalityRegistry.core
    for plugin in bundledModalityPlugins {
        try registry.register(plugin: plugin)
    }
    return registry
}

/// The generic readers plus every bundled modality's readers. `inspect` and `convert` only read files, so
/// they do not need (and must not fail on) the modalities' pipelines, which `makeRegistry()` compiles; a
/// modality is made (its definition decoded) only when a file needs more than the generic readers.
func makeReaderRegistry() -> ModalityRegistry {
    var registry = ModalityRegistry.core
    for plugin in bundledModalityPlugins {
        registry.addReaders(madeWhenNeeded: { (try? plugin.makeModality())?.readers ?? [] })
    }
    return registry
}

/// Writes `text` to `path` atomically, or to standard output when `path` is nil.
func emit(_ text: String, to path: String?) throws {
    if let path {
        try AtomicFile.write(text, to: path)
    } else {
        writeStandardOutput(text)
    }
}

/// JSON with sorted keys, pretty-printed unless `pretty` is false (large numeric files).
func jsonText<T: Encodable>(_ value: T, pretty: Bool = true) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
    guard let data = try? encoder.encode(value) else { return "{}" }
    return String(decoding: data, as: UTF8.self) + "\n"
}

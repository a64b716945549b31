// `swift package --allow-writing-to-package-directory new-modality --name UVVis`
// scaffolds modalities/UVVis/ (modality.json, Sources/Plugin.swift, Tests/) for a new spectrum type.
// The one remaining step: add "UVVis" to the `modalities` list in Package.swift.
import Foundation
import PackagePlugin

@main
struct NewModality: CommandPlugin {
    func performCommand(context: PluginContext, arguments: [String]) async throws {
        var extractor = ArgumentExtractor(arguments)
        guard let name = extractor.extractOption(named: "name").first else {
            throw ScaffoldError("usage: swift package --allow-writing-to-package-directory new-modality --name NAME")
        }
        guard let first = name.first, first.isLetter, name.allSatisfy({ $0.isLetter || $0.isNumber }) else {
            throw ScaffoldError("modality name '\(name)' must start with a letter and contain only letters and digits")
        }
        let root = context.package.directoryURL.appendingPathComponent("modalities").appendingPathComponent(name)
        if FileManager.default.fileExists(atPath: root.path) {
            throw ScaffoldError("\(root.path) already exists")
        }
        let id = name.lowercased()
        let files: [(String, String)] = [
            ("modality.json", """
            {
              "id": "\(id)",
              "name": "\(name)",
              "summary": "\(name) spectra on a 0–1000 grid at step 1, scaled 0–1 (edit me)",
              "axis": { "unit": "arbitrary", "start": 0, "stop": 1000, "step": 1 },
              "intensity": "normalized",
              "preprocess": {
                "measured": { "steps": [
                  { "step": "resample", "start": 0, "stop": 1000, "spacing": 1, "method": "linear", "fill": 0 },
                  { "step": "normalize-minmax" }
                ] }
              },
              "augment": { "steps": [
                { "step": "shift", "maxPoints": 5 },
                { "step": "normalize-minmax" }
              ] }
            }

            """),
            ("Sources/Plugin.swift", """
            import SpectraCore

            /// Registers the \(name) modality (see `modalities/\(name)/modality.json`).
            public enum Plugin: ModalityPlugin {
                public static func makeModality() throws -> any Modality {
                    try \(name)SpectraModality()
                }
            }

            /// The \(name) modality: its definition plus any readers and steps of its own.
            public struct \(name)SpectraModality: Modality {
                public let definition: ModalityDefinition
                public var readers: [any SpectrumReader] { [] }
                public var steps: [any ProcessingStep.Type] { [] }

                public init() throws {
                    definition = try ModalityDefinition.decode(json: ModalityResources.definitionJSON,
                                                               file: ModalityResources.definitionFile)
                }
            }

            """),
            ("Tests/\(name)ModalityTests.swift", """
            import Testing
            import SpectraCore
            @testable import \(name)Modality

            @Test func definitionDecodesAndRegisters() throws {
                var registry = ModalityRegistry.core
                try registry.register(plugin: Plugin.self)
                let modality = try registry.modality(named: "\(id)")
                // 0...1000 at step 1 is 1001 points.
                #expect(modality.definition.axis.count == 1001)
            }

            """),
        ]
        for (relative, text) in files {
            let url = root.appendingPathComponent(relative)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        print("Created modalities/\(name)/. Now add \"\(name)\" to the `modalities` list in Package.swift.")
    }
}

struct ScaffoldError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

import ArgumentParser
import SpectraCommandLine
import SpectraCore

struct ModalitiesCommand: SpectraCommand {
    static let configuration = CommandConfiguration(
        commandName: "modalities",
        abstract: "List the registered modalities with their canonical axes.",
        discussion: "Example: spectra modalities --json"
    )

    @Flag(help: "Print JSON (the full definitions) instead of a table.")
    var json = false

    func execute() throws {
        let registry = try makeRegistry()
        if json {
            writeStandardOutput(jsonText(registry.modalities.map(\.definition)))
            return
        }
        for modality in registry.modalities {
            let axis = modality.definition.axis
            print("\(modality.id.padding(toLength: 8, withPad: " ", startingAt: 0)) \(modality.definition.name): \(axis.unit.label) \(axis.start)–\(axis.stop) step \(axis.step) (\(axis.count) points)")
            if let summary = modality.definition.summary { print("         \(summary)") }
        }
    }
}

import ArgumentParser
import SpectraCore

@main
struct Spectra: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "spectra",
        abstract: "Identify materials from their spectra with a transferable Vision Transformer.",
        discussion: """
        Examples:
          spectra modalities
          spectra inspect sample.jdx
          spectra convert sample.jdx --to csv --out sample.csv
          spectra preprocess pattern.xy --modality xrd --out pattern.csv
        """,
        version: spectraVersion,
        subcommands: builtinCommands + modalityCommands
    )
}

/// The project version, recorded in checkpoints and printed by `--version`.
let spectraVersion = "0.1.0"

/// Commands implemented in this target.
let builtinCommands: [ParsableCommand.Type] = [
    ModalitiesCommand.self, InspectCommand.self, ConvertCommand.self, PreprocessCommand.self, BenchCommand.self,
]

/// Commands brought by modality plugins (e.g. XRD's `simulate-xrd`).
let modalityCommands: [ParsableCommand.Type] = bundledModalityPlugins.flatMap { plugin in
    plugin.commandTypes.compactMap { $0 as? ParsableCommand.Type }
}

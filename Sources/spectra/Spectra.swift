import ArgumentParser
import Foundation
import SpectraCore
import SpectraNN

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
        version: SpectraKitVersion.current,
        subcommands: builtinCommands + modalityCommands
    )

    /// Runs the command; bad usage exits with status 2 (DESIGN.md), not ArgumentParser's 64.
    static func main() {
        // Most commands never call BLAS; the ones that do start its threads again when they need them.
        ComputeThreads.stopIdleBLASThreads()
        do {
            // The one hot path that skips ArgumentParser's start-up; everything else is parsed by it.
            if let convert = ConvertCommand.parsedDirectly(Array(CommandLine.arguments.dropFirst())) {
                try convert.run()
                return
            }
            var command = try parseAsRoot()
            try command.run()
        } catch {
            if exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}

/// Commands implemented in this target.
let builtinCommands: [ParsableCommand.Type] = [
    ModalitiesCommand.self,
    InspectCommand.self,
    ConvertCommand.self,
    PreprocessCommand.self,
    PlotCommand.self,
    DatasetCommand.self,
    ZooCommand.self,
    TrainCommand.self,
    EvaluateCommand.self,
    PredictCommand.self,
    TransferCommand.self,
    SweepCommand.self,
    ExplainCommand.self,
    TSNECommand.self,
    EmbedCommand.self,
    BenchCommand.self,
]

/// Commands brought by modality plugins (e.g. XRD's `simulate-xrd`).
let modalityCommands: [ParsableCommand.Type] = bundledModalityPlugins.flatMap { plugin in
    plugin.commandTypes.compactMap { $0 as? ParsableCommand.Type }
}

import ArgumentParser
import Foundation
import SpectraCore

/// The command convention of every `spectra` subcommand, the CLI's own and those a modality brings
/// (XRD's `simulate-xrd`, `dataset`): a user error prints one line `error: FILE:LINE: reason` and
/// exits 1; ArgumentParser's usage errors and clean exits pass through.
public protocol SpectraCommand: ParsableCommand {
    /// The command's work; throw a `LocatedError` for anything the user must fix.
    func execute() throws
}

extension SpectraCommand {
    public func run() throws {
        do {
            try execute()
        } catch let error as LocatedError {
            printError("error: \(error.description)")
            throw ExitCode(1)
        } catch let error as ExitCode {
            throw error
        } catch let error as CleanExit {
            throw error
        } catch let error as ValidationError {
            throw error
        } catch {
            printError("error: \(error)")
            throw ExitCode(1)
        }
    }
}

/// Writes a line to standard error.
public func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}

/// Writes text to standard output as is (no newline added).
public func writeStandardOutput(_ text: String) {
    FileHandle.standardOutput.write(Data(text.utf8))
}

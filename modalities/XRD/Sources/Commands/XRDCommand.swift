import ArgumentParser
import Foundation
import SpectraCore

/// A subcommand of the XRD modality following the CLI's error convention: a user error prints one
/// line `error: FILE:LINE: reason` and exits 1; bad usage exits 2 (ArgumentParser's default).
/// (Mirrors `SpectraCommand` in the CLI target, which modalities cannot import.)
protocol XRDCommand: ParsableCommand {
    func execute() throws
}

extension XRDCommand {
    /// Runs `execute()` and turns its errors into the CLI's one-line report and exit status.
    func runReportingErrors() throws {
        do {
            try execute()
        } catch let error as LocatedError {
            XRDConsole.printError("error: \(error.description)")
            throw ExitCode(1)
        } catch let error as ExitCode {
            throw error
        } catch let error as CleanExit {
            throw error
        } catch let error as ValidationError {
            throw error
        } catch {
            XRDConsole.printError("error: \(error)")
            throw ExitCode(1)
        }
    }
}

/// Standard-error and standard-output writes for the XRD commands.
enum XRDConsole {
    /// Writes a line to standard error.
    static func printError(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }

    /// Writes text to standard output as is.
    static func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}

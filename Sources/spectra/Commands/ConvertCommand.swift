import ArgumentParser
import Foundation
import SpectraCommandLine
import SpectraCore
import SpectraNN

struct ConvertCommand: SpectraCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Write the raw parsed x,y values of spectra as CSV or NumPy .npy.",
        discussion: """
        CSV has the header `x,y` and every value at full (shortest round-trip) precision; .npy holds an
        (N, 2) float64 array with columns x and y. Values are exactly what the reader parsed (JCAMP-DX:
        raw values times XFACTOR/YFACTOR), in file order. With one input and no --out the result goes to
        standard output. With several inputs, --out names an existing folder and each input FILE.ext
        becomes FOLDER/FILE.csv (or .npy); a bad input is reported and the others are still converted.
        Examples:
          spectra convert benzene.jdx --to csv
          spectra convert benzene.jdx --to npy --out benzene.npy
          spectra convert spectra/*.jdx --to csv --out converted/
        """
    )

    enum Target: String, ExpressibleByArgument, CaseIterable { case csv, npy }

    @Argument(help: "One or more spectrum files.")
    var files: [String]

    @Option(help: "Output format: csv or npy.")
    var to: Target = .csv

    @Option(help: "Block to convert (0-based) for multi-block files (see `spectra inspect`).")
    var block: Int = 0

    @Option(help: "Force an input format instead of sniffing it (jcamp-dx, npy, xy, ...).")
    var format: String?

    @Option(help: "Output file, or an existing folder (required for several inputs).")
    var out: String?

    func validate() throws {
        if files.isEmpty { throw ValidationError("give at least one file") }
        if block < 0 { throw ValidationError("--block must be 0 or more") }
        if files.count > 1 && out == nil { throw ValidationError("several inputs need --out FOLDER") }
    }

    /// `spectra convert`'s everyday argument forms read without ArgumentParser, or nil for anything else
    /// (help, a misspelt or repeated option, `--`, a name that starts with `-`, a value ArgumentParser would
    /// refuse, arguments `validate()` rejects), which then goes through ArgumentParser as usual.
    /// Why: ArgumentParser's first parse builds its type metadata at run time, about 4 ms of a static binary's
    /// start-up (60 % of converting one file), and scripts convert one file per call. `arguments` starts with
    /// the subcommand name (`CommandLine.arguments` without the executable). The accepted forms give the same
    /// command as ArgumentParser (`ConvertArgumentTests` compares the two on every form).
    static func parsedDirectly(_ arguments: [String]) -> ConvertCommand? {
        guard arguments.first == configuration.commandName else { return nil }
        var files: [String] = []
        var values: [String: String] = [:]
        var rest = arguments.dropFirst()[...]
        while let argument = rest.popFirst() {
            guard argument.hasPrefix("-") else { files.append(argument); continue }
            var name = Substring(argument.dropFirst(2))
            var value: String?
            if let equals = name.firstIndex(of: "=") {
                value = String(name[name.index(after: equals)...])
                name = name[..<equals]
            }
            guard argument.hasPrefix("--"), ["to", "block", "format", "out"].contains(name), values[String(name)] == nil else { return nil }
            if value == nil { value = rest.popFirst() }
            guard let value, !value.isEmpty, !value.hasPrefix("-") else { return nil }
            values[String(name)] = value
        }
        var command = ConvertCommand()
        command.files = files
        command.out = values["out"]
        command.format = values["format"]
        guard let to = Target(rawValue: values["to"] ?? Target.csv.rawValue),
              let block = Int(values["block"] ?? "0") else { return nil }
        command.to = to
        command.block = block
        guard (try? command.validate()) != nil else { return nil }
        return command
    }

    func execute() throws {
        HeapTuning.keepFreedMemoryForReuse()
        let registry = makeReaderRegistry()
        var isDirectory: ObjCBool = false
        let outIsFolder = out.map { FileManager.default.fileExists(atPath: $0, isDirectory: &isDirectory) && isDirectory.boolValue } ?? false
        if files.count > 1 && !outIsFolder {
            throw OutputError(file: out, reason: "with several inputs --out must be an existing folder")
        }
        // One output per input, named after it; refuse collisions before writing anything.
        var targets: [String?] = []
        var seen: [String: String] = [:]
        for file in files {
            guard let out else { targets.append(nil); continue }
            guard outIsFolder else { targets.append(out); continue }
            let target = Self.outputPath(for: file, in: out, extension: to.rawValue)
            if let other = seen[target] {
                throw OutputError(file: target, reason: "both \(other) and \(file) would be written here")
            }
            seen[target] = file
            targets.append(target)
        }
        // Never overwrite an input (e.g. `convert data/*.csv --out data/`), however the paths are spelled;
        // only targets that exist can be one.
        let existing = targets.compactMap { $0 }.compactMap { target in FileIdentity(path: target).map { (target, $0) } }
        let inputs = existing.isEmpty ? [] : Set(files.compactMap(FileIdentity.init(path:)))
        if let clash = existing.first(where: { inputs.contains($0.1) })?.0 {
            throw OutputError(file: clash, reason: "the output would overwrite an input file")
        }
        if files.count == 1 { return try convert(files[0], to: targets[0], registry: registry) }
        // Files are independent: the workers take them one at a time (both cores on a folder of spectra), and
        // the outcomes are reported afterwards in the order the files were given, whatever order they finished in.
        var outcomes = [Error?](repeating: nil, count: files.count)
        outcomes.withUnsafeMutableBufferPointer { outcomes in
            ComputeThreads.forEachTask(files.count) { i in
                do { try convert(files[i], to: targets[i], registry: registry) } catch { outcomes[i] = error }
            }
        }
        var failed = false
        for case let error? in outcomes {
            // Report and go on: one bad file in a batch must not cost the others.
            guard let located = error as? LocatedError else { throw error }
            printError("error: \(located.description)")
            failed = true
        }
        if failed { throw ExitCode(1) }
    }

    /// FOLDER/STEM.EXT for the input FILE (its last path component without its extension, as NSString names them
    /// for ordinary paths), in plain string operations: NSString's path methods cost a Foundation bridge per call.
    static func outputPath(for file: String, in folder: String, extension ext: String) -> String {
        let name = file.split(separator: "/").last ?? Substring(file)
        var stem = name
        if let dot = name.lastIndex(of: "."), dot != name.startIndex { stem = name[..<dot] }
        return (folder.hasSuffix("/") ? folder : folder + "/") + stem + "." + ext
    }

    private func convert(_ file: String, to target: String?, registry: ModalityRegistry) throws {
        let spectrum = try registry.readSpectrum(atPath: file, block: block, format: format)
        let bytes: [UInt8]
        switch to {
        case .csv:
            bytes = SpectrumCSV.encodedBytes(spectrum)
        case .npy:
            bytes = NumpyArray.encodedColumns([spectrum.x, spectrum.y])
        }
        // Outputs are regenerable, so they are written atomically but without an fsync each.
        if let target { try AtomicFile.write(bytes, to: target, durable: false) } else { FileHandle.standardOutput.write(Data(bytes)) }
    }
}

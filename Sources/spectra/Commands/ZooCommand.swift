import ArgumentParser
import Foundation
import SpectraCommandLine
import SpectraCore
import SpectraTraining
import SpectraZoo

/// `spectra zoo …`: list, inspect, verify, add and export the models in the model zoo.
struct ZooCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "zoo",
        abstract: "List, verify, add and export the models in the model zoo.",
        discussion: """
        The zoo folder is, in order: --zoo DIR; the SPECTRAKIT_ZOO environment variable; the first model-zoo/
        with a zoo.json going up from the spectra executable (the package's own zoo); ./model-zoo.
        Anywhere a model is expected, give a zoo name or a path to a .safetensors.zst checkpoint.

        Examples:
          spectra zoo list
          spectra zoo show xrd-mof-vit
          spectra zoo verify
          spectra zoo add runs/ftir.safetensors.zst --name ftir-organics-vit --data-licence "CC BY 4.0" --attribution "NIST"
          spectra zoo export xrd-mof-vit --out exported/
        """,
        subcommands: [List.self, Show.self, Verify.self, Add.self, Export.self]
    )

    /// The `--zoo` option shared by every subcommand.
    struct Location: ParsableArguments {
        @Option(name: .customLong("zoo"), help: "The zoo folder (default: $SPECTRAKIT_ZOO, else the package's model-zoo/, else ./model-zoo).")
        var directory: String?

        /// The zoo folder by the documented rules.
        var resolvedDirectory: String {
            directory ?? ModelZoo.locate(environment: ProcessInfo.processInfo.environment,
                                         executablePath: Bundle.main.executablePath ?? CommandLine.arguments.first,
                                         currentDirectory: FileManager.default.currentDirectoryPath)
        }

        func open(creatingIfMissing: Bool = false) throws -> ModelZoo {
            try ModelZoo(directory: resolvedDirectory, creatingIfMissing: creatingIfMissing)
        }
    }

    struct List: SpectraCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List the zoo's models.", discussion: "Example: spectra zoo list --json")

        @OptionGroup var location: Location
        @Flag(help: "Print the manifest entries as JSON.") var json = false

        func execute() throws {
            let zoo = try location.open()
            if json { writeStandardOutput(jsonText(zoo.manifest.models)); return }
            guard !zoo.manifest.models.isEmpty else { print("The zoo at \(zoo.directory) is empty."); return }
            // TOP-1 on a test set when the entry records one (`zoo add --evaluation NAME=…` → NAME_top1), else on validation.
            let rows = [["NAME", "MODALITY", "ARCH", "CLASSES", "TOP-1", "ON", "SIZE", "SHA-256"]] + zoo.manifest.models.map { entry in
                let test = entry.metrics.keys.sorted().first { $0.hasSuffix("_top1") && $0 != "validation_top1" }
                let key = test ?? (entry.metrics["top1"] != nil ? "top1" : "validation_top1")
                return [entry.name, entry.modality, entry.architecture, String(entry.classes),
                        entry.metrics[key].map { String(format: "%.1f%%", $0 * 100) } ?? "-",
                        entry.metrics[key] == nil ? "-" : test.map { String($0.dropLast("_top1".count)) } ?? "validation",
                        ZooCommand.byteCount(entry.size), String(entry.sha256.prefix(12))]
            }
            ZooCommand.printTable(rows)
        }
    }

    struct Show: SpectraCommand {
        static let configuration = CommandConfiguration(
            commandName: "show", abstract: "Describe one model: manifest entry, labels, modality, provenance, lineage (verifies the file).",
            discussion: "Example: spectra zoo show vit-xrd-mof    (or a checkpoint path: spectra zoo show runs/m.safetensors.zst --json)")

        @OptionGroup var location: Location
        @Argument(help: "Zoo name of the model, or a checkpoint path.") var name: String
        @Flag(help: "Print JSON.") var json = false

        struct Description: Encodable {
            /// The manifest entry (nil for a checkpoint given by path).
            var entry: ZooEntry?
            var parentName: String?
            var labels: [String]
            var tensorCount: Int
            var parameterCount: Int
            var modelConfig: String
            var modality: CheckpointModality?
            var provenance: TrainingProvenance?
        }

        func execute() throws {
            let zoo = try? location.open()
            let reference = ModelReference(name)
            let (checkpoint, sha256, path) = try reference.load(in: zoo)
            var entry: ZooEntry?
            if case .zoo(let found) = try reference.resolve(in: zoo) { entry = found }
            let parent = checkpoint.metadata.parentSHA256
            let parentName = parent.flatMap { parent in zoo?.manifest.models.first { $0.sha256 == parent }?.name }
            let description = Description(
                entry: entry, parentName: parentName, labels: checkpoint.metadata.labels, tensorCount: checkpoint.tensors.count,
                parameterCount: checkpoint.tensors.values.reduce(0) { $0 + $1.values.count },
                modelConfig: checkpoint.metadata.modelConfigJSON, modality: checkpoint.metadata.modality,
                provenance: checkpoint.metadata.provenance)
            if json { writeStandardOutput(jsonText(description)); return }
            print("\(entry?.name ?? name)  (\(path))")
            print("  sha256        \(sha256)")
            if let entry { print("  size          \(ZooCommand.byteCount(entry.size))") }
            print("  architecture  \(ModelZoo.architecture(of: checkpoint.metadata)), \(description.parameterCount) parameters in \(description.tensorCount) tensors")
            print("  config        \(checkpoint.metadata.modelConfigJSON)")
            if let modality = checkpoint.metadata.modality {
                print("  modality      \(modality.id): \(modality.axis.unit.label) \(modality.axis.start)–\(modality.axis.stop) step \(modality.axis.step) (\(modality.axis.count) points), preprocessing \(modality.preprocessing.steps.map(\.name).joined(separator: " → "))")
            }
            let labels = checkpoint.metadata.labels
            print("  classes       \(labels.count): \(labels.prefix(10).joined(separator: ", "))\(labels.count > 10 ? ", …" : "")")
            let metrics = entry?.metrics ?? checkpoint.metadata.provenance?.metrics ?? [:]
            if !metrics.isEmpty {
                print("  metrics       " + metrics.keys.sorted().map { "\($0) \(metrics[$0] ?? 0)" }.joined(separator: ", "))
            }
            if let provenance = checkpoint.metadata.provenance {
                print("  trained on    \(provenance.dataset), seed \(provenance.seed), \(provenance.epochs) epochs, SpectraKit \(provenance.projectVersion)")
            }
            if let parent { print("  parent        \(parentName ?? "(not in this zoo)") \(parent)") }
            if let entry { print("  data licence  \(entry.dataLicence); attribution: \(entry.attribution)") }
        }
    }

    struct Verify: SpectraCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify", abstract: "Check every model's (or one model's) size, SHA-256, zstd checksum, metadata and labels.",
            discussion: "Example: spectra zoo verify xrd-mof-vit. Exit status 1 if any model fails.")

        @OptionGroup var location: Location
        @Argument(help: "Zoo name of the model (default: all).") var name: String?

        func execute() throws {
            let zoo = try location.open()
            let entries = try name.map { [try zoo.entry(named: $0)] } ?? zoo.manifest.models
            var failures = 0
            for entry in entries {
                do {
                    _ = try zoo.load(entry)
                    print("ok      \(entry.name)  \(entry.sha256)")
                } catch let error as LocatedError {
                    failures += 1
                    print("FAILED  \(entry.name)")
                    printError("error: \(error.description)")
                }
            }
            if entries.isEmpty { print("The zoo at \(zoo.directory) is empty.") }
            if failures > 0 { throw ExitCode(1) }
        }
    }

    struct Add: SpectraCommand {
        static let configuration = CommandConfiguration(
            commandName: "add", abstract: "Copy a checkpoint into the zoo and list it in zoo.json (the file is validated first).",
            discussion: "Example: spectra zoo add runs/xrd.safetensors.zst --name xrd-mof-vit --data-licence \"CC BY 4.0\" --attribution \"CoRE MOF 2019\"")

        @OptionGroup var location: Location
        @Argument(help: "A .safetensors.zst checkpoint.") var file: String
        @Option(help: "Zoo name (default: the file name without .safetensors.zst).") var name: String?
        @Option(help: "Licence of the training data.") var dataLicence = "unspecified"
        @Option(help: "Credit for the training data.") var attribution = "unspecified"
        @Option(help: "Re-encode the tensors as F32, F16 or BF16 (smaller file) before adding.") var storage: String?
        @Option(help: "PREFIX=FILE: record top1/top3/top5 of a `spectra evaluate --json` output as PREFIX_top1, ... (repeatable).")
        var evaluation: [String] = []
        @Flag(help: "Replace a model of the same name (its file and manifest entry).") var replace = false

        func execute() throws {
            var zoo = try location.open(creatingIfMissing: true)
            let dtype = try storage.map { name in
                guard let dtype = TensorDType(rawValue: name.uppercased()) else {
                    throw ValidationError("--storage must be F32, F16 or BF16, got \(name)")
                }
                return dtype
            }
            var metrics: [String: Double] = [:]
            for item in evaluation {
                guard let equals = item.firstIndex(of: "="), equals != item.startIndex else {
                    throw ValidationError("--evaluation must be PREFIX=FILE.json, got \(item)")
                }
                let prefix = String(item[..<equals]), path = String(item[item.index(after: equals)...])
                for (key, value) in try EvaluationReport.read(fromJSONFile: path).topK { metrics["\(prefix)_\(key)"] = value }
            }
            let entry = try zoo.add(file: file, name: name, dataLicence: dataLicence, attribution: attribution,
                                    storage: dtype, extraMetrics: metrics, replacing: replace)
            print("added \(entry.name) (\(entry.architecture), \(entry.classes) classes, \(ZooCommand.byteCount(entry.size))) sha256 \(entry.sha256)")
        }
    }

    struct Export: SpectraCommand {
        static let configuration = CommandConfiguration(
            commandName: "export", abstract: "Write NAME.safetensors (uncompressed), config.json and labels.txt for use outside SpectraKit.",
            discussion: """
            Example: spectra zoo export xrd-mof-vit --out exported/
            Then in Python: from safetensors.numpy import load_file; load_file("exported/xrd-mof-vit.safetensors")
            """)

        @OptionGroup var location: Location
        @Argument(help: "Zoo name of the model.") var name: String
        @Option(help: "Output folder (created if missing).") var out: String

        func execute() throws {
            let zoo = try location.open()
            for path in try zoo.export(zoo.entry(named: name), to: out) { print(path) }
        }
    }

    static func byteCount(_ bytes: Int) -> String {
        bytes < 10_000 ? "\(bytes) B" : bytes < 10_000_000 ? "\(bytes / 1000) kB" : String(format: "%.1f MB", Double(bytes) / 1e6)
    }

    static func printTable(_ rows: [[String]]) {
        let widths = (0..<(rows.first?.count ?? 0)).map { column in rows.map { $0[column].count }.max() ?? 0 }
        for row in rows {
            print(zip(row, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: "  ").trimmingCharacters(in: .whitespaces))
        }
    }
}

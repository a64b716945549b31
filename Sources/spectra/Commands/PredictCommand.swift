import ArgumentParser
import Foundation
import SpectraCommandLine
import SpectraCore
import SpectraZoo

struct PredictCommand: SpectraCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict",
        abstract: "Identify spectra with a trained model: the top-k labels with probabilities.",
        discussion: """
        Each FILE is read in any supported format and put on the model's grid with the preprocessing
        stored in its checkpoint. A file whose x axis is of another kind than the model's modality
        (a 2θ pattern given to an FTIR model, say) is an error.
        --check-with asks a second model trained for the same labels (the paper's CNN beside the ViT, say)
        and says for each file whether the two name the same top-1 label. Two independently trained models
        rarely agree on a spectrum unlike anything they were trained on, while a probability alone can be
        high for one (docs/results.md §1: 27 of 30 measured-like MOF patterns agree, none of 9 measured oxides).
        Example: spectra predict --model vit-xrd-mof pattern.xy --top 5
                 spectra predict --model runs/ftir.safetensors.zst *.jdx --json
                 spectra predict --model vit-xrd-mof --check-with cnn-xrd-mof pattern.xy
        """
    )

    @Option(help: "A zoo model name or a .safetensors.zst path.")
    var model: String
    @Argument(help: "Spectrum files.")
    var files: [String]
    @Option(help: "How many labels to show per file.")
    var top = 5
    @Flag(help: "Print JSON: one object per file with `file` and `top` = [{label, probability}] (and `check`).")
    var json = false
    @Option(help: "A second model for the same labels: each file says whether both name the same top-1 label.")
    var checkWith: String?
    @OptionGroup var zoo: ZooCommand.Location

    struct Ranked: Encodable { var label: String; var probability: Double }
    /// The second model's top-1 and whether it is the first model's.
    struct Check: Encodable { var label: String; var probability: Double; var agrees: Bool }
    struct Prediction: Encodable { var file: String; var top: [Ranked]; var check: Check? }

    func validate() throws {
        guard top > 0 else { throw ValidationError("--top must be positive") }
        guard !files.isEmpty else { throw ValidationError("give at least one spectrum file") }
    }

    func execute() throws {
        let registry = try makeRegistry()
        let loaded = try loadClassifier(model, zoo: zoo)
        let second = try checkWith.map { try loadClassifier($0, zoo: zoo) }
        if let second, second.classifier.labels != loaded.classifier.labels {
            throw CheckpointError(file: second.path, reason: "--check-with needs a model for the same labels as \(loaded.path) (\(loaded.classifier.labels.count) classes; this one has \(second.classifier.labels.count), or another order)")
        }
        let ranked = try Self.rank(files, with: loaded, registry: registry, top: top)
        var checks: [Check?] = Array(repeating: nil, count: files.count)
        if let second {
            checks = try Self.rank(files, with: second, registry: registry, top: 1).enumerated().map { i, best in
                Check(label: best[0].label, probability: best[0].probability, agrees: best[0].label == ranked[i][0].label)
            }
        }
        let predictions = files.indices.map { Prediction(file: files[$0], top: ranked[$0], check: checks[$0]) }
        if json { writeStandardOutput(jsonText(predictions)); return }
        for p in predictions {
            print(p.file)
            for (rank, r) in p.top.enumerated() {
                print(String(format: "  %d. %6.2f%%  ", rank + 1, 100 * r.probability) + r.label)
            }
            if let c = p.check {
                print(String(format: "  check: %6.2f%%  ", 100 * c.probability) + c.label
                      + (c.agrees ? " (agrees)" : " (DISAGREES: the spectrum may be unlike anything in the training set)"))
            }
        }
    }

    /// The `top` most probable labels of each file under `loaded`, in file order.
    private static func rank(_ files: [String], with loaded: LoadedClassifier, registry: ModalityRegistry,
                             top: Int) throws -> [[Ranked]] {
        let classifier = loaded.classifier
        let inputs = try modelInputs(files, for: loaded, registry: registry)
        let probabilities = try classifier.probabilities(inputs, count: files.count)
        let k = classifier.labels.count
        return files.indices.map { i in
            let row = Array(probabilities[(i * k)..<((i + 1) * k)])
            let order = row.indices.sorted { row[$0] > row[$1] }.prefix(top)
            return order.map { Ranked(label: classifier.labels[$0], probability: Double(row[$0])) }
        }
    }
}

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
        Example: spectra predict --model vit-xrd-mof pattern.xy --top 5
                 spectra predict --model runs/ftir.safetensors.zst *.jdx --json
        """
    )

    @Option(help: "A zoo model name or a .safetensors.zst path.")
    var model: String
    @Argument(help: "Spectrum files.")
    var files: [String]
    @Option(help: "How many labels to show per file.")
    var top = 5
    @Flag(help: "Print JSON: one object per file with `file` and `top` = [{label, probability}].")
    var json = false
    @OptionGroup var zoo: ZooCommand.Location

    struct Ranked: Encodable { var label: String; var probability: Double }
    struct Prediction: Encodable { var file: String; var top: [Ranked] }

    func validate() throws {
        guard top > 0 else { throw ValidationError("--top must be positive") }
        guard !files.isEmpty else { throw ValidationError("give at least one spectrum file") }
    }

    func execute() throws {
        let loaded = try loadClassifier(model, zoo: zoo)
        let classifier = loaded.classifier
        let inputs = try modelInputs(files, for: loaded, registry: try makeRegistry())
        let probabilities = try classifier.probabilities(inputs, count: files.count)
        let k = classifier.labels.count
        let predictions = files.enumerated().map { i, file -> Prediction in
            let row = Array(probabilities[(i * k)..<((i + 1) * k)])
            let order = row.indices.sorted { row[$0] > row[$1] }.prefix(top)
            return Prediction(file: file, top: order.map { Ranked(label: classifier.labels[$0], probability: Double(row[$0])) })
        }
        if json { writeStandardOutput(jsonText(predictions)); return }
        for p in predictions {
            print(p.file)
            for (rank, r) in p.top.enumerated() {
                print(String(format: "  %d. %6.2f%%  ", rank + 1, 100 * r.probability) + r.label)
            }
        }
    }
}

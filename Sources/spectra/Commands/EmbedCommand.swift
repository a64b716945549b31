import ArgumentParser
import Foundation
import SpectraCommandLine
import SpectraCore
import SpectraInsight
import SpectraModels
import SpectraNN
import SpectraTraining

struct EmbedCommand: SpectraCommand {
    static let configuration = CommandConfiguration(
        commandName: "embed",
        abstract: "Write a model's representations of a dataset's spectra as a NumPy .npy matrix (for research code).",
        discussion: """
        DATASET is a folder of per-label subfolders, a CSV manifest `file,label` or a packed dataset (as for
        `spectra train`). Each spectrum becomes one row of OUT (float32, spectra × dimension, C order): the ViT's
        CLS embedding after the final LayerNorm (what its heads read), or the CNN's 84-unit penultimate layer.
        --labels writes a CSV `name,label` with one line per row, in the same order.
        Example: spectra embed --model vit-raman-rruff --data test.dataset --out test.npy --labels test.csv
                 python3 -c "import numpy; print(numpy.load('test.npy').shape)"
        """
    )

    @Option(help: "A zoo model name or a .safetensors.zst path.")
    var model: String
    @Option(help: "The dataset.")
    var data: String
    @Option(help: "Output .npy file (float32, spectra × dimension).")
    var out: String
    @Option(help: "Output CSV `name,label`, one line per row of --out.")
    var labels: String?
    @Option(help: "Threads for the forward passes.")
    var threads: Int = 2
    @OptionGroup var zoo: ZooCommand.Location

    func validate() throws {
        guard threads > 0 else { throw ValidationError("--threads must be positive") }
        if let labels, labels == out { throw ValidationError("--labels and --out name the same file") }
    }

    func execute() throws {
        ComputeThreads.use(threads)
        let registry = try makeRegistry()
        let loaded = try loadClassifier(model, zoo: zoo)
        let chosen = try spectra.modality(of: loaded.classifier, in: registry, path: loaded.path)
        let network = loaded.classifier.network
        let dataset = try loadDataset(data, for: loaded, modality: chosen, registry: registry)
        let values: [Float], dimension: Int
        do {
            (values, dimension) = try Representations.extract(network: network, spectra: dataset.spectra, count: dataset.count)
        } catch let error as InsightError {
            throw InsightError(file: model, reason: error.reason)
        }
        let matrix = NumpyArray(shape: [dataset.count, dimension], values: values.map(Double.init), elementType: .float32)
        try AtomicFile.write(matrix.encoded(), to: out)
        if let labels {
            var text = "name,label\n"
            for i in 0..<dataset.count {
                text += "\(csvField(dataset.sampleNames[i])),\(csvField(dataset.labels[dataset.sampleLabels[i]]))\n"
            }
            try AtomicFile.write(text, to: labels)
        }
        printError("\(out): \(dataset.count) × \(dimension) \(network.configuration.architecture == .vit ? "CLS embeddings" : "CNN penultimate features")")
    }

    /// A CSV field, quoted when it holds a comma, quote or line break (RFC 4180).
    private func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

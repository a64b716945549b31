import ArgumentParser
import Foundation
import SpectraCommandLine
import SpectraCore
import SpectraTraining
import SpectraZoo

struct EvaluateCommand: SpectraCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Top-1/3/5, per-class accuracy and the most frequent confusions of a model on a labelled dataset.",
        discussion: """
        Labels in DATASET must be among the model's labels. Files get the model's own preprocessing.
        The JSON holds every non-zero confusion cell; draw it with `spectra plot --confusion FILE`.
        Example: spectra evaluate --model vit-xrd-mof --data measured/ --json
        """
    )

    @Option(help: "A zoo model name or a .safetensors.zst path.")
    var model: String
    @Option(help: "The dataset (folder of per-label subfolders, CSV manifest `file,label`, or packed dataset).")
    var data: String
    @Option(help: "How many confusions to list.")
    var confusions = 10
    @Flag(help: "Print JSON.")
    var json = false
    @OptionGroup var zoo: ZooCommand.Location

    struct Confusion: Encodable { var truth: String; var predicted: String; var count: Int }
    struct Report: Encodable {
        var model: String
        var samples: Int
        var top1: Double, top3: Double, top5: Double
        var perClassAccuracy: [String: Double]
        var confusions: [Confusion]
        /// The model's labels and every non-zero cell of the confusion matrix (diagonal included),
        /// which `spectra plot --confusion` draws.
        var labels: [String]
        var confusionCounts: [Confusion]
    }

    func execute() throws {
        let loaded = try loadClassifier(model, zoo: zoo)
        let registry = try makeRegistry()
        let modality = try spectra.modality(of: loaded.classifier, in: registry, path: loaded.path)
        let dataset = try DatasetLoader(registry: registry, modality: modality)
            .load(data, classNames: loaded.classifier.labels)
        let (_, metrics) = try Trainer.evaluate(NetworkClassifier(network: loaded.classifier.network), on: dataset, batchSize: 64)
        let labels = loaded.classifier.labels
        var perClass: [String: Double] = [:]
        for (i, accuracy) in metrics.perClassAccuracy.enumerated() { if let accuracy { perClass[labels[i]] = accuracy } }
        var pairs: [Confusion] = [], cells: [Confusion] = []
        for (t, row) in metrics.confusion.enumerated() {
            for (p, n) in row.enumerated() where n > 0 {
                let cell = Confusion(truth: labels[t], predicted: labels[p], count: n)
                cells.append(cell)
                if p != t { pairs.append(cell) }
            }
        }
        pairs.sort { ($0.count, $1.truth) > ($1.count, $0.truth) }
        let report = Report(model: model, samples: metrics.total, top1: metrics.top1, top3: metrics.top3, top5: metrics.top5,
                            perClassAccuracy: perClass, confusions: Array(pairs.prefix(confusions)),
                            labels: labels, confusionCounts: cells)
        if json { writeStandardOutput(jsonText(report)); return }
        print(String(format: "%d spectra: top-1 %.1f%%  top-3 %.1f%%  top-5 %.1f%%", report.samples,
                     100 * report.top1, 100 * report.top3, 100 * report.top5))
        for (label, accuracy) in perClass.sorted(by: { $0.key < $1.key }) {
            print(String(format: "  %6.1f%%  ", 100 * accuracy) + label)
        }
        if !report.confusions.isEmpty { print("most frequent confusions (truth → predicted):") }
        for c in report.confusions { print("  \(c.count)×  \(c.truth) → \(c.predicted)") }
    }
}

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

    func execute() throws {
        let loaded = try loadClassifier(model, zoo: zoo)
        let registry = try makeRegistry()
        let modality = try spectra.modality(of: loaded.classifier, in: registry, path: loaded.path)
        let dataset = try loadDataset(data, for: loaded, modality: modality, registry: registry, classNames: loaded.classifier.labels)
        let (_, metrics) = try Trainer.evaluate(NetworkClassifier(network: loaded.classifier.network), on: dataset, batchSize: 64)
        let report = EvaluationReport(model: model, metrics: metrics, labels: loaded.classifier.labels, confusionLimit: confusions)
        if json { writeStandardOutput(jsonText(report)); return }
        print(String(format: "%d spectra: top-1 %.1f%%  top-3 %.1f%%  top-5 %.1f%%", report.samples,
                     100 * report.top1, 100 * report.top3, 100 * report.top5))
        for (label, accuracy) in report.perClassAccuracy.sorted(by: { $0.key < $1.key }) {
            print(String(format: "  %6.1f%%  ", 100 * accuracy) + label)
        }
        if !report.confusions.isEmpty { print("most frequent confusions (truth → predicted):") }
        for c in report.confusions { print("  \(c.count)×  \(c.truth) → \(c.predicted)") }
    }
}

import ArgumentParser
import Foundation
import SpectraCommandLine
import SpectraCore
import SpectraModels
import SpectraTraining
import SpectraZoo

struct TransferCommand: SpectraCommand {
    static let configuration = CommandConfiguration(
        commandName: "transfer",
        abstract: "Fine-tune a trained model (zoo name or checkpoint) on spectra of another modality or label set.",
        discussion: """
        Keeps every backbone tensor of the parent, replaces its head with one for the new labels, adapts
        the input length, fine-tunes, and records the parent's SHA-256 in the new checkpoint.
        --adapt resample (default) puts the target spectra onto the parent's number of points (same span);
        --adapt interpolate-positions keeps the target grid and interpolates the ViT's position embedding.
        Example: spectra transfer --from vit-xrd-mof --modality ftir --data ftir-spectra/ --out runs/ftir-tl.safetensors.zst
        """
    )

    enum Adaptation: String, ExpressibleByArgument, CaseIterable {
        case resample, interpolatePositions = "interpolate-positions"
    }

    @Option(name: .customLong("from"), help: "The parent model: a zoo name or a .safetensors.zst path.")
    var parent: String
    @Option(help: "Target modality id.")
    var modality: String
    @Option(help: "The target dataset (folder, CSV manifest or packed dataset).")
    var data: String
    @Option(help: "Input adaptation: resample or interpolate-positions.")
    var adapt: Adaptation = .resample
    @Option(help: "Epochs at the start during which only the new head trains (ViT).")
    var freezeBackboneEpochs = 0
    @OptionGroup var training: TrainingArguments
    @OptionGroup var zoo: ZooCommand.Location
    @Option(help: "Output checkpoint (NAME.safetensors.zst).")
    var out: String

    func execute() throws {
        let loaded = try loadClassifier(parent, zoo: zoo)
        let registry = try makeRegistry()
        let target = try registry.modality(named: modality)
        let raw = try DatasetLoader(registry: registry, modality: target).load(data)
        let adaptation = InputAdaptation(rawValue: adapt.rawValue) ?? .resample
        let axis = Transfer.childAxis(target: target.definition.axis, parentInputLength: loaded.classifier.network.inputLength,
                                      adaptation: adaptation)
        let dataset = try Transfer.adapt(raw, to: axis)
        let network = try Transfer.childNetwork(from: loaded.classifier.network, inputLength: dataset.length,
                                                classes: dataset.labels.count, seed: training.seed)
        if freezeBackboneEpochs > 0, case .cnn = network {
            throw ModelError(reason: "--freeze-backbone-epochs applies to ViT models only")
        }
        let preprocessing = try Transfer.childPreprocessing(target.definition.preprocess["measured"] ?? Pipeline(),
                                                            targetAxis: target.definition.axis, childAxis: axis)
        var options = training.options
        options.frozenBackboneEpochs = freezeBackboneEpochs
        if try training.resumesFinishedRun(out, options: options) { return }
        var run = TrainingRun(dataset: dataset, datasetName: data,
                              modality: CheckpointModality(id: target.id, axis: axis, preprocessing: preprocessing),
                              augmentation: try training.augmentation(for: target, registry: registry),
                              options: options, output: out)
        run.parentSHA256 = loaded.sha256
        run.onEpoch = training.logger()
        printError("transferring \(loaded.path) (\(loaded.classifier.modality.id), \(loaded.classifier.labels.count) classes) to \(dataset.count) \(target.id) spectra of \(dataset.labels.count) classes on \(dataset.length) points")
        let (classifier, history) = try run.run(network, resume: training.resume)
        let best = classifier.provenance?.metrics ?? [:]
        printError(String(format: "wrote %@ after %d epochs: validation top-1 %.1f%%, top-5 %.1f%%; parent %@", out, history.count,
                          100 * (best["validation_top1"] ?? 0), 100 * (best["validation_top5"] ?? 0), String(loaded.sha256.prefix(12))))
    }
}

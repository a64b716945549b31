import ArgumentParser
import Foundation
import SpectraCommandLine
import SpectraCore
import SpectraModels
import SpectraTraining
import SpectraZoo

/// Model and training options shared by `train` and `transfer`.
struct TrainingArguments: ParsableArguments {
    @Option(help: "Epochs (at most; early stopping may end sooner).")
    var epochs = 30
    @Option(help: "Batch size.")
    var batchSize = 64
    @Option(name: .customLong("lr"), help: "Peak learning rate (warm-up then cosine decay).")
    var learningRate: Float = 1e-3
    @Option(help: "Stop after this many epochs without a lower validation loss.")
    var patience = 3
    @Option(help: "Augmented copies of each training spectrum per epoch.")
    var repeats = 1
    @Option(help: ArgumentHelp("Share of each class's spectra held out for validation (0 to less than 1).",
                               discussion: "0 trains on every spectrum and validates on fixed augmented copies of them, as for classes with one spectrum."))
    var validationFraction = 0.2
    @Option(help: "Random seed (split, batches, augmentation, initialisation, dropout).")
    var seed: UInt64 = 42
    @Flag(help: "Train without the modality's augmentation pipeline.")
    var noAugment = false
    @Option(help: "An augmentation pipeline JSON file to use instead of the modality's.")
    var augment: String?
    @Option(help: "Append one JSON line per epoch to this file.")
    var log: String?
    @Flag(help: "Continue an interrupted run from the state beside --out (same options).")
    var resume = false

    var options: TrainingOptions {
        var o = TrainingOptions()
        o.epochs = epochs; o.batchSize = batchSize; o.learningRate = learningRate
        o.patience = patience; o.repeats = repeats; o.seed = seed; o.validationFraction = validationFraction
        return o
    }

    func validate() throws {
        guard epochs > 0, batchSize > 0, repeats > 0, patience > 0 else {
            throw ValidationError("--epochs, --batch-size, --repeats and --patience must be positive")
        }
        guard learningRate.isFinite, learningRate > 0 else { throw ValidationError("--lr must be a positive number") }
        guard validationFraction >= 0, validationFraction < 1 else {
            throw ValidationError("--validation-fraction must be at least 0 and less than 1")
        }
    }

    /// The augmentation pipeline: a file, the modality's default, or none.
    func augmentation(for modality: any Modality, registry: ModalityRegistry) throws -> CompiledPipeline? {
        if noAugment { return nil }
        if let augment {
            let text = String(decoding: try readFileBytes(augment), as: UTF8.self)
            return try registry.compile(try Pipeline.decode(json: text, file: augment), file: augment)
        }
        return try registry.compile(modality.definition.augment)
    }

    /// With --resume, whether the run writing `out` with `options` already finished (its resume file
    /// says so): then there is nothing to do, which is said on stderr, so rerunning a finished command
    /// succeeds. Other options go on to `TrainingRun`, which refuses them.
    func resumesFinishedRun(_ out: String, options: TrainingOptions) throws -> Bool {
        guard resume, let saved = try TrainingRun.savedProgress(forCheckpoint: out), saved.finished,
              saved.options == options else { return false }
        printError("\(out): this run already finished after \(saved.epochs) epochs; nothing to resume")
        return true
    }

    /// Appends epoch records to `--log` as JSON lines.
    func logger() -> ((EpochRecord) throws -> Void)? {
        guard let log else { return nil }
        return { record in
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            let line = String(decoding: try encoder.encode(record), as: UTF8.self) + "\n"
            if !FileManager.default.fileExists(atPath: log) {
                guard FileManager.default.createFile(atPath: log, contents: nil) else {
                    throw OutputError(file: log, reason: "cannot create the log file")
                }
            }
            guard let handle = FileHandle(forWritingAtPath: log) else { throw OutputError(file: log, reason: "cannot open the log file") }
            defer { try? handle.close() }
            handle.seekToEndOfFile()
            handle.write(Data(line.utf8))
        }
    }
}

struct TrainCommand: SpectraCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a ViT or the paper's CNN on labelled spectra and write a checkpoint.",
        discussion: """
        DATASET is a folder of per-label subfolders of spectrum files, a CSV manifest with header
        `file,label`, or a packed dataset from `spectra dataset`. Spectra are put on the modality's grid
        with its `measured` preprocessing (packed datasets already are); training augments them with the
        modality's pipeline. After every epoch the checkpoint and a resume file (OUT.optim.safetensors.zst)
        are written atomically; --resume continues a killed run with the same result (and does nothing
        after a finished one).
        Example: spectra train --modality xrd --data mofs.dataset --out runs/xrd-vit.safetensors.zst
                 spectra train --modality ftir --data spectra/ --model cnn --epochs 20 --out runs/ftir-cnn.safetensors.zst
        """
    )

    enum Architecture: String, ExpressibleByArgument, CaseIterable {
        case vit, cnn
        case knn, knnPearson = "knn-pearson", naiveBayes = "naive-bayes", logistic

        /// The classical baseline this names, unfitted; nil for the networks.
        func baseline(iterations: Int) throws -> (any BaselineClassifier)? {
            switch self {
            case .vit, .cnn: return nil
            case .knn: return try KNearestNeighbours(k: 1, similarity: .cosine)
            case .knnPearson: return try KNearestNeighbours(k: 1, similarity: .pearson)
            case .naiveBayes: return try GaussianNaiveBayes()
            case .logistic: return try LogisticRegression(maximumIterations: iterations)
            }
        }

        /// k-NN is a library search over the reference spectra as they are; the fitted baselines learn from
        /// augmented copies too, like the networks.
        var augments: Bool { ![.knn, .knnPearson].contains(self) }
    }

    @Option(help: "logistic: the L-BFGS iteration limit (scikit-learn's max_iter).")
    var iterations = 1000
    @Option(help: "Modality id (see `spectra modalities`).")
    var modality: String
    @Option(help: "The dataset (folder, CSV manifest or packed dataset).")
    var data: String
    @Option(help: ArgumentHelp("Model: vit, cnn, or a classical baseline: knn (cosine), knn-pearson, naive-bayes, logistic.",
                               discussion: "knn searches all the training spectra as they are (a library search: evaluate it on a test set); naive-bayes and logistic hold out 20% for validation and fit the rest plus --repeats augmented copies of each."))
    var model: Architecture = .vit
    @Option(help: "A JSON file with a ViTConfiguration (keys as in a checkpoint's model_config.vit); overrides the options below.")
    var config: String?
    @Option(help: "ViT: points per segment (linear embedding).")
    var segmentLength = 25
    @Option(help: "ViT: embedding width.")
    var embedDim = 120
    @Option(help: "ViT: encoder blocks.")
    var depth = 4
    @Option(help: "ViT: attention heads.")
    var heads = 4
    @Option(help: "ViT: MLP width as a multiple of the embedding width.")
    var mlpRatio = 4.0
    @Option(help: "ViT: 'linear' (project each segment) or 'direct' (the paper's code: segments of embed-dim points are the tokens).")
    var embedding = "linear"
    @Option(help: "Dropout (ViT) / dropout after each conv stage (CNN).")
    var dropout = 0.1
    @Option(help: "ViT: stochastic depth rate.")
    var dropPath = 0.1
    @OptionGroup var training: TrainingArguments
    @Option(help: "Output checkpoint (NAME.safetensors.zst).")
    var out: String

    func validate() throws {
        guard iterations > 0 else { throw ValidationError("--iterations must be positive") }
    }

    func execute() throws {
        let registry = try makeRegistry()
        let modality = try registry.modality(named: self.modality)
        let dataset = try DatasetLoader(registry: registry, modality: modality).load(data)
        let checkpointModality = CheckpointModality(id: modality.id, axis: modality.definition.axis,
                                                    preprocessing: modality.definition.preprocess["measured"] ?? Pipeline())
        if let baseline = try model.baseline(iterations: iterations) {
            var fit = BaselineFit(dataset: dataset, datasetName: data, modality: checkpointModality, seed: training.seed)
            fit.augmentation = model.augments ? try training.augmentation(for: modality, registry: registry) : nil
            if !model.augments { fit.validationFraction = 0 }
            fit.repeats = training.repeats
            let (_, metrics) = try fit.run(baseline, output: out)
            printError(metrics.total == 0
                ? "wrote \(out) (\(model.rawValue)): a library of \(dataset.count) spectra, no validation (evaluate it on a test set)"
                : String(format: "wrote %@ (%@): validation top-1 %.1f%%, top-5 %.1f%% on %d spectra", out, model.rawValue,
                         100 * metrics.top1, 100 * metrics.top5, metrics.total))
            return
        }
        let configuration: ModelConfiguration
        switch model {
        case .cnn: configuration = .cnn(CNNConfiguration(inputLength: dataset.length, dropout: Float(dropout)))
        default: configuration = .vit(try vitConfiguration(inputLength: dataset.length))
        }
        if try training.resumesFinishedRun(out, options: training.options) { return }
        let network = try ClassifierNetwork.make(configuration, classes: dataset.labels.count, seed: training.seed)
        var run = TrainingRun(dataset: dataset, datasetName: data, modality: checkpointModality,
                              augmentation: try training.augmentation(for: modality, registry: registry),
                              options: training.options, output: out)
        run.onEpoch = training.logger()
        printError("training \(model.rawValue) on \(dataset.count) spectra of \(dataset.labels.count) classes (\(dataset.length) points each)")
        let (classifier, history) = try run.run(network, resume: training.resume)
        let best = classifier.provenance?.metrics ?? [:]
        printError(String(format: "wrote %@ after %d epochs: validation top-1 %.1f%%, top-5 %.1f%%", out, history.count,
                          100 * (best["validation_top1"] ?? 0), 100 * (best["validation_top5"] ?? 0)))
    }

    func vitConfiguration(inputLength: Int) throws -> ViTConfiguration {
        if let config {
            let text = String(decoding: try readFileBytes(config), as: UTF8.self)
            do {
                var c = try JSONDecoder().decode(ViTConfiguration.self, from: Data(text.utf8))
                c.inputLength = inputLength
                try c.validate(file: config)
                return c
            } catch let error as LocatedError {
                throw error
            } catch {
                throw ModelError(file: config, reason: "not a ViT configuration: \(describeDecodingError(error))")
            }
        }
        guard let kind = ViTConfiguration.Embedding(rawValue: embedding) else {
            throw ModelError(reason: "--embedding must be 'linear' or 'direct'")
        }
        let c = ViTConfiguration(inputLength: inputLength, segmentLength: segmentLength, embedDim: embedDim, depth: depth,
                                 heads: heads, mlpRatio: mlpRatio, dropout: dropout, attentionDropout: 0,
                                 dropPathRate: dropPath, embedding: kind)
        try c.validate()
        return c
    }
}

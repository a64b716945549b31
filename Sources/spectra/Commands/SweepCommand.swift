import ArgumentParser
import Foundation
import SpectraCommandLine
import SpectraCore
import SpectraInsight
import SpectraModels
import SpectraTraining
import SpectraZoo

/// Comma-separated whole numbers on the command line (`30,60,120`).
struct IntegerList: ExpressibleByArgument {
    var values: [Int]

    init?(argument: String) {
        let parts = argument.split(separator: ",", omittingEmptySubsequences: false)
        let numbers = parts.compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !parts.isEmpty, numbers.count == parts.count, numbers.allSatisfy({ $0 > 0 }) else { return nil }
        values = numbers
    }

    var defaultValueDescription: String { values.map(String.init).joined(separator: ",") }
}

/// An axis range `LOW,HIGH` (`5,30`).
struct AxisRange: ExpressibleByArgument {
    var range: ClosedRange<Double>

    init?(argument: String) {
        let parts = argument.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 2, let lo = parts[0], let hi = parts[1], lo.isFinite, hi.isFinite, lo < hi else { return nil }
        range = lo...hi
    }
}

struct SweepCommand: SpectraCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Train a grid of ViT shapes with the same data, split, seed and budget; write a table and a plot.",
        discussion: """
        Every combination of --segment-length, --embed-dim, --depth and --heads is trained on DATASET (same
        validation split and seed) for at most --epochs epochs and --max-seconds seconds, then scored on the
        validation part and on --test. OUT gets sweep.csv and sweep.md (one row per grid point: configuration,
        parameters, epochs, top-1/3/5, training seconds), sweep.svg (top-1 against the first swept setting),
        sweep.json (the settings) and points/ (each point's checkpoint). Both tables are rewritten after every
        point; --resume skips the points already in the table and continues an interrupted one.
        --range LOW,HIGH keeps only that part of the axis (the paper's 5–30° 2θ experiment).

        Example:
          spectra sweep --modality xrd --data mofs.dataset --test measured/ --segment-length 30,60,120 \\
              --depth 2,4 --heads 2,4 --epochs 10 --max-seconds 600 --out runs/sweep
          spectra sweep ... --range 5,30 --out runs/sweep-5-30
        """
    )

    @Option(help: "Modality id (see `spectra modalities`).")
    var modality: String
    @Option(help: "The training dataset (folder, CSV manifest or packed dataset).")
    var data: String
    @Option(help: "A labelled test dataset with the training classes (or some of them).")
    var test: String?
    @Option(help: "Segment lengths, comma-separated.")
    var segmentLength = IntegerList(argument: "25")!
    @Option(help: "Embedding widths, comma-separated.")
    var embedDim = IntegerList(argument: "120")!
    @Option(help: "Depths (encoder blocks), comma-separated.")
    var depth = IntegerList(argument: "4")!
    @Option(help: "Attention heads, comma-separated (each must divide each embedding width).")
    var heads = IntegerList(argument: "4")!
    @Option(help: "ViT: MLP width as a multiple of the embedding width.")
    var mlpRatio = 4.0
    @Option(help: "ViT: 'linear' or 'direct' segment embedding.")
    var embedding = "linear"
    @Option(help: "Dropout.")
    var dropout = 0.1
    @Option(help: "Stochastic depth rate.")
    var dropPath = 0.1
    @Option(help: "Seconds of training per point at most (checked between epochs).")
    var maxSeconds: Double?
    @Option(help: "Axis range LOW,HIGH to keep, in axis units (e.g. 5,30 for XRD).")
    var range: AxisRange?
    @OptionGroup var training: TrainingArguments
    @Option(help: "Output folder.")
    var out: String
    @Flag(help: "Print the table as JSON instead of markdown.")
    var json = false

    func validate() throws {
        if let maxSeconds { guard maxSeconds > 0, maxSeconds.isFinite else { throw ValidationError("--max-seconds must be positive") } }
        guard ViTConfiguration.Embedding(rawValue: embedding) != nil else { throw ValidationError("--embedding must be 'linear' or 'direct'") }
    }

    func execute() throws {
        let registry = try makeRegistry()
        let modality = try registry.modality(named: self.modality)
        let loader = DatasetLoader(registry: registry, modality: modality)
        let dataset = try loader.load(data)
        var options = training.options
        options.maxSeconds = maxSeconds
        let base = ViTConfiguration(inputLength: dataset.length, segmentLength: 1, embedDim: 1, depth: 1, heads: 1,
                                    mlpRatio: mlpRatio, dropout: dropout, attentionDropout: 0, dropPathRate: dropPath,
                                    embedding: ViTConfiguration.Embedding(rawValue: embedding) ?? .linear)
        var sweep = Sweep(train: dataset, trainName: data,
                          modality: CheckpointModality(id: modality.id, axis: modality.definition.axis,
                                                       preprocessing: modality.definition.preprocess["measured"] ?? Pipeline()),
                          augmentation: try training.augmentation(for: modality, registry: registry), options: options,
                          base: base,
                          grid: SweepGrid(segmentLengths: segmentLength.values, embedDims: embedDim.values,
                                          depths: depth.values, heads: heads.values),
                          folder: out)
        if let test {
            sweep.test = try loader.load(test, classNames: dataset.labels)
            sweep.testName = test
        }
        sweep.range = range?.range
        sweep.onEpoch = training.logger()
        sweep.onPoint = { row, n, total in
            printError(String(format: "point %d/%d %@: %d parameters, %d epochs, val top-1 %.1f%%", n, total, row.point.key,
                              row.parameters, row.epochs, 100 * row.validationTop1)
                       + (row.testTop1.map { String(format: ", test top-1 %.1f%%", 100 * $0) } ?? "")
                       + String(format: ", %.0f s", row.trainingSeconds))
        }
        let (table, invalid) = try sweep.run(resume: training.resume)
        for (point, reason) in invalid { printError("note: \(point.key) skipped: \(reason)") }

        let (axis, isTest, series) = table.top1Series()
        var plot = MarkedLinePlot(xLabel: axis.rawValue, yLabel: (isTest ? "test" : "validation") + " top-1 (%)",
                                  title: "ViT sweep on \((data as NSString).lastPathComponent)"
                                      + (range.map { " (\($0.range.lowerBound)–\($0.range.upperBound))" } ?? ""))
        plot.yDomain = (0, 100)
        for s in series { plot.add(name: s.name, x: s.x, y: s.y) }
        try AtomicFile.write(plot.svg(), to: out + "/sweep.svg")
        if json { writeStandardOutput(jsonText(table.rows)) } else { writeStandardOutput(table.markdown()) }
        printError("wrote \(sweep.tablePath), \(sweep.markdownPath) and \(out)/sweep.svg")
    }
}

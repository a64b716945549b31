import ArgumentParser
import Foundation
import SpectraCommandLine
import SpectraCore
import SpectraInsight
import SpectraModels
import SpectraNN
import SpectraTraining

struct TSNECommand: SpectraCommand {
    static let configuration = CommandConfiguration(
        commandName: "tsne",
        abstract: "Map a dataset's spectra, or what a model learned from them, into 2-D with t-SNE (SVG scatter plot).",
        discussion: """
        DATASET is a folder of per-label subfolders, a CSV manifest `file,label` or a packed dataset
        (as for `spectra train`); files get the modality's measured preprocessing. The points are the
        model's representations (ViT: the CLS embedding its head reads; CNN: the 84-unit penultimate
        layer), or with --raw the preprocessed spectra themselves (then --modality can replace --model).
        t-SNE follows van der Maaten's reference: exact up to 500 spectra, Barnes–Hut (--theta) above;
        the same --seed gives the same map. --highlight colours named classes and greys the rest.
        Convert to PNG with e.g. `rsvg-convert -o tsne.png tsne.svg`.
        Example: spectra tsne --model vit-xrd-mof --data mofs.dataset --out tsne.svg --highlight ZIF-8,ZIF-67
                 spectra tsne --modality xrd --raw --data mofs.dataset --out raw.svg --perplexity 20
        """
    )

    @Option(help: "A zoo model name or a .safetensors.zst path.")
    var model: String?
    @Option(help: "Modality id, for --raw without a model.")
    var modality: String?
    @Option(help: "The dataset.")
    var data: String
    @Option(help: "Output SVG file.")
    var out: String
    @Flag(help: "Embed the preprocessed spectra instead of the model's representations.")
    var raw = false
    @Option(help: "Comma-separated class names to colour (the rest are grey).")
    var highlight: String?
    @Option(help: "t-SNE perplexity (effective number of neighbours).")
    var perplexity = 30.0
    @Option(help: "Random seed of the initial map.")
    var seed: UInt64 = 0
    @Option(help: "Gradient-descent iterations.")
    var iterations = 1000
    @Option(help: "Barnes–Hut accuracy (smaller is slower and more exact).")
    var theta = 0.5
    @Flag(help: "Use the exact O(n²) gradient whatever the number of spectra.")
    var exact = false
    @Option(help: "Threads for the distance products and per-point forces (the map does not depend on it).")
    var threads = ProcessInfo.processInfo.activeProcessorCount
    @Option(help: "Title above the plot.")
    var title: String?
    @Flag(help: "Print JSON: the method, KL divergence and every point's name, label and coordinates.")
    var json = false
    @OptionGroup var zoo: ZooCommand.Location

    struct Point: Encodable { var name: String; var label: String; var x: Double; var y: Double }
    struct Report: Encodable {
        var method: String, perplexity: Double, seed: UInt64, iterations: Int, klDivergence: Double
        var representation: String
        var points: [Point]
    }

    func validate() throws {
        if model == nil && !(raw && modality != nil) { throw ValidationError("give --model, or --raw with --modality") }
        if model != nil && modality != nil { throw ValidationError("give either --model or --modality, not both") }
        guard perplexity > 0 else { throw ValidationError("--perplexity must be positive") }
        guard iterations > 0 else { throw ValidationError("--iterations must be positive") }
        guard threads > 0 else { throw ValidationError("--threads must be positive") }
        guard theta > 0 else { throw ValidationError("--theta must be positive (use --exact for the exact gradient)") }
    }

    func execute() throws {
        ComputeThreads.use(threads)
        let registry = try makeRegistry()
        var network: ClassifierNetwork?
        let chosen: any Modality
        var loadedModel: LoadedClassifier?
        if let model {
            let loaded = try loadClassifier(model, zoo: zoo)
            chosen = try spectra.modality(of: loaded.classifier, in: registry, path: loaded.path)
            network = loaded.classifier.network
            loadedModel = loaded
        } else {
            chosen = try registry.modality(named: modality ?? "")
        }
        let dataset = try loadedModel.map { try loadDataset(data, for: $0, modality: chosen, registry: registry) }
            ?? DatasetLoader(registry: registry, modality: chosen).load(data)
        let values: [Float], dimension: Int, representation: String
        if let network, !raw {
            guard network.inputLength == dataset.axis.count else {
                throw DatasetError(file: data, reason: "the dataset has \(dataset.axis.count) points per spectrum, the model takes \(network.inputLength)")
            }
            do {
                (values, dimension) = try Representations.extract(network: network, spectra: dataset.spectra, count: dataset.count)
            } catch let error as InsightError {
                throw InsightError(file: model, reason: error.reason)
            }
            representation = network.configuration.architecture == .vit ? "CLS embeddings" : "CNN penultimate layer"
        } else {
            (values, dimension, representation) = (dataset.spectra, dataset.axis.count, "preprocessed spectra")
        }
        var options = TSNE.Options()
        options.perplexity = perplexity
        options.seed = seed
        options.iterations = iterations
        options.theta = theta
        if exact { options.method = .exact }
        let started = Date()
        let result: TSNE.Result
        do {
            result = try TSNE.embed(values, count: dataset.count, dimension: dimension, options: options) { iteration in
                if Date().timeIntervalSince(started) > 3 { printError("t-SNE: iteration \(iteration)/\(iterations)") }
            }
        } catch let error as InsightError {
            throw InsightError(file: data, reason: error.reason)
        }
        let names = highlight?.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } ?? []
        let plot: ScatterPlot
        do {
            plot = try ScatterPlot(coordinates: result.coordinates, classes: dataset.sampleLabels, classNames: dataset.labels,
                                   highlight: names, title: title ?? "t-SNE of \(representation) (perplexity \(perplexity))")
        } catch let error as InsightError {
            throw InsightError(file: data, reason: error.reason)
        }
        try AtomicFile.write(plot.svg(), to: out)
        if json {
            let points = (0..<dataset.count).map { i in
                Point(name: dataset.sampleNames[i], label: dataset.labels[dataset.sampleLabels[i]],
                      x: result.coordinates[2 * i], y: result.coordinates[2 * i + 1])
            }
            writeStandardOutput(jsonText(Report(method: result.method.rawValue, perplexity: perplexity, seed: seed,
                                                iterations: iterations, klDivergence: result.klDivergence,
                                                representation: representation, points: points)))
            return
        }
        print(String(format: "%@: %d spectra, %@ t-SNE of %@, KL divergence %.4f", out, dataset.count,
                     result.method.rawValue, representation, result.klDivergence))
    }
}

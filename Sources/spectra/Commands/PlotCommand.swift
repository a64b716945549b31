import ArgumentParser
import Foundation
import SpectraCommandLine
import SpectraCore
import SpectraInsight

struct PlotCommand: SpectraCommand {
    static let configuration = CommandConfiguration(
        commandName: "plot",
        abstract: "Draw spectra, training curves or a confusion matrix as SVG with labelled axes and units.",
        discussion: """
        All files must share an x unit. With --modality the spectra are first put through the
        modality's measured preprocessing (canonical grid, normalised), so they compare directly.
        --training-log draws the loss and validation accuracy per epoch from `spectra train --log`;
        --confusion draws the confusion matrix from `spectra evaluate --json` output.
        Convert to PNG with a common tool, e.g. `rsvg-convert -o plot.png plot.svg`.
        Example: spectra plot a.xy b.xy --modality xrd --title "ZIF-8" --out zif8.svg
                 spectra plot --training-log runs/xrd.log.jsonl --out curves.svg
                 spectra evaluate --model vit-xrd-mof --data measured/ --json > eval.json
                 spectra plot --confusion eval.json --out confusion.svg
        """
    )

    @Argument(help: "Spectrum files.")
    var files: [String] = []

    @Option(help: "A JSON-lines training log (`spectra train --log`): draw its training curves.")
    var trainingLog: String?

    @Option(help: "JSON from `spectra evaluate --json`: draw its confusion matrix.")
    var confusion: String?

    @Option(help: "Output SVG file.")
    var out: String

    @Option(help: "Modality id: plot the preprocessed spectra (see `spectra modalities`).")
    var modality: String?

    @Option(help: "Title above the plot.")
    var title: String?

    @Option(help: "Block to plot (0-based) for multi-block files.")
    var block: Int = 0

    func validate() throws {
        let inputs = (files.isEmpty ? 0 : 1) + (trainingLog == nil ? 0 : 1) + (confusion == nil ? 0 : 1)
        if inputs == 0 { throw ValidationError("give spectrum files, --training-log or --confusion") }
        if inputs > 1 { throw ValidationError("give only one of: spectrum files, --training-log, --confusion") }
        if block < 0 { throw ValidationError("--block must be 0 or more") }
    }

    func execute() throws {
        if let trainingLog {
            let text = String(decoding: try readFileBytes(trainingLog), as: UTF8.self)
            try AtomicFile.write(try TrainingCurvesPlot(log: text, file: trainingLog, title: title).svg(), to: out)
            return
        }
        if let confusion {
            var plot = try ConfusionMatrixPlot(evaluationJSON: Data(try readFileBytes(confusion)), file: confusion)
            if let title { plot.title = title }
            try AtomicFile.write(plot.svg(), to: out)
            return
        }
        let registry = try makeRegistry()
        let chosen = try modality.map { try registry.modality(named: $0) }
        var spectra: [(name: String, spectrum: Spectrum)] = []
        for file in files {
            let spectrum = try chosen.map { try registry.preprocess(fileAtPath: file, modality: $0, block: block) }
                ?? registry.readSpectrum(atPath: file, block: block)
            spectra.append(((file as NSString).lastPathComponent, spectrum))
        }
        let xUnits = Set(spectra.map(\.spectrum.xUnit))
        guard let xUnit = spectra.first?.spectrum.xUnit, xUnits.count == 1 else {
            let list = spectra.map { "\($0.name): \($0.spectrum.xUnit.label)" }.joined(separator: ", ")
            throw ProcessingError(reason: "cannot plot different x units on one axis (\(list)); use --modality to convert them")
        }
        let yUnits = Set(spectra.map(\.spectrum.yUnit))
        let yLabel = yUnits.count == 1 ? (yUnits.first ?? .arbitrary).label : IntensityUnit.arbitrary.label
        var plot = LinePlot(xLabel: xUnit.label, yLabel: yLabel, title: title)
        plot.xDescending = xUnit.plotsDescending
        for (name, spectrum) in spectra {
            plot.add(name: name, x: spectrum.x, y: spectrum.y)
        }
        try AtomicFile.write(plot.svg(), to: out)
    }
}

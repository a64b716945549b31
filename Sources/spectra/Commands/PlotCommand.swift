import ArgumentParser
import Foundation
import SpectraCommandLine
import SpectraCore
import SpectraInsight

struct PlotCommand: SpectraCommand {
    static let configuration = CommandConfiguration(
        commandName: "plot",
        abstract: "Draw one or more spectra as an SVG line plot with labelled axes and units.",
        discussion: """
        All files must share an x unit. With --modality the spectra are first put through the
        modality's measured preprocessing (canonical grid, normalised), so they compare directly.
        Convert to PNG with a common tool, e.g. `rsvg-convert -o plot.png plot.svg`.
        Example: spectra plot a.xy b.xy --modality xrd --title "ZIF-8" --out zif8.svg
        """
    )

    @Argument(help: "Spectrum files.")
    var files: [String]

    @Option(help: "Output SVG file.")
    var out: String

    @Option(help: "Modality id: plot the preprocessed spectra (see `spectra modalities`).")
    var modality: String?

    @Option(help: "Title above the plot.")
    var title: String?

    @Option(help: "Block to plot (0-based) for multi-block files.")
    var block: Int = 0

    func validate() throws {
        if files.isEmpty { throw ValidationError("give at least one spectrum file") }
        if block < 0 { throw ValidationError("--block must be 0 or more") }
    }

    func execute() throws {
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
        // Infrared spectra are read from high to low wavenumber, NMR from high to low ppm, by convention.
        plot.xDescending = xUnit == .wavenumberPerCm || xUnit == .ppm
        for (name, spectrum) in spectra {
            plot.add(name: name, x: spectrum.x, y: spectrum.y)
        }
        try AtomicFile.write(plot.svg(), to: out)
    }
}

import ArgumentParser
import SpectraCore

struct ConvertCommand: SpectraCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Write the raw parsed x,y values of a spectrum as CSV or NumPy .npy.",
        discussion: """
        CSV has the header `x,y` and every value at full (round-trip) precision; .npy holds an (N, 2)
        float64 array with columns x and y. Without --out, CSV goes to standard output.
        Example: spectra convert benzene.jdx --to npy --out benzene.npy
        """
    )

    enum Target: String, ExpressibleByArgument, CaseIterable { case csv, npy }

    @Argument(help: "A spectrum file.")
    var file: String

    @Option(help: "Output format: csv or npy.")
    var to: Target = .csv

    @Option(help: "Block to convert (0-based) for multi-block files.")
    var block: Int = 0

    @Option(help: "Force an input format instead of sniffing it.")
    var format: String?

    @Option(help: "Output file (required for npy).")
    var out: String?

    func validate() throws {
        if to == .npy && out == nil { throw ValidationError("--to npy needs --out FILE") }
        if block < 0 { throw ValidationError("--block must be 0 or more") }
    }

    func execute() throws {
        let registry = try makeRegistry()
        let spectrum = try registry.readSpectrum(atPath: file, block: block, format: format)
        switch to {
        case .csv:
            try emit(SpectrumCSV.encode(spectrum), to: out)
        case .npy:
            let values = zip(spectrum.x, spectrum.y).flatMap { [$0, $1] }
            let array = NumpyArray(shape: [spectrum.count, 2], values: values)
            try AtomicFile.write(array.encoded(), to: out ?? "")
        }
    }
}

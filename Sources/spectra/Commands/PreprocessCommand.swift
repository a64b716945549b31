import ArgumentParser
import SpectraCommandLine
import SpectraCore

struct PreprocessCommand: SpectraCommand {
    static let configuration = CommandConfiguration(
        commandName: "preprocess",
        abstract: "Put a spectrum on a modality's canonical grid with its default (or a given) pipeline.",
        discussion: """
        Writes CSV with the canonical axis and the processed intensities.
        Example: spectra preprocess pattern.xy --modality xrd --out pattern.csv
                 spectra preprocess pattern.xy --modality xrd --pipeline my-pipeline.json
        """
    )

    @Argument(help: "A spectrum file.")
    var file: String

    @Option(help: "Modality id (see `spectra modalities`).")
    var modality: String

    @Option(help: "A pipeline JSON file ({\"steps\": [...]}) to use instead of the modality's default.")
    var pipeline: String?

    @Option(help: "Which of the modality's named pipelines to use (measured, simulated, ...).")
    var kind: String = "measured"

    @Option(help: "Block to process (0-based) for multi-block files.")
    var block: Int = 0

    @Option(help: "Output CSV file (default: standard output).")
    var out: String?

    func execute() throws {
        let registry = try makeRegistry()
        let modality = try registry.modality(named: self.modality)
        let spectrum: Spectrum
        if let pipeline {
            let bytes = try readFileBytes(pipeline)
            let description = try Pipeline.decode(json: String(decoding: bytes, as: UTF8.self), file: pipeline)
            let compiled = try registry.compile(description, file: pipeline)
            let raw = try registry.readSpectrum(atPath: file, block: block)
            spectrum = try compiled.apply(to: raw)
        } else {
            spectrum = try registry.preprocess(fileAtPath: file, modality: modality, pipeline: kind, block: block)
        }
        try emit(SpectrumCSV.encode(spectrum), to: out)
    }
}

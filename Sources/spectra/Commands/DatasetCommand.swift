import ArgumentParser
import Foundation
import SpectraCommandLine
import SpectraCore
import SpectraTraining

/// `spectra dataset`: build, import and split packed datasets. The table importers and the split are
/// the CLI's own; modalities add theirs (XRD's `xrd-from-cif`).
struct DatasetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dataset",
        abstract: "Build packed datasets: import spectrum tables, split them for training and testing.",
        discussion: """
        Examples:
          spectra dataset long-csv ftir_library.csv --metadata ftir_metadata.csv --modality ftir --out ftir.dataset
          spectra dataset wide-csv jung_2018.csv.xz frond_2021.csv.xz --modality ftir --out polymers.dataset
          spectra dataset split ftir.dataset --scheme identification --train ftir-train.dataset --test ftir-test.dataset
        scripts/import-corpora imports the public FTIR and Raman corpora this way.
        """,
        subcommands: [DatasetLongCSVCommand.self, DatasetWideCSVCommand.self, DatasetSplitCommand.self]
            + bundledModalityPlugins.flatMap { $0.datasetCommandTypes.compactMap { $0 as? ParsableCommand.Type } }
    )
}

/// Options every table importer shares: target modality, output, intensity units and provenance.
struct TableImportArguments: ParsableArguments {
    @Option(help: "Modality id whose grid and `measured` preprocessing the spectra get (see `spectra modalities`).")
    var modality: String
    @Option(help: "Output dataset folder.")
    var out: String
    @Option(help: "Intensity unit of the tables: auto, transmittance, absorbance, counts, arbitrary (auto: see the discussion).")
    var intensity: CorpusImporter.Intensity = .auto
    @Option(help: "Provenance: the corpus (name, version), recorded in the manifest.")
    var corpus: String?
    @Option(help: "Provenance: the data's licence, recorded in the manifest.")
    var licence: String?
    @Option(help: "Provenance: whom to credit (citations), recorded in the manifest.")
    var attribution: String?
    @Flag(help: "Print a JSON summary.")
    var json = false

    /// Preprocesses and packs `spectra`, writes the dataset, and prints what happened.
    func pack(_ spectra: [CorpusSpectrum], files: [String], tool: String, notes: [String: String],
              started: Date) throws {
        let registry = try makeRegistry()
        var importer = CorpusImporter(registry: registry, modality: try registry.modality(named: modality))
        importer.intensity = intensity
        printError("read \(spectra.count) spectra in \(seconds(since: started)) s; preprocessing onto the \(modality) grid")
        var source = notes
        source["tool"] = tool
        source["files"] = files.joined(separator: " ")
        if let corpus { source["corpus"] = corpus }
        if let licence { source["licence"] = licence }
        if let attribution { source["attribution"] = attribution }
        let result = try importer.pack(spectra, source: source)
        try result.dataset.write(to: out)
        for skipped in result.skipped { printError("warning: \(skipped.description)") }
        let summary = ImportSummary(out: out, spectra: result.dataset.count, classes: result.dataset.labels.count,
                                    skipped: result.skipped.count, points: result.dataset.length,
                                    seconds: Date().timeIntervalSince(started),
                                    intensity: Dictionary(result.intensityByFile.map { ($0.file, $0.unit.rawValue) },
                                                          uniquingKeysWith: { a, _ in a }))
        if json { writeStandardOutput(jsonText(summary)); return }
        for decision in result.intensityByFile {
            printError(String(format: "%@: read as %@ (median intensity %.3g)", decision.file, decision.unit.rawValue, decision.median))
        }
        printError("wrote \(summary.spectra) spectra of \(summary.classes) classes (\(summary.points) points each) to \(out); "
                   + "\(summary.skipped) skipped; \(seconds(since: started)) s")
    }

    private func seconds(since start: Date) -> String { String(format: "%.1f", Date().timeIntervalSince(start)) }
}

/// The `--json` output of an import.
struct ImportSummary: Encodable {
    var out: String
    var spectra: Int
    var classes: Int
    var skipped: Int
    var points: Int
    var seconds: Double
    var intensity: [String: String]
}

extension CorpusImporter.Intensity: ExpressibleByArgument {}

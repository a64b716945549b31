import ArgumentParser
import Foundation
import SpectraCommandLine
import SpectraCore
import SpectraTraining

/// `spectra dataset long-csv`: a long-format library (one row per point) into a packed dataset.
struct DatasetLongCSVCommand: SpectraCommand {
    static let configuration = CommandConfiguration(
        commandName: "long-csv",
        abstract: "Import a long-format spectrum table (one row per point, e.g. OpenSpecy's libraries).",
        discussion: """
        LIBRARY has one row per point: an axis column, an intensity column and a spectrum id column, rows of
        different spectra in any order. --metadata names a table with one row per spectrum id that gives its
        label (and group); without it the label column is read from LIBRARY. Each spectrum is put on the
        modality's grid with its `measured` preprocessing. Labels that differ only in case or whitespace are
        one class, named by the most frequent spelling. Spectra with no signal on the grid are skipped with a
        warning. `.xz` tables are decompressed with xz.

        --intensity auto: for a modality whose pipeline converts transmittance (FTIR), a table whose median
        intensity exceeds 10 is percent transmittance, any other absorbance; otherwise arbitrary units.

        Example:
          spectra dataset long-csv ~/.cache/spectrakit/pyopenspecy/pyopenspecy/data/ftir_library.csv \\
              --metadata ~/.cache/spectrakit/pyopenspecy/pyopenspecy/data/ftir_metadata.csv \\
              --modality ftir --out openspecy-ftir.dataset --licence "CC BY 4.0"
        """
    )

    @Argument(help: "The long-format table (CSV, or CSV.xz).")
    var library: String
    @Option(help: "A table with one row per spectrum id giving its label.")
    var metadata: String?
    @Option(help: "Axis column of LIBRARY.")
    var xColumn = "wavenumber"
    @Option(help: "Intensity column of LIBRARY.")
    var yColumn = "intensity"
    @Option(help: "Spectrum id column (LIBRARY and metadata).")
    var idColumn = "sample_name"
    @Option(help: "Label column (metadata, or LIBRARY without --metadata).")
    var labelColumn = "spectrum_identity"
    @Option(help: "Group column (same table as the label), kept for `dataset split --scheme per-group`.")
    var groupColumn: String?
    @OptionGroup var common: TableImportArguments

    func execute() throws {
        let started = Date()
        var reader = LongTableReader()
        reader.xColumn = xColumn
        reader.yColumn = yColumn
        reader.idColumn = idColumn
        reader.labelColumn = labelColumn
        reader.groupColumn = groupColumn
        let result = try reader.read(library: library, metadata: metadata)
        if result.metadataWithoutSpectra > 0 {
            printError("note: \(result.metadataWithoutSpectra) metadata rows have no points in \(library)")
        }
        try common.pack(result.spectra, files: [library] + (metadata.map { [$0] } ?? []), tool: "spectra dataset long-csv",
                        notes: ["label column": labelColumn], started: started)
    }
}

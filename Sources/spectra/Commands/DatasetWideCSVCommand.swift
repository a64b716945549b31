import ArgumentParser
import Foundation
import SpectraCommandLine
import SpectraCore
import SpectraTraining

/// `spectra dataset wide-csv`: wide-format tables (one row per spectrum) into one packed dataset.
struct DatasetWideCSVCommand: SpectraCommand {
    static let configuration = CommandConfiguration(
        commandName: "wide-csv",
        abstract: "Import wide-format spectrum tables (one row per spectrum, one column per axis value, e.g. xpectrass).",
        discussion: """
        Columns whose name is a number are the axis (any order); of the others, --label-column gives the class,
        --name-column the sample name and --group-column the group (the study), which `dataset split --scheme
        per-group` stratifies on. Several tables are pooled into one dataset; --intensity auto decides per table
        (see `spectra dataset long-csv --help`). `.xz` tables are decompressed with xz.

        Example:
          spectra dataset wide-csv ~/.cache/spectrakit/xpectrass/xpectrass/data/{jung_2018,frond_2021}.csv.xz \\
              --modality ftir --out polymers.dataset
        """
    )

    @Argument(help: "Wide-format tables (CSV, or CSV.xz).")
    var tables: [String]
    @Option(help: "Label column.")
    var labelColumn = "type"
    @Option(help: "Sample name column ('' to name samples by their line).")
    var nameColumn = "sample_id"
    @Option(help: "Group column ('' for none).")
    var groupColumn = "study"
    @OptionGroup var common: TableImportArguments

    func execute() throws {
        let started = Date()
        var reader = WideTableReader()
        reader.labelColumn = labelColumn
        reader.nameColumn = nameColumn.isEmpty ? nil : nameColumn
        reader.groupColumn = groupColumn.isEmpty ? nil : groupColumn
        var spectra: [CorpusSpectrum] = []
        for table in tables { spectra += try reader.read(table) }
        try common.pack(spectra, files: tables, tool: "spectra dataset wide-csv",
                        notes: ["label column": labelColumn, "group column": groupColumn], started: started)
    }
}

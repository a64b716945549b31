import Foundation
import Testing
import SpectraCore
@testable import SpectraTraining

/// Excerpts of the real corpora, cut once from the files `scripts/fetch-corpora` downloads:
/// - `openspecy-ftir-library-excerpt.csv`: the header and every row of pyopenspecy 0.0.1's
///   `ftir_library.csv` with sample_name 1, 292, 407 or 604 and 1705 ≤ wavenumber ≤ 1735, in file order
///   (292 and 407 interleave, as the whole file does; 292 and 407 run downwards in wavenumber);
/// - `openspecy-ftir-metadata-excerpt.csv`: the header and the `ftir_metadata.csv` rows of samples 1, 2,
///   292, 407 and 604 (2 has no points in the excerpt);
/// - `xpectrass-*-excerpt.csv[.xz]`: the five metadata columns, two rows and the wavenumber columns in a
///   small window of xpectrass 0.0.4's `jung_2018` (2910–2920), `kedzierski_2019` (2905–2925) and
///   `frond_2021` (993–1005, where its columns wrap from 4001.7 back to 399.2), the last xz-compressed.
enum CorpusFixtures {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures").path
    static func path(_ name: String) -> String { folder + "/" + name }
}

/// FTIR exactly as modalities/FTIR/modality.json defines it (this target cannot import the plugin).
func ftirTestModality() throws -> (ModalityRegistry, any Modality) {
    let json = """
    { "id": "ftir", "name": "FTIR", "axis": { "unit": "wavenumberPerCm", "start": 700, "stop": 3500, "step": 1 },
      "intensity": "normalized",
      "preprocess": { "measured": { "steps": [
        { "step": "transmittance-to-absorbance" }, { "step": "wavelength-to-wavenumber" },
        { "step": "resample", "start": 700, "stop": 3500, "spacing": 1, "method": "linear", "fill": 0 },
        { "step": "normalize-minmax" } ] } },
      "augment": { "steps": [] } }
    """
    let modality = DeclarativeModality(definition: try ModalityDefinition.decode(json: json, file: "ftir-test.json"))
    var registry = ModalityRegistry.core
    try registry.register(modality)
    return (registry, modality)
}

/// Value of sample `name` at grid wavenumber `x` (700–3500 at 1 cm⁻¹).
private func value(_ data: PackedDataset, _ name: String, at x: Int) -> Float? {
    guard let i = data.sampleNames.firstIndex(of: name) else { return nil }
    return data.spectrum(i)[i * data.length + (x - 700)]
}

@Test func longTableGroupsInterleavedRowsAndTakesLabelsFromTheMetadata() throws {
    var reader = LongTableReader()
    reader.groupColumn = "organization"
    let result = try reader.read(library: CorpusFixtures.path("openspecy-ftir-library-excerpt.csv"),
                                 metadata: CorpusFixtures.path("openspecy-ftir-metadata-excerpt.csv"))
    // Counted in the excerpt: 15 rows of sample 1, 16 each of 292 and 407, 7 of 604.
    #expect(result.spectra.map(\.name) == ["1", "292", "407", "604"])
    #expect(result.spectra.map(\.x.count) == [15, 16, 16, 7])
    #expect(result.spectra.map(\.label) == ["HDPE", "polyester", "polyester", "Polyester"])
    #expect(result.spectra.map(\.group) == ["Chabuka et al. 2020", "Primpke et al. 2018", "Primpke et al. 2018",
                                            "Suja Sukumaran, Thermo Fisher Scientific"])
    #expect(result.metadataWithoutSpectra == 1)
    // Sample 407's first and last rows (lines 18 and 48 of the excerpt).
    #expect(result.spectra[2].line == 18)
    #expect(result.spectra[2].x.first == 1734 && result.spectra[2].y.first == 0.303084463275119)
    #expect(result.spectra[2].x.last == 1705.1 && result.spectra[2].y.last == 0.712758495838324)
}

@Test func openSpecyExcerptImportsOntoTheFTIRGrid() throws {
    let (registry, modality) = try ftirTestModality()
    let spectra = try LongTableReader().read(library: CorpusFixtures.path("openspecy-ftir-library-excerpt.csv"),
                                             metadata: CorpusFixtures.path("openspecy-ftir-metadata-excerpt.csv")).spectra
    let result = try CorpusImporter(registry: registry, modality: modality).pack(spectra, source: ["corpus": "excerpt"])
    let data = result.dataset
    // `polyester` (twice) and `Polyester` (once) are one class named by the more frequent spelling.
    #expect(data.labels == ["HDPE", "polyester"])
    #expect(data.sampleLabels == [0, 1, 1, 1])
    #expect(data.sampleGroups == nil)
    #expect(data.length == 2801)
    // OpenSpecy stores 0–1 absorbance: median 0.627 ≤ 10, read as absorbance and left as it is.
    #expect(result.intensityByFile.map(\.unit) == [.absorbance])
    #expect(data.source["corpus"] == "excerpt" && data.source["skipped"] == "0")
    // Sample 604 by hand: points (1712.6, 0.915836), (1716.4, 1), (1720.3, 0.928350). The grid maximum is at
    // 1716: 0.915836 + 3.4/3.8 · 0.084164 = 0.991140; 1720 is 1 − 3.6/3.9 · 0.071650 = 0.933862 → 0.94221
    // after 0–1 scaling (the fill outside 1708.7–1731.8 is the minimum, 0).
    #expect(value(data, "604", at: 1716) == 1)
    #expect(abs(Double(value(data, "604", at: 1720) ?? 0) - 0.9422093) < 1e-6)
    #expect(value(data, "604", at: 1708) == 0 && value(data, "604", at: 1732) == 0)
    // The others, from numpy: np.interp(grid, x_sorted, y_sorted, left=0, right=0), then (v − min) / (max − min).
    let expected: [(String, Int, Double)] = [("1", 1710, 0.3082387), ("1", 1730, 0.8760029), ("292", 1716, 0.996934),
                                             ("292", 1730, 0.6220287), ("407", 1710, 0.9861647), ("407", 1720, 0.8254436)]
    for (name, x, v) in expected {
        #expect(abs(Double(value(data, name, at: x) ?? -1) - v) < 1e-6, "\(name) at \(x)")
    }
}

@Test func xpectrassExcerptsPoolWithPerFileUnitsAndSortedAxes() throws {
    let (registry, modality) = try ftirTestModality()
    let reader = WideTableReader()
    let files = ["xpectrass-jung-2018-excerpt.csv", "xpectrass-kedzierski-2019-excerpt.csv", "xpectrass-frond-2021-excerpt.csv.xz"]
    var spectra: [CorpusSpectrum] = []
    for file in files { spectra += try reader.read(CorpusFixtures.path(file)) }
    #expect(spectra.map(\.name) == ["LL477006_1.16", "LL477006_5.15", "M242_141014_1_TM0110B10", "SA_160418_NA_1",
                                    "FLOPP_ABS_14", "FLOPP_ABS_7"])
    #expect(spectra.map(\.x.count) == [11, 11, 10, 10, 7, 7])
    let result = try CorpusImporter(registry: registry, modality: modality).pack(spectra, source: [:])
    let data = result.dataset
    // Medians (numpy): Jung 71.685 and Frond 95.1915 → percent transmittance; Kedzierski 8.10979 (its
    // absorbance is scaled to 100 at the strongest band) → absorbance.
    #expect(result.intensityByFile.map(\.unit) == [.transmittance, .absorbance, .transmittance])
    #expect(abs(result.intensityByFile[1].median - 8.109785134500001) < 1e-9)
    #expect(data.labels == ["ABS", "AFL", "CA", "HDPE"])
    #expect(data.sampleGroups == ["Jung 2018", "Jung 2018", "Kedzierski 2019", "Kedzierski 2019", "Frond 2021", "Frond 2021"])
    // Jung row 1 by hand: A = −log10(T/100); the largest A is at T = 71.0 (2915), so 2920 (T = 75.23) is
    // 0.123609 / 0.148742 = 0.83103. The rest from numpy as in the OpenSpecy test.
    let expected: [(String, Int, Double)] = [("LL477006_1.16", 2915, 1), ("LL477006_1.16", 2920, 0.8310311),
                                             ("LL477006_5.15", 2910, 0.8639148), ("M242_141014_1_TM0110B10", 2915, 0.92016),
                                             ("SA_160418_NA_1", 2907, 0.8643064), ("FLOPP_ABS_14", 999, 0.9478483),
                                             ("FLOPP_ABS_14", 1000, 0.9605435), ("FLOPP_ABS_7", 1004, 0.9352307)]
    for (name, x, v) in expected {
        #expect(abs(Double(value(data, name, at: x) ?? -1) - v) < 1e-6, "\(name) at \(x)")
    }
}

@Test func spectraWithoutSignalOnTheGridAreSkippedAndReported() throws {
    let (registry, modality) = try ftirTestModality()
    let inside = CorpusSpectrum(name: "in", label: "a", x: [1000, 1001, 1002], y: [0, 1, 0], file: "t.csv", line: 2)
    let outside = CorpusSpectrum(name: "out", label: "b", x: [4000, 4001], y: [0, 1], file: "t.csv", line: 5)
    let result = try CorpusImporter(registry: registry, modality: modality).pack([inside, outside], source: [:])
    #expect(result.dataset.sampleNames == ["in"])
    #expect(result.dataset.labels == ["a"])
    #expect(result.skipped.count == 1)
    #expect(result.skipped.first?.description == "t.csv:5: spectrum out skipped: no signal on the grid 700.0…3500.0 (its x range is 4000.0…4001.0)")
    #expect(throws: DatasetError.self) { try CorpusImporter(registry: registry, modality: modality).pack([outside], source: [:]) }
}

@Test func labelFoldingJoinsCaseAndWhitespaceVariants() {
    let folding = LabelFolding(["Fe2  O3", "fe2 o3", "HDPE", " Fe2 O3 ", "hdpe", "Cellulose", "cellulose"])
    // Fe2 O3: "Fe2 O3" twice beats "fe2 o3"; HDPE vs hdpe and Cellulose vs cellulose tie → first in String order.
    #expect(folding.labels == ["Cellulose", "Fe2 O3", "HDPE"])
    #expect(folding.indices == [1, 1, 2, 1, 2, 0, 0])
}

@Test func badTablesGiveErrorsNamingFileAndLine() throws {
    let folder = NSTemporaryDirectory() + "spectrakit-corpus-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    func write(_ name: String, _ text: String) throws -> String {
        let path = folder + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
    let long = try write("long.csv", "wavenumber,intensity,sample_name,spectrum_identity\n700,0.1,1,PE\n701,oops,1,PE\n")
    #expect(throws: DatasetError(file: long, line: 3, reason: "'oops' in column intensity is not a number")) {
        try LongTableReader().read(library: long, metadata: nil)
    }
    let noColumn = try write("nocol.csv", "x,y,id\n1,2,3\n")
    #expect(throws: DatasetError(file: noColumn, line: 1, reason: "no column 'wavenumber' (the columns are: x, y, id)")) {
        try LongTableReader().read(library: noColumn, metadata: nil)
    }
    let library = try write("lib.csv", "wavenumber,intensity,sample_name\n700,0.1,1\n700,0.2,2\n")
    let metadata = try write("meta.csv", "spectrum_identity,sample_name\nHDPE,1\n")
    #expect(throws: DatasetError(file: library, line: 3, reason: "spectrum 2 has no row in \(metadata)")) {
        try LongTableReader().read(library: library, metadata: metadata)
    }
    let wide = try write("wide.csv", "study,sample_id,type,4000,3999\nS,a,PE,1,2\nS,b,PE,1\n")
    #expect(throws: DatasetError(file: wide, line: 3, reason: "expected 5 fields, found 4")) { try WideTableReader().read(wide) }
    let corrupt = try write("bad.csv.xz", "this is not xz data")
    #expect(throws: DatasetError.self) { try WideTableReader().read(corrupt) }
    #expect(throws: DatasetError.self) { try CorpusFile.read(folder + "/missing.csv.xz") }
}

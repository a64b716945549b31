import Foundation
import Testing

/// The OpenSpecy excerpts committed for the importer tests (see Tests/SpectraTrainingTests/CorpusImportTests.swift).
private func fixture(_ name: String) -> String {
    SpectraExecutable.packageRoot.appendingPathComponent("Tests/SpectraTrainingTests/Fixtures/" + name).path
}

@Test func importSplitAndSweepTheOpenSpecyExcerptFromTheCommandLine() throws {
    let dir = try SpectraExecutable.temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let imported = try SpectraExecutable.run(["dataset", "long-csv", fixture("openspecy-ftir-library-excerpt.csv"),
                                              "--metadata", fixture("openspecy-ftir-metadata-excerpt.csv"), "--modality", "ftir",
                                              "--licence", "CC BY 4.0", "--out", dir + "/ftir.dataset", "--json"])
    #expect(imported.status == 0, "\(imported.stderr)")
    let summary = try JSONSerialization.jsonObject(with: Data(imported.stdout)) as? [String: Any]
    #expect(summary?["spectra"] as? Int == 4)     // samples 1, 292, 407, 604
    #expect(summary?["classes"] as? Int == 2)     // HDPE, polyester (= Polyester)
    #expect(summary?["points"] as? Int == 2801)   // 700–3500 cm⁻¹ at 1 cm⁻¹
    let manifest = try String(contentsOfFile: dir + "/ftir.dataset/manifest.json", encoding: .utf8)
    #expect(manifest.contains("\"licence\" : \"CC BY 4.0\""))

    // Identification split: polyester (3 spectra) gives one to test; HDPE (1 spectrum) trains only.
    let split = try SpectraExecutable.run(["dataset", "split", dir + "/ftir.dataset", "--scheme", "identification",
                                           "--train", dir + "/train.dataset", "--test", dir + "/test.dataset", "--json"])
    #expect(split.status == 0, "\(split.stderr)")
    let counts = try JSONSerialization.jsonObject(with: Data(split.stdout)) as? [String: Any]
    #expect(counts?["trainSpectra"] as? Int == 3 && counts?["testSpectra"] as? Int == 1)

    // A two-point sweep on the training part; the test part is scored with the same labels.
    let sweep = ["sweep", "--modality", "ftir", "--data", dir + "/train.dataset", "--test", dir + "/test.dataset",
                 "--segment-length", "400,700", "--embed-dim", "8", "--depth", "1", "--heads", "2", "--epochs", "1",
                 "--batch-size", "2", "--no-augment", "--out", dir + "/sweep"]
    let swept = try SpectraExecutable.run(sweep)
    #expect(swept.status == 0, "\(swept.stderr)")
    let csv = try String(contentsOfFile: dir + "/sweep/sweep.csv", encoding: .utf8).split(separator: "\n")
    #expect(csv.count == 3)
    #expect(csv.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).prefix(4).joined(separator: ",") }
            == ["400,8,1,2", "700,8,1,2"])
    #expect(csv.dropFirst().allSatisfy { !$0.contains(",,") })   // test columns filled
    #expect(FileManager.default.fileExists(atPath: dir + "/sweep/sweep.svg"))
    let resumed = try SpectraExecutable.run(sweep + ["--resume"])
    #expect(resumed.status == 0, "\(resumed.stderr)")
    #expect(!resumed.stderr.contains("point "))                  // nothing left to train
    let again = try SpectraExecutable.run(sweep)
    #expect(again.status == 1)
    #expect(again.stderr.hasPrefix("error: \(dir)/sweep/sweep.json: ") && again.stderr.split(separator: "\n").count == 1)
}

@Test func importErrorsAreOneLineWithFileAndLineAndBadUsageExitsTwo() throws {
    let dir = try SpectraExecutable.temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let table = dir + "/bad.csv"
    try "wavenumber,intensity,sample_name,spectrum_identity\n700,0.1,1,PE\n701,oops,1,PE\n".write(toFile: table, atomically: true, encoding: .utf8)
    let bad = try SpectraExecutable.run(["dataset", "long-csv", table, "--modality", "ftir", "--out", dir + "/x.dataset"])
    #expect(bad.status == 1)
    #expect(bad.stderr == "error: \(table):3: 'oops' in column intensity is not a number\n")
    #expect(!FileManager.default.fileExists(atPath: dir + "/x.dataset"))
    let usage = try SpectraExecutable.run(["dataset", "split", dir + "/x.dataset", "--scheme", "random",
                                           "--train", dir + "/a", "--test", dir + "/b"])
    #expect(usage.status == 2)
    let help = try SpectraExecutable.run(["dataset", "--help"])
    for name in ["long-csv", "wide-csv", "split", "xrd-from-cif"] { #expect(help.stdoutText.contains(name), "\(name)") }
}

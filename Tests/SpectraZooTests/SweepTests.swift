import Foundation
import Testing
import SpectraCore
import SpectraModels
import SpectraTraining
@testable import SpectraZoo

private func makeSweep(folder: String, epochs: Int = 2) throws -> Sweep {
    let data = try peaks(perClass: 6, seed: 3)
    var options = TrainingOptions()
    options.epochs = epochs; options.batchSize = 6; options.learningRate = 3e-3; options.patience = 100; options.seed = 4
    var sweep = Sweep(train: data, trainName: "peaks", modality: CheckpointModality(id: "test", axis: data.axis, preprocessing: Pipeline()),
                      augmentation: nil, options: options,
                      base: ViTConfiguration(inputLength: 64, segmentLength: 1, embedDim: 1, depth: 1, heads: 1, mlpRatio: 2),
                      // heads 3 does not divide 16: that point cannot be built.
                      grid: SweepGrid(segmentLengths: [16, 8], embedDims: [16], depths: [1], heads: [2, 3]), folder: folder)
    sweep.showProgress = false
    return sweep
}

private func temporaryFolder() throws -> String {
    let path = NSTemporaryDirectory() + "spectrakit-sweep-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// Trainable parameters of a timm ViT with one block, width 16, MLP 32, 3 classes, by hand: patch_embed
/// 16·seg + 16, cls_token 16, pos_embed 16·(64/seg + 1), block (norms 64, qkv 16·48 + 48, proj 16·16 + 16,
/// fc1 16·32 + 32, fc2 32·16 + 16) = 2224, norm 32, head 16·3 + 3 = 51.
private func vitParameters(segment: Int, inputLength: Int = 64) -> Int {
    (16 * segment + 16) + 16 + 16 * (inputLength / segment + 1) + 2224 + 32 + 51
}

@Test func sweepWritesOneRowPerValidGridPointInGridOrder() throws {
    let root = try temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: root) }
    var sweep = try makeSweep(folder: root + "/s")
    var reported: [String] = []
    sweep.onPoint = { row, _, _ in reported.append(row.point.key) }
    let (table, invalid) = try sweep.run(resume: false)
    #expect(table.rows.map(\.point.key) == ["seg16-dim16-depth1-heads2", "seg8-dim16-depth1-heads2"])
    #expect(reported == table.rows.map(\.point.key))
    #expect(invalid.map(\.0.key) == ["seg16-dim16-depth1-heads3", "seg8-dim16-depth1-heads3"])
    #expect(table.rows.map(\.parameters) == [vitParameters(segment: 16), vitParameters(segment: 8)])   // 2675, 2611
    #expect(table.rows.allSatisfy { $0.epochs == 2 && $0.testTop1 == nil })
    // The table on disk is the same table, header plus two lines.
    let csv = try String(contentsOfFile: root + "/s/sweep.csv", encoding: .utf8)
    #expect(csv.split(separator: "\n").count == 3)
    #expect(csv.hasPrefix("segment_length,embed_dim,depth,heads,parameters,epochs,val_top1,"))
    #expect(try SweepTable.parse(Array(csv.utf8), file: "sweep.csv").rows.map(\.point) == table.rows.map(\.point))
    #expect(FileManager.default.fileExists(atPath: root + "/s/sweep.md"))
    #expect(FileManager.default.fileExists(atPath: sweep.checkpointPath(table.rows[1].point)))
}

@Test func resumingSkipsFinishedPointsAndRefusesOtherSettings() throws {
    let root = try temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: root) }
    let first = try makeSweep(folder: root + "/s")
    let (table, _) = try first.run(resume: false)

    // Everything done: resuming trains nothing.
    var again = try makeSweep(folder: root + "/s")
    var ran: [String] = []
    again.onPoint = { row, _, _ in ran.append(row.point.key) }
    #expect(try again.run(resume: true).table.rows.map(\.point) == table.rows.map(\.point))
    #expect(ran.isEmpty)

    // A sweep cut off after its last point trained but before its row was written: the row is rebuilt
    // from the finished checkpoint, which is not rewritten.
    let last = table.rows[1].point
    let modified = try FileManager.default.attributesOfItem(atPath: first.checkpointPath(last))[.modificationDate] as? Date
    try SweepTable(rows: [table.rows[0]]).csv().write(toFile: root + "/s/sweep.csv", atomically: true, encoding: .utf8)
    #expect(try again.run(resume: true).table.rows.map(\.point) == table.rows.map(\.point))
    #expect(ran == [last.key])
    #expect(try FileManager.default.attributesOfItem(atPath: first.checkpointPath(last))[.modificationDate] as? Date == modified)
    let rebuilt = try SweepTable.parse(Array(try String(contentsOfFile: root + "/s/sweep.csv", encoding: .utf8).utf8), file: "sweep.csv")
    #expect(rebuilt.rows[1].validationTop1 == (table.rows[1].validationTop1 * 10_000).rounded() / 10_000)

    #expect(throws: TrainingError.self) { try makeSweep(folder: root + "/s").run(resume: false) }          // exists
    #expect(throws: TrainingError.self) { try makeSweep(folder: root + "/s", epochs: 3).run(resume: true) } // other settings
    #expect(throws: TrainingError.self) { try makeSweep(folder: root + "/new").run(resume: true) }         // nothing to resume
}

@Test func sweepScoresTheTestSetAndCropsTheAxisRange() throws {
    let root = try temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: root) }
    var sweep = try makeSweep(folder: root + "/s")
    sweep.grid = SweepGrid(segmentLengths: [8], embedDims: [16], depths: [1], heads: [2])
    let test = try peaks(perClass: 2, seed: 99)
    sweep.test = test
    sweep.testName = "peaks-test"
    sweep.range = 0...31
    let row = try #require(sweep.run(resume: false).table.rows.first)
    // 32 points left: the positional embedding has 32/8 + 1 tokens.
    #expect(row.parameters == vitParameters(segment: 8, inputLength: 32))   // 2547
    // Top-1 on the test set, recounted from the checkpoint's own predictions on the cropped test spectra.
    let classifier = try SpectrumClassifier.load(from: sweep.checkpointPath(row.point))
    #expect(classifier.modality.axis.count == 32)
    #expect(classifier.modality.preprocessing.steps.map(\.name).suffix(2) == ["crop", "normalize-minmax"])
    let cropped = try test.cropped(to: 0...31)
    let logits = try classifier.network.logits(cropped.spectra, count: cropped.count)
    var correct = 0
    for i in 0..<cropped.count {
        let row = logits[(3 * i)..<(3 * i + 3)]
        if row.firstIndex(of: row.max()!)! - 3 * i == cropped.sampleLabels[i] { correct += 1 }
    }
    #expect(row.testTop1 == Double(correct) / Double(cropped.count))
}

@Test func sweepTableMarkdownAndPlotSeries() throws {
    let p = { (s: Int, d: Int) in SweepPoint(segmentLength: s, embedDim: 16, depth: d, heads: 2) }
    let table = SweepTable(rows: [
        SweepRow(point: p(30, 2), parameters: 100, epochs: 3, validationTop1: 0.5, validationTop3: 0.75, validationTop5: 1,
                 testTop1: 0.25, testTop3: 0.5, testTop5: 0.875, trainingSeconds: 12.34),
        SweepRow(point: p(60, 2), parameters: 90, epochs: 3, validationTop1: 0.625, validationTop3: 0.75, validationTop5: 1,
                 testTop1: 0.375, testTop3: 0.5, testTop5: 1, trainingSeconds: 10),
        SweepRow(point: p(30, 4), parameters: 180, epochs: 2, validationTop1: 0.5, validationTop3: 0.5, validationTop5: 0.5,
                 testTop1: 0.5, testTop3: 0.5, testTop5: 0.5, trainingSeconds: 20),
    ])
    let lines = table.markdown().split(separator: "\n")
    #expect(lines[0] == "| segment length | embed dim | depth | heads | parameters | epochs | val top-1 % | val top-3 % | val top-5 % | test top-1 % | test top-3 % | test top-5 % | training s |")
    #expect(lines[2] == "| 30 | 16 | 2 | 2 | 100 | 3 | 50.0 | 75.0 | 100.0 | 25.0 | 50.0 | 87.5 | 12 |")
    #expect(try SweepTable.parse(Array(table.csv().utf8), file: "t.csv") == SweepTable(rows: table.rows.map { r in
        var r = r; r.trainingSeconds = (r.trainingSeconds * 10).rounded() / 10; return r
    }))
    let (axis, isTest, series) = table.top1Series()
    #expect(axis == .segmentLength && isTest)
    #expect(series.map(\.name) == ["embed dim 16, depth 2, heads 2", "embed dim 16, depth 4, heads 2"])
    #expect(series[0].x == [30, 60] && series[0].y == [25, 37.5])
    #expect(series[1].x == [30] && series[1].y == [50])
}

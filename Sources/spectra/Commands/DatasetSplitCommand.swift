import ArgumentParser
import Foundation
import SpectraCommandLine
import SpectraCore
import SpectraTraining

/// `spectra dataset split`: the paper's train/test protocols as two packed datasets.
struct DatasetSplitCommand: SpectraCommand {
    static let configuration = CommandConfiguration(
        commandName: "split",
        abstract: "Split a packed dataset into train and test datasets with the paper's protocols.",
        discussion: """
        --scheme identification: each class with 2 or more spectra gives one spectrum (seeded choice) to test,
        the rest train; a class with one spectrum trains only. For library sets (OpenSpecy FTIR, RRUFF Raman).
        --scheme per-group: within each (group, class) a --test-fraction of the samples goes to test (at least
        one, never all); samples sharing a group and name stay together. For pooled sets (xpectrass studies).
        Both outputs keep the full class list, so `evaluate` takes the test set with the trained model.

        Example:
          spectra dataset split ftir.dataset --scheme identification --train ftir-train.dataset --test ftir-test.dataset
          spectra train --modality ftir --data ftir-train.dataset --out ftir.safetensors.zst
          spectra evaluate --model ftir.safetensors.zst --data ftir-test.dataset
        """
    )

    @Argument(help: "A packed dataset.")
    var dataset: String
    @Option(help: "identification or per-group.")
    var scheme: HoldOutSplit.Scheme
    @Option(help: "per-group: fraction of each (group, class) that goes to test.")
    var testFraction = 0.2
    @Option(help: "Random seed of the choice.")
    var seed: UInt64 = 42
    @Option(help: "Output training dataset folder.")
    var train: String
    @Option(help: "Output test dataset folder.")
    var test: String
    @Flag(help: "Print a JSON summary.")
    var json = false

    struct Summary: Encodable {
        var scheme: String
        var seed: UInt64
        var trainSpectra: Int, trainClasses: Int
        var testSpectra: Int, testClasses: Int
    }

    func validate() throws {
        guard testFraction > 0, testFraction < 1 else { throw ValidationError("--test-fraction must be between 0 and 1") }
        guard train != test else { throw ValidationError("--train and --test must be different folders") }
    }

    func execute() throws {
        let data = try PackedDataset.read(from: dataset)
        let parts: (train: PackedDataset, test: PackedDataset)
        do {
            parts = try data.split(scheme, testFraction: testFraction, seed: seed)
        } catch let error as DatasetError {
            throw DatasetError(file: dataset, reason: error.reason)
        }
        for (part, path) in [(parts.train, train), (parts.test, test)] {
            var annotated = part
            annotated.source["split"] = "\(scheme.rawValue) of \(dataset), seed \(seed)"
                + (scheme == .perGroup ? ", test fraction \(testFraction)" : "") + (path == train ? ": train" : ": test")
            try annotated.write(to: path)
        }
        let summary = Summary(scheme: scheme.rawValue, seed: seed,
                              trainSpectra: parts.train.count, trainClasses: Set(parts.train.sampleLabels).count,
                              testSpectra: parts.test.count, testClasses: Set(parts.test.sampleLabels).count)
        if json { writeStandardOutput(jsonText(summary)); return }
        print("train: \(summary.trainSpectra) spectra of \(summary.trainClasses) classes -> \(train)")
        print("test:  \(summary.testSpectra) spectra of \(summary.testClasses) classes -> \(test)")
    }
}

extension HoldOutSplit.Scheme: ExpressibleByArgument {}

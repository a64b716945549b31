import SpectraCore

/// The seed paper's train/test protocols for real corpora, as a seeded split of a dataset's rows.
///
/// - `identification` (library sets such as OpenSpecy FTIR or RRUFF Raman): every class with two or
///   more spectra gives exactly one spectrum, chosen at random, to the test set; everything else
///   trains. A class with one spectrum is train-only, so every test label is also a training label.
/// - `perGroup` (the polymer set, pooled from several studies): within each (group, class) stratum,
///   `round(testFraction · n)` of its n specimens (at least 1, at most n − 1) go to test; a stratum
///   with one specimen trains. A specimen is a (group, sample name) pair: rows that share one — the
///   same sample measured twice, or at two resolutions — always land on the same side.
///
/// Both are `StratifiedSplit`s (seeded per stratum), so the same seed gives the same split.
public struct HoldOutSplit: Sendable, Equatable {
    /// Which protocol (`identification`, `per-group` on the command line).
    public enum Scheme: String, Sendable, CaseIterable {
        case identification
        case perGroup = "per-group"
    }

    /// Training rows, ascending.
    public var train: [Int]
    /// Test rows, ascending.
    public var test: [Int]

    /// One held-out spectrum per class with ≥ 2 spectra.
    public static func identification(labels: [Int], classCount: Int, seed: UInt64) -> HoldOutSplit {
        // StratifiedSplit sends max(1, round(f · n)) rows of a class with n ≥ 2 to validation, and
        // none of a singleton; with f = 0 that is exactly one.
        let split = StratifiedSplit(labels: labels, classCount: classCount, validationFraction: 0, seed: seed)
        return HoldOutSplit(train: split.train, test: split.validation)
    }

    /// A stratified split per (group, class), specimens kept whole. `groups` and `names` are per row.
    public static func perGroup(labels: [Int], groups: [String], names: [String], testFraction: Double,
                                seed: UInt64) -> HoldOutSplit {
        // One entry per specimen, labelled by its stratum; the stratified split then works on specimens.
        struct Specimen: Hashable { var group: String; var name: String; var label: Int }
        struct Stratum: Hashable { var group: String; var label: Int }
        var specimenIndex: [Specimen: Int] = [:]
        var specimenRows: [[Int]] = []
        var strataIndex: [Stratum: Int] = [:]
        var specimenStratum: [Int] = []
        for row in labels.indices {
            let key = Specimen(group: groups[row], name: names[row], label: labels[row])
            if let s = specimenIndex[key] {
                specimenRows[s].append(row)
                continue
            }
            let stratum = Stratum(group: key.group, label: key.label)
            if strataIndex[stratum] == nil { strataIndex[stratum] = strataIndex.count }
            specimenIndex[key] = specimenRows.count
            specimenRows.append([row])
            specimenStratum.append(strataIndex[stratum] ?? 0)
        }
        let split = StratifiedSplit(labels: specimenStratum, classCount: strataIndex.count,
                                    validationFraction: testFraction, seed: seed)
        return HoldOutSplit(train: split.train.flatMap { specimenRows[$0] }.sorted(),
                            test: split.validation.flatMap { specimenRows[$0] }.sorted())
    }
}

extension PackedDataset {
    /// Splits the dataset by `scheme`; both parts keep the full label list, so a model trained on
    /// `train` evaluates `test` directly. `perGroup` needs `sampleGroups` (a `DatasetError` otherwise).
    public func split(_ scheme: HoldOutSplit.Scheme, testFraction: Double = 0.2,
                      seed: UInt64) throws -> (train: PackedDataset, test: PackedDataset) {
        let split: HoldOutSplit
        switch scheme {
        case .identification:
            split = .identification(labels: sampleLabels, classCount: labels.count, seed: seed)
        case .perGroup:
            guard let sampleGroups else {
                throw DatasetError(file: nil, reason: "the per-group split needs a group per sample (sampleGroups in the manifest); this dataset has none")
            }
            guard testFraction.isFinite, testFraction > 0, testFraction < 1 else {
                throw DatasetError(file: nil, reason: "the test fraction must be between 0 and 1, got \(testFraction)")
            }
            split = .perGroup(labels: sampleLabels, groups: sampleGroups, names: sampleNames,
                              testFraction: testFraction, seed: seed)
        }
        return (subset(split.train), subset(split.test))
    }
}

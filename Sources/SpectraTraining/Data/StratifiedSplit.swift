import SpectraCore

/// A seeded, stratified train/validation split.
///
/// For each class with n ≥ 2 samples, `round(validationFraction · n)` samples (at least 1, at most
/// n − 1) go to validation. A class with a single sample (a simulated XRD pattern, say) stays whole
/// in training; `singletons` lists those so validation can use fixed augmentations of them instead,
/// which is what the seed paper's 80/20 split of augmented copies amounts to.
public struct StratifiedSplit: Sendable, Equatable {
    /// Row indices for training, ascending.
    public var train: [Int]
    /// Row indices for validation, ascending.
    public var validation: [Int]
    /// Rows of classes that have only one sample (all are also in `train`).
    public var singletons: [Int]

    /// A split given row by row.
    public init(train: [Int], validation: [Int], singletons: [Int]) {
        self.train = train
        self.validation = validation
        self.singletons = singletons
    }

    public init(labels: [Int], classCount: Int, validationFraction: Double = 0.2, seed: UInt64) {
        var byClass = [[Int]](repeating: [], count: classCount)
        for (i, l) in labels.enumerated() { byClass[l].append(i) }
        var train: [Int] = [], validation: [Int] = [], singletons: [Int] = []
        for (c, rows) in byClass.enumerated() where !rows.isEmpty {
            if rows.count == 1 {
                train.append(rows[0]); singletons.append(rows[0]); continue
            }
            var shuffled = rows
            var rng = SeededGenerator(seed: seed, stream: UInt64(c))
            rng.shuffle(&shuffled)
            let k = min(rows.count - 1, max(1, Int((validationFraction * Double(rows.count)).rounded())))
            validation += shuffled[..<k]
            train += shuffled[k...]
        }
        self.train = train.sorted()
        self.validation = validation.sorted()
        self.singletons = singletons.sorted()
    }
}

extension StratifiedSplit {
    /// No held-out rows: every row trains, and validation uses fixed augmented copies of all of them, as for
    /// singleton classes. For library-like sets with two or three spectra per material, where holding one out
    /// would halve what the model learns from (`TrainingOptions.validationFraction` 0).
    public static func everyRowTrains(count: Int) -> StratifiedSplit {
        StratifiedSplit(train: Array(0..<count), validation: [], singletons: Array(0..<count))
    }

    /// The validation spectra: the held-out rows, plus `singletonCopies` fixed augmented copies of each
    /// singleton class's row (the row itself when there is no augmentation, so a dataset of singletons
    /// still validates). Copies are named `NAME#augmented`.
    public func validationSet(of dataset: PackedDataset, augmentation: CompiledPipeline?, singletonCopies: Int,
                              seed: UInt64) throws -> PackedDataset {
        let rows = dataset.subset(validation)
        guard !singletons.isEmpty, singletonCopies > 0 else { return rows }
        let copiesPerRow = augmentation == nil ? 1 : singletonCopies
        let copies = try StratifiedSplit.augmentedCopies(of: singletons, in: dataset, augmentation: augmentation,
                                                         copies: copiesPerRow, seed: seed ^ 0x5EED_0F_7A11DA7E)
        let names = copies.order.map { dataset.sampleNames[$0] + (augmentation == nil ? "" : "#augmented") }
        return try PackedDataset(modality: dataset.modality, axis: dataset.axis, labels: dataset.labels,
                                 sampleLabels: rows.sampleLabels + copies.batch.labels, sampleNames: rows.sampleNames + names,
                                 source: dataset.source, spectra: rows.spectra + copies.batch.inputs)
    }

    /// `copies` seeded augmented copies of each of `rows` (the rows themselves without augmentation), in
    /// row order, and the dataset row each copy came from.
    public static func augmentedCopies(of rows: [Int], in dataset: PackedDataset, augmentation: CompiledPipeline?,
                                       copies: Int, seed: UInt64) throws -> (batch: Batch, order: [Int]) {
        let loader = BatchLoader(dataset: dataset, rows: rows, batchSize: rows.count * max(1, copies),
                                 augmentation: augmentation, seed: seed, repeats: copies, shuffle: false, dropLast: false)
        let order = loader.order(epoch: 0)
        return (try loader.makeBatch(epoch: 0, index: 0, order: order), order)
    }
}

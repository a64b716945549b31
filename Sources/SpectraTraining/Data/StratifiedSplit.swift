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

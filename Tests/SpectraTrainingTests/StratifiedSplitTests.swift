import SpectraCore
import Testing
@testable import SpectraTraining

@Test func splitHoldsOutAFifthOfEachClassAndKeepsSingletonsInTraining() {
    // Class 0: 10 samples → 2 to validation; class 1: 3 samples → round(0.6) = 1; class 2: 1 sample → singleton.
    let labels = Array(repeating: 0, count: 10) + Array(repeating: 1, count: 3) + [2]
    let split = StratifiedSplit(labels: labels, classCount: 3, seed: 7)
    let validationLabels = split.validation.map { labels[$0] }
    #expect(validationLabels.filter { $0 == 0 }.count == 2)
    #expect(validationLabels.filter { $0 == 1 }.count == 1)
    #expect(!validationLabels.contains(2))
    #expect(split.singletons == [13])
    #expect(Set(split.train).union(split.validation) == Set(0..<14))
    #expect(Set(split.train).isDisjoint(with: split.validation))
}

@Test func splitIsReproducibleForASeedAndChangesWithIt() {
    let labels = (0..<200).map { $0 % 4 }
    let a = StratifiedSplit(labels: labels, classCount: 4, seed: 1)
    let b = StratifiedSplit(labels: labels, classCount: 4, seed: 1)
    let c = StratifiedSplit(labels: labels, classCount: 4, seed: 2)
    #expect(a == b)
    #expect(a.validation != c.validation)
    #expect(a.validation.count == 40)
}

@Test func aTrainerWithZeroValidationFractionTrainsOnEveryRowAndValidatesOnCopies() throws {
    // Classes of 2, 3 and 1 spectra: nothing is held out, and validation holds `singletonValidationCopies`
    // (here 2) augmented copies of each of the 6 rows.
    let labels = [0, 1, 0, 2, 1, 1]
    let data = try PackedDataset(modality: "ftir", axis: CanonicalAxis(unit: .wavenumberPerCm, start: 0, stop: 3, step: 1),
                                 labels: ["a", "b", "c"], sampleLabels: labels, sampleNames: (0..<6).map { "s\($0)" },
                                 spectra: (0..<24).map(Float.init))
    var options = TrainingOptions()
    options.validationFraction = 0
    options.singletonValidationCopies = 2
    let augmentation = try ModalityRegistry.core.compile(
        try Pipeline.decode(json: #"{"steps": [{"step": "gaussian-noise", "sigma": 0.01}]}"#, file: nil))
    let trainer = try Trainer(dataset: data, augmentation: augmentation, options: options)
    #expect(trainer.split.train == [0, 1, 2, 3, 4, 5])
    #expect(trainer.split.validation.isEmpty)
    #expect(trainer.split.singletons == [0, 1, 2, 3, 4, 5])
    // The validation set the trainer built from them: 2 copies of each row, carrying its label.
    let validation = try trainer.split.validationSet(of: data, augmentation: augmentation, singletonCopies: 2, seed: 42)
    #expect(validation.count == 12)
    #expect(validation.sampleLabels.sorted() == (labels + labels).sorted())
}

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

import Testing
import SpectraCore
@testable import SpectraTraining

@Test func identificationHoldsOutExactlyOneSpectrumOfEachRepeatedClass() {
    // Class sizes 5, 2, 1, 3, 1 (classes 2 and 4 are singletons), rows shuffled by hand.
    let labels = [0, 1, 0, 2, 3, 0, 1, 3, 0, 4, 3, 0]
    for seed: UInt64 in [1, 2, 3, 42] {
        let split = HoldOutSplit.identification(labels: labels, classCount: 5, seed: seed)
        let testLabels = split.test.map { labels[$0] }
        #expect(testLabels.sorted() == [0, 1, 3])                      // one each of the classes with ≥ 2
        #expect(Set(split.train).isDisjoint(with: split.test))
        #expect((split.train + split.test).sorted() == Array(labels.indices))
        #expect(split.train.contains(3) && split.train.contains(9))     // the singletons train
        #expect(Set(split.train.map { labels[$0] }) == Set(0..<5))      // every class keeps a training spectrum
    }
    let a = HoldOutSplit.identification(labels: labels, classCount: 5, seed: 7)
    #expect(a == HoldOutSplit.identification(labels: labels, classCount: 5, seed: 7))
    // Class 0 has 5 candidates: across seeds the held-out one changes.
    let chosen = Set((1...20).map { seed in HoldOutSplit.identification(labels: labels, classCount: 5, seed: UInt64(seed)).test.first { labels[$0] == 0 } })
    #expect(chosen.count > 1)
}

@Test func perGroupSplitStratifiesEachStudyAndKeepsSpecimensWhole() {
    // Study A: 10 of class 0 (→ round(2.0) = 2 test), 3 of class 1 (→ round(0.6) = 1), 1 of class 2 (train only).
    // Study B: 5 of class 0 measured twice each (two resolutions) → 5 specimens → 1 specimen (2 rows) to test.
    var labels: [Int] = [], groups: [String] = [], names: [String] = []
    func add(_ group: String, _ label: Int, _ name: String) { labels.append(label); groups.append(group); names.append(name) }
    for i in 0..<10 { add("A", 0, "a0-\(i)") }
    for i in 0..<3 { add("A", 1, "a1-\(i)") }
    add("A", 2, "a2-0")
    for resolution in 0..<2 { for i in 0..<5 { add("B", 0, "b-\(i)"); _ = resolution } }
    let split = HoldOutSplit.perGroup(labels: labels, groups: groups, names: names, testFraction: 0.2, seed: 5)
    func count(_ rows: [Int], _ group: String, _ label: Int) -> Int { rows.filter { groups[$0] == group && labels[$0] == label }.count }
    #expect(count(split.test, "A", 0) == 2)
    #expect(count(split.test, "A", 1) == 1)
    #expect(count(split.test, "A", 2) == 0)
    #expect(count(split.test, "B", 0) == 2)
    #expect(Set(split.test.map { names[$0] }).isDisjoint(with: split.train.map { names[$0] }))   // no specimen on both sides
    #expect((split.train + split.test).sorted() == Array(labels.indices))
}

@Test func splittingADatasetKeepsTheLabelListAndRefusesPerGroupWithoutGroups() throws {
    let data = try PackedDataset(modality: "ftir", axis: CanonicalAxis(unit: .wavenumberPerCm, start: 0, stop: 1, step: 1),
                                 labels: ["x", "y", "z"], sampleLabels: [0, 0, 1, 2, 2, 2], sampleNames: ["a", "b", "c", "d", "e", "f"],
                                 spectra: (0..<12).map(Float.init))
    let (train, test) = try data.split(.identification, seed: 1)
    #expect(train.labels == ["x", "y", "z"] && test.labels == ["x", "y", "z"])
    #expect(train.count == 4 && test.count == 2)
    #expect(test.sampleLabels.sorted() == [0, 2])
    // Rows travel with their values: sample "c" is row 2, values 4 and 5.
    if let c = train.sampleNames.firstIndex(of: "c") { #expect(Array(train.spectrum(c)) == [4, 5]) }
    #expect(throws: DatasetError.self) { try data.split(.perGroup, seed: 1) }
}

import Testing
import SpectraCore
@testable import SpectraTraining

@Test func croppingKeepsTheRangeRescalesEachSpectrumAndDropsOutsidePeaks() throws {
    // Grid 5, 6, …, 10. Kept 6…8: sample 0 values 2, 4, 3 → (v − 2) / 2 = 0, 1, 0.5; sample 1 is flat there → zeros.
    let data = try PackedDataset(modality: "xrd", axis: CanonicalAxis(unit: .twoThetaDegrees, start: 5, stop: 10, step: 1),
                                 labels: ["a", "b"], sampleLabels: [0, 1], sampleNames: ["s0", "s1"], sampleGroups: ["g", "h"],
                                 spectra: [1, 2, 4, 3, 9, 0,
                                           5, 7, 7, 7, 1, 1],
                                 peaks: [[.init(position: 7, intensity: 100), .init(position: 9, intensity: 40)], []])
    let cut = try data.cropped(to: 6...8)
    #expect(cut.axis == CanonicalAxis(unit: .twoThetaDegrees, start: 6, stop: 8, step: 1))
    #expect(cut.spectra == [0, 1, 0.5, 0, 0, 0])
    #expect(cut.peaks == [[.init(position: 7, intensity: 100)], []])
    #expect(cut.sampleGroups == ["g", "h"] && cut.labels == data.labels)
    #expect(throws: DatasetError.self) { try data.cropped(to: 10.5...12) }
}

@Test func croppingAFineGridIncludesAnEndThatRoundingPutsJustOutside() throws {
    // Grid point 28 is 5 + 28 · 0.02 = 5.5600000000000005 in floating point; 5–5.56° still has its 29 points.
    let axis = CanonicalAxis(unit: .twoThetaDegrees, start: 5, stop: 50, step: 0.02)
    let data = try PackedDataset(modality: "xrd", axis: axis, labels: ["a"], sampleLabels: [0], sampleNames: ["s"],
                                 spectra: (0..<axis.count).map { Float($0 % 7) })
    #expect(try data.cropped(to: 5...5.56).length == 29)
    #expect(try data.cropped(to: 5...30).length == 1251)
}

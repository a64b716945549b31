import Foundation
import SpectraCore
import SpectraTraining

/// Shared by the training-run and sweep tests: three classes of a peak at a class-specific position on 64 points, with noise.
func peaks(perClass: Int, seed: UInt64) throws -> PackedDataset {
    var rng = SeededGenerator(seed: seed)
    var values: [Float] = [], labels: [Int] = []
    for c in 0..<3 {
        for _ in 0..<perClass {
            for k in 0..<64 {
                let d = Double(k - (12 + 20 * c))
                values.append(Float(exp(-d * d / 8) + 0.05 * rng.gaussian()))
            }
            labels.append(c)
        }
    }
    return try PackedDataset(modality: "test", axis: CanonicalAxis(unit: .arbitrary, start: 0, stop: 63, step: 1),
                             labels: ["a", "b", "c"], sampleLabels: labels, sampleNames: labels.indices.map { "s\($0)" },
                             spectra: values)
}

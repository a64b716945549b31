import SpectraCore

/// Training reads `PackedDataset` (SpectraCore) directly: one row per sample on the canonical grid,
/// a label index per row. These are the few operations training adds.
extension PackedDataset {
    /// Points per sample.
    public var length: Int { axis.count }

    /// A dataset of the given rows, same classes (groups and peak lists kept when present).
    public func subset(_ indices: [Int]) -> PackedDataset {
        var v = [Float]()
        v.reserveCapacity(indices.count * length)
        for i in indices { v += spectrum(i) }
        // Rows come from a valid dataset, so the invariants hold.
        return try! PackedDataset(modality: modality, axis: axis, labels: labels,
                                  sampleLabels: indices.map { sampleLabels[$0] }, sampleNames: indices.map { sampleNames[$0] },
                                  sampleGroups: sampleGroups.map { g in indices.map { g[$0] } },
                                  source: source, spectra: v, peaks: peaks.map { p in indices.map { p[$0] } })
    }

    /// Number of samples per class.
    public var classCounts: [Int] {
        var counts = [Int](repeating: 0, count: labels.count)
        for l in sampleLabels { counts[l] += 1 }
        return counts
    }
}

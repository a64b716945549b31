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

    /// The same samples on the grid points inside `range` (axis units, ends included), each spectrum
    /// rescaled to 0–1 on what is kept, as the canonical preprocessing does on the whole grid (a flat
    /// stretch becomes zeros). Peaks outside the range are dropped. This is the paper's reduced-range
    /// experiment: XRD cut from 5–50° to 5–30° 2θ.
    ///
    /// Throws a `DatasetError` when fewer than two grid points fall inside `range`.
    public func cropped(to range: ClosedRange<Double>) throws -> PackedDataset {
        let values = axis.values
        let tolerance = 1e-9 * max(1, abs(axis.step))
        let kept = values.indices.filter { values[$0] >= range.lowerBound - tolerance && values[$0] <= range.upperBound + tolerance }
        guard let first = kept.first, let last = kept.last, kept.count >= 2 else {
            throw DatasetError(file: nil, reason: "the range \(range.lowerBound)…\(range.upperBound) keeps fewer than 2 points of the grid \(axis.start)…\(axis.stop)")
        }
        var v = [Float]()
        v.reserveCapacity(count * kept.count)
        for i in 0..<count {
            let row = spectra[(i * axis.count + first)...(i * axis.count + last)]
            let lo = row.min() ?? 0, hi = row.max() ?? 0
            if hi > lo {
                let scale = 1 / (hi - lo)
                v += row.map { ($0 - lo) * scale }
            } else {
                v += repeatElement(0, count: kept.count)
            }
        }
        let newAxis = CanonicalAxis(unit: axis.unit, start: values[first], stop: values[last], step: axis.step)
        return try PackedDataset(modality: modality, axis: newAxis, labels: labels, sampleLabels: sampleLabels,
                                 sampleNames: sampleNames, sampleGroups: sampleGroups, source: source, spectra: v,
                                 peaks: peaks.map { lists in lists.map { $0.filter { range.contains($0.position) } } })
    }
}

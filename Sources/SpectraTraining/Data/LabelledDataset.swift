import Foundation
import SpectraCore

/// Spectra on one canonical grid with class labels: what training and evaluation consume.
///
/// Values are stored row-major as Float32 (`count × length`), the layout the models read.
public struct LabelledDataset: Sendable {
    /// Class names; a sample's `labels[i]` indexes this list.
    public var classNames: [String]
    /// Sample names (file paths or structure names), one per row.
    public var sampleNames: [String]
    /// Class index of each sample.
    public var labels: [Int]
    /// Row-major intensities, `count × length`.
    public var values: [Float]
    /// The canonical grid every row is on.
    public var axis: CanonicalAxis
    /// Modality id the rows were preprocessed for.
    public var modalityID: String

    public init(classNames: [String], sampleNames: [String], labels: [Int], values: [Float],
                axis: CanonicalAxis, modalityID: String) throws {
        let length = axis.count
        guard sampleNames.count == labels.count, values.count == labels.count * length else {
            throw DatasetError(file: nil, reason: "dataset has \(labels.count) labels, \(sampleNames.count) names and \(values.count) values for rows of \(length)")
        }
        if let bad = labels.first(where: { $0 < 0 || $0 >= classNames.count }) {
            throw DatasetError(file: nil, reason: "label index \(bad) is outside 0..<\(classNames.count)")
        }
        if let i = values.firstIndex(where: { !$0.isFinite }) {
            throw DatasetError(file: sampleNames[i / length], reason: "non-finite intensity at point \(i % length)")
        }
        self.classNames = classNames
        self.sampleNames = sampleNames
        self.labels = labels
        self.values = values
        self.axis = axis
        self.modalityID = modalityID
    }

    /// Number of samples.
    public var count: Int { labels.count }
    /// Points per sample.
    public var length: Int { axis.count }

    /// One row's intensities.
    public func row(_ index: Int) -> ArraySlice<Float> {
        values[(index * length)..<((index + 1) * length)]
    }

    /// One row as a `Spectrum` on the canonical axis (for augmentation pipelines).
    public func spectrum(_ index: Int) -> Spectrum {
        Spectrum(x: axis.values, y: row(index).map(Double.init), xUnit: axis.unit, yUnit: .normalized,
                 title: sampleNames[index])
    }

    /// A dataset of the given rows, same classes.
    public func subset(_ indices: [Int]) -> LabelledDataset {
        var v = [Float]()
        v.reserveCapacity(indices.count * length)
        for i in indices { v += row(i) }
        // Rows come from a valid dataset, so the invariants hold.
        return try! LabelledDataset(classNames: classNames, sampleNames: indices.map { sampleNames[$0] },
                                    labels: indices.map { labels[$0] }, values: v, axis: axis, modalityID: modalityID)
    }

    /// Number of samples per class.
    public var classCounts: [Int] {
        var counts = [Int](repeating: 0, count: classNames.count)
        for l in labels { counts[l] += 1 }
        return counts
    }
}

/// A dataset could not be read or is inconsistent.
public struct DatasetError: LocatedError, Equatable {
    public var file: String?
    public var line: Int?
    public var reason: String
    public init(file: String?, line: Int? = nil, reason: String) {
        self.file = file
        self.line = line
        self.reason = reason
    }
}

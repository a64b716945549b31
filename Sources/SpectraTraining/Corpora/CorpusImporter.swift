import Dispatch
import Foundation
import SpectraCore

/// Puts corpus spectra on a modality's canonical grid with its preprocessing (`measured` by default)
/// and packs them as a `PackedDataset`: labels folded (`LabelFolding`), the group of each spectrum
/// kept for per-study splits, and what was decided recorded in the manifest's `source`.
///
/// Intensity units matter to FTIR, whose pipeline turns transmittance into absorbance and leaves
/// everything else alone. `auto` decides per table file: when the modality's pipeline has the
/// `transmittance-to-absorbance` step, a file whose median intensity exceeds 10 is percent
/// transmittance (its baseline sits near 100 %) and any other file is absorbance (OpenSpecy's
/// 0–1 absorbance, Kedzierski's absorbance scaled to 100 at the strongest band, medians of 0.02–3);
/// for other modalities intensities are arbitrary units.
///
/// A spectrum that cannot be preprocessed, or that has no signal on the grid (outside its range,
/// or flat), is skipped and reported, not packed.
public struct CorpusImporter {
    /// How intensities are read.
    public enum Intensity: String, Sendable, CaseIterable {
        case auto, transmittance, absorbance, counts, arbitrary
    }

    public let registry: ModalityRegistry
    public let modality: any Modality
    public var pipelineName = "measured"
    public var intensity = Intensity.auto

    public init(registry: ModalityRegistry, modality: any Modality) {
        self.registry = registry
        self.modality = modality
    }

    /// A spectrum that was left out, and why.
    public struct Skipped: Sendable, LocatedError {
        public var file: String?
        public var line: Int?
        public var reason: String
    }

    /// What `pack` made.
    public struct Result: Sendable {
        public var dataset: PackedDataset
        public var skipped: [Skipped]
        /// Intensity unit decided for each table file, with the file's median intensity.
        public var intensityByFile: [(file: String, unit: IntensityUnit, median: Double)]
    }

    /// Threshold on a file's median intensity above which `auto` reads percent transmittance.
    public static let transmittanceMedianThreshold = 10.0

    public func pack(_ spectra: [CorpusSpectrum], source: [String: String]) throws -> Result {
        guard let pipeline = modality.definition.preprocess[pipelineName] else {
            throw ProcessingError(reason: "modality '\(modality.id)' has no '\(pipelineName)' preprocessing")
        }
        let compiled = try registry.compile(pipeline)
        let converts = pipeline.steps.contains { $0.name == TransmittanceToAbsorbance.stepName }
        var files: [String] = []
        for s in spectra where !files.contains(s.file) { files.append(s.file) }
        let decisions = files.map { file -> (file: String, unit: IntensityUnit, median: Double) in
            let median = Self.median(spectra.lazy.filter { $0.file == file }.map(\.y))
            return (file, unit(median: median, converts: converts), median)
        }
        let unitOfFile = Dictionary(uniqueKeysWithValues: decisions.map { ($0.file, $0.unit) })

        let axis = modality.definition.axis
        let length = axis.count
        var values = [Float](repeating: 0, count: spectra.count * length)
        var problems = [String?](repeating: nil, count: spectra.count)
        values.withUnsafeMutableBufferPointer { out in
            problems.withUnsafeMutableBufferPointer { errs in
                let out = out, errs = errs
                DispatchQueue.concurrentPerform(iterations: spectra.count) { i in
                    let raw = spectra[i]
                    let yUnit = unitOfFile[raw.file] ?? .arbitrary
                    var metadata: [String: String] = [:]
                    if yUnit == .transmittance, intensity == .auto { metadata["transmittanceScale"] = "percent" }
                    do {
                        guard raw.x.count >= 2 else { throw ProcessingError(reason: "it has \(raw.x.count) point(s)") }
                        let s = try compiled.apply(to: Spectrum(x: raw.x, y: raw.y, xUnit: axis.unit, yUnit: yUnit, metadata: metadata))
                        guard s.count == length else {
                            throw ProcessingError(reason: "preprocessing gave \(s.count) points, the \(modality.id) grid has \(length)")
                        }
                        guard s.y.allSatisfy(\.isFinite) else { throw ProcessingError(reason: "preprocessing gave non-finite values") }
                        guard let lo = s.y.min(), let hi = s.y.max(), hi > lo else {
                            let range = raw.x.min().map { "\($0)…\(raw.x.max() ?? $0)" } ?? "empty"
                            throw ProcessingError(reason: "no signal on the grid \(axis.start)…\(axis.stop) (its x range is \(range))")
                        }
                        for k in 0..<length { out[i * length + k] = Float(s.y[k]) }
                    } catch {
                        errs[i] = (error as? LocatedError)?.reason ?? "\(error)"
                    }
                }
            }
        }
        let kept = spectra.indices.filter { problems[$0] == nil }
        let skipped = spectra.indices.compactMap { i in
            problems[i].map { Skipped(file: spectra[i].file, line: spectra[i].line, reason: "spectrum \(spectra[i].name) skipped: \($0)") }
        }
        guard !kept.isEmpty else {
            throw DatasetError(file: files.first, reason: "no spectrum could be put on the \(modality.id) grid (first problem: \(skipped.first?.reason ?? "none"))")
        }
        let folding = LabelFolding(kept.map { spectra[$0].label })
        var packed = [Float]()
        packed.reserveCapacity(kept.count * length)
        for i in kept { packed += values[(i * length)..<((i + 1) * length)] }
        let groups = kept.map { spectra[$0].group }
        var provenance = source
        provenance["modality"] = modality.id
        provenance["preprocessing"] = "\(pipelineName): " + pipeline.steps.map(\.name).joined(separator: ", ")
        provenance["intensity"] = decisions.map {
            "\(($0.file as NSString).lastPathComponent): \($0.unit.rawValue) (median \(String(format: "%.3g", $0.median)))"
        }.joined(separator: "; ")
        provenance["labels"] = "case and whitespace folded; the most frequent spelling names the class"
        provenance["skipped"] = "\(skipped.count)"
        let dataset = try PackedDataset(
            modality: modality.id, axis: axis, labels: folding.labels, sampleLabels: folding.indices,
            sampleNames: kept.map { spectra[$0].name },
            sampleGroups: groups.contains(where: { $0 != nil }) ? groups.map { $0 ?? "" } : nil,
            source: provenance, spectra: packed)
        return Result(dataset: dataset, skipped: skipped, intensityByFile: decisions)
    }

    private func unit(median: Double, converts: Bool) -> IntensityUnit {
        switch intensity {
        case .transmittance: return .transmittance
        case .absorbance: return .absorbance
        case .counts: return .counts
        case .arbitrary: return .arbitrary
        case .auto:
            guard converts else { return .arbitrary }
            return median > Self.transmittanceMedianThreshold ? .transmittance : .absorbance
        }
    }

    /// Median of the finite values of `arrays`, estimated from at most about 200,000 evenly strided
    /// values (exact for smaller tables); 0 when there are none.
    static func median<S: Sequence>(_ arrays: S) -> Double where S.Element == [Double] {
        let all = Array(arrays)
        let total = all.reduce(0) { $0 + $1.count }
        let stride = max(1, total / 200_000)
        var sample: [Double] = []
        var position = 0
        for a in all {
            for v in a {
                if position % stride == 0, v.isFinite { sample.append(v) }
                position += 1
            }
        }
        guard !sample.isEmpty else { return 0 }
        sample.sort()
        let m = sample.count / 2
        return sample.count % 2 == 1 ? sample[m] : (sample[m - 1] + sample[m]) / 2
    }
}

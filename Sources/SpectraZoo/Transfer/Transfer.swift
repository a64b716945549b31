import SpectraCore
import SpectraModels
import SpectraNN

/// How a transferred model meets spectra whose canonical grid has another length than its parent's input.
public enum InputAdaptation: String, Sendable, CaseIterable {
    /// Resample the target spectra onto the parent's input length (same span, parent's point count);
    /// every parent tensor fits unchanged. Works for the ViT and the CNN.
    case resample
    /// Keep the target grid and the segment length; interpolate the position embedding linearly over
    /// the new token count (ViT only).
    case interpolatePositions = "interpolate-positions"
}

/// Transfer learning: keep every backbone tensor of a parent model, drop its head (`head.*` for the
/// ViT, the last layer `classifier.4.*` for the CNN), build a new head for the target labels, and
/// adapt the input length.
public enum Transfer {
    /// Names of the parent's tensors that belong to the class head and are not carried over.
    public static func isHead(_ name: String, of network: ClassifierNetwork) -> Bool {
        switch network {
        case .vit: return name.hasPrefix("head.")
        case .cnn: return name.hasPrefix("classifier.4.")
        case .baseline: return true
        }
    }

    /// The target modality's axis as the child sees it: for `resample`, the parent's point count over
    /// the same span; otherwise unchanged.
    public static func childAxis(target: CanonicalAxis, parentInputLength: Int, adaptation: InputAdaptation) -> CanonicalAxis {
        guard adaptation == .resample, parentInputLength != target.count, parentInputLength > 1 else { return target }
        return CanonicalAxis(unit: target.unit, start: target.start, stop: target.stop,
                             step: (target.stop - target.start) / Double(parentInputLength - 1))
    }

    /// The child's file preprocessing: the target modality's, then a resample onto `axis` and 0–1 scaling
    /// when the axis was changed for the parent.
    public static func childPreprocessing(_ target: Pipeline, targetAxis: CanonicalAxis, childAxis: CanonicalAxis) throws -> Pipeline {
        guard childAxis != targetAxis else { return target }
        let resample = try Resample(start: childAxis.start, stop: childAxis.stop, step: childAxis.step)
        return Pipeline(steps: target.steps + Pipeline([resample, NormalizeMinMax()]).steps)
    }

    /// A dataset's rows moved onto `axis` (same span, another point count) by linear interpolation.
    public static func adapt(_ dataset: PackedDataset, to axis: CanonicalAxis) throws -> PackedDataset {
        guard axis != dataset.axis else { return dataset }
        let steps = CompiledPipeline(steps: [try Resample(start: axis.start, stop: axis.stop, step: axis.step), NormalizeMinMax()])
        var values = [Float]()
        values.reserveCapacity(dataset.count * axis.count)
        let x = dataset.axis.values
        for i in 0..<dataset.count {
            let s = try steps.apply(to: Spectrum(x: x, y: dataset.spectrum(i).map(Double.init), xUnit: axis.unit))
            guard s.count == axis.count else {
                throw ProcessingError(reason: "resampling gave \(s.count) points instead of \(axis.count)")
            }
            values += s.y.map(Float.init)
        }
        return try PackedDataset(modality: dataset.modality, axis: axis, labels: dataset.labels, sampleLabels: dataset.sampleLabels,
                                 sampleNames: dataset.sampleNames, source: dataset.source, spectra: values)
    }

    /// The child network: the parent's architecture for `inputLength` points and `classes` outputs,
    /// with every non-head parent tensor copied (the position embedding interpolated when the token
    /// count changed) and a freshly initialised head.
    public static func childNetwork(from parent: ClassifierNetwork, inputLength: Int, classes: Int, seed: UInt64) throws -> ClassifierNetwork {
        var configuration = parent.configuration
        switch configuration.architecture {
        case .vit: configuration.vit?.inputLength = inputLength
        case .knn, .gaussianNaiveBayes, .logisticRegression:
            throw ModelError(reason: "a classical baseline has no backbone to transfer; fit one on the target data instead")
        case .cnn:
            guard inputLength == parent.inputLength else {
                throw ModelError(reason: "a CNN keeps its input length (\(parent.inputLength) points); transfer it with --adapt resample")
            }
        }
        let child = try ClassifierNetwork.make(configuration, classes: classes, seed: seed)
        var tensors = child.exportParameters()
        let parentTensors = parent.exportParameters()
        for (name, tensor) in parentTensors where !isHead(name, of: parent) {
            guard let target = tensors[name] else {
                throw ModelError(reason: "the child has no tensor \(name)")
            }
            if target.shape == tensor.shape {
                tensors[name] = tensor
            } else if name == "pos_embed", tensor.shape.count == 3, target.shape.count == 3, tensor.shape[2] == target.shape[2] {
                tensors[name] = (target.shape, interpolatePositions(tensor.values, fromTokens: tensor.shape[1],
                                                                     toTokens: target.shape[1], width: tensor.shape[2]))
            } else {
                throw ModelError(reason: "tensor \(name) has shape \(tensor.shape) in the parent but \(target.shape) in the child")
            }
        }
        try child.importParameters(tensors)
        return child
    }

    /// Linear interpolation of a `[1, 1 + T, C]` position embedding to `1 + T'` tokens; the CLS
    /// position (row 0) is kept as it is.
    public static func interpolatePositions(_ values: [Float], fromTokens: Int, toTokens: Int, width: Int) -> [Float] {
        var out = [Float](repeating: 0, count: toTokens * width)
        for c in 0..<width { out[c] = values[c] }
        let (n, m) = (fromTokens - 1, toTokens - 1)
        guard n > 0, m > 0 else { return out }
        for j in 0..<m {
            // Token centres mapped onto the old grid (align-corners = false, as timm's resample_abs_pos_embed).
            let position = max(0, min(Double(n - 1), (Double(j) + 0.5) * Double(n) / Double(m) - 0.5))
            let lo = Int(position), hi = min(lo + 1, n - 1)
            let t = Float(position - Double(lo))
            for c in 0..<width {
                out[(1 + j) * width + c] = (1 - t) * values[(1 + lo) * width + c] + t * values[(1 + hi) * width + c]
            }
        }
        return out
    }

    /// The parameter sets that stay frozen while only the head trains.
    public static func backboneSets(of network: ClassifierNetwork) -> [ParameterSet] {
        switch network {
        case .vit(let m): return [m.backbone.parameters]
        case .cnn, .baseline: return []
        }
    }
}

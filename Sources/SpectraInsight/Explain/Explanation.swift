import Foundation
import SpectraCore
import SpectraModels

/// Everything `spectra explain` finds out about one spectrum, and the numbers behind its figures:
/// the top-k predictions; for a ViT every attention matrix, the last-layer CLS map and the rollout
/// per token with each token's axis interval; for the paper's CNN the CAM and Grad-CAM of the
/// explained class; and the per-point values drawn as heat bands.
public struct Explanation: Encodable, Sendable {
    /// A label with its probability.
    public struct Ranked: Codable, Sendable, Equatable {
        public var label: String
        public var probability: Double
    }

    /// A per-point map as drawn (nil where the map has no value).
    public struct PointMap: Encodable, Sendable {
        public var name: String
        public var values: [Double?]
    }

    /// The input file (or any name for the spectrum).
    public var file: String
    /// `vit` or `cnn`.
    public var architecture: String
    /// The model's grid.
    public var axis: CanonicalAxis
    /// The spectrum as the model saw it (after preprocessing), one value per grid point.
    public var spectrum: [Double]
    /// The most probable labels.
    public var top: [Ranked]
    /// The class the CNN maps explain (the top prediction unless chosen).
    public var explainedClass: String?

    /// ViT: attention weights (L, H, T, T).
    public var attention: AttentionMaps?
    /// ViT: each token's segment on the axis.
    public var segments: SegmentAxis?
    /// ViT: last-layer CLS row, mean over heads, per token (entry 0 = CLS itself).
    public var clsMap: [Double]?
    /// ViT: CLS row of the attention rollout, per token.
    public var rollout: [Double]?
    /// CNN: class activation map.
    public var cam: ClassActivationMap?
    /// CNN: Grad-CAM.
    public var gradCAM: ClassActivationMap?
    /// The maps on the grid, as the heat bands show them (first = the one under the curve).
    public var pointMaps: [PointMap] = []

    enum CodingKeys: String, CodingKey {
        case file, architecture, axis, spectrum, top, explainedClass, attention, segments, clsMap, rollout, cam, gradCAM
        case pointMaps, droppedPoints, note
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(file, forKey: .file)
        try c.encode(architecture, forKey: .architecture)
        try c.encode(axis, forKey: .axis)
        try c.encode(spectrum, forKey: .spectrum)
        try c.encode(top, forKey: .top)
        try c.encodeIfPresent(explainedClass, forKey: .explainedClass)
        if let attention {
            // Nested [layer][head][query][key], so `numpy.array(j["attention"])` has shape (L, H, T, T).
            let t = attention.tokens
            let nested = (0..<attention.layers).map { l in
                (0..<attention.heads).map { h -> [[Float]] in
                    let m = Array(attention.matrix(layer: l, head: h))
                    return (0..<t).map { Array(m[($0 * t)..<(($0 + 1) * t)]) }
                }
            }
            try c.encode(nested, forKey: .attention)
        }
        try c.encodeIfPresent(segments?.segments, forKey: .segments)
        try c.encodeIfPresent(segments?.droppedPoints, forKey: .droppedPoints)
        try c.encodeIfPresent(clsMap, forKey: .clsMap)
        try c.encodeIfPresent(rollout, forKey: .rollout)
        try c.encodeIfPresent(cam, forKey: .cam)
        try c.encodeIfPresent(gradCAM, forKey: .gradCAM)
        try c.encode(pointMaps, forKey: .pointMaps)
        if segments != nil {
            try c.encode("token 0 is CLS; token i ≥ 1 is segment i − 1 (its grid points and axis interval in `segments`); the last `droppedPoints` grid points fill no segment and get no weight", forKey: .note)
        } else if cam != nil {
            try c.encode("CAM/Grad-CAM values are per position of the last conv block; `centres` are the input grid points (fractional) they are centred on; pointMaps interpolate linearly between them", forKey: .note)
        }
    }

    /// A heat-band panel of this spectrum, titled with its file name and top prediction.
    public func panel() -> HeatBandPlot.Panel {
        let name = (file as NSString).lastPathComponent
        let best = top.first.map { String(format: " — %@ (%.1f %%)", $0.label, 100 * $0.probability) } ?? ""
        return HeatBandPlot.Panel(title: name + best, x: axis.values, y: spectrum,
                                  bands: pointMaps.map { HeatBandPlot.Band(name: $0.name, values: $0.values) })
    }

    /// The layer × head grid of attention maps (ViT only).
    public func attentionGrid() -> AttentionGridPlot? {
        guard let attention else { return nil }
        return AttentionGridPlot(maps: attention, segments: segments, axisLabel: axis.unit.label,
                                 title: "Attention weights — " + (file as NSString).lastPathComponent)
    }
}

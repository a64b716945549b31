import SpectraModels

/// One ViT shape of a hyper-parameter sweep.
public struct SweepPoint: Hashable, Codable, Sendable {
    /// Points per segment (patch).
    public var segmentLength: Int
    /// Token width.
    public var embedDim: Int
    /// Encoder blocks.
    public var depth: Int
    /// Attention heads.
    public var heads: Int

    public init(segmentLength: Int, embedDim: Int, depth: Int, heads: Int) {
        self.segmentLength = segmentLength
        self.embedDim = embedDim
        self.depth = depth
        self.heads = heads
    }

    /// A file-name-safe name, e.g. `seg30-dim120-depth2-heads4`.
    public var key: String { "seg\(segmentLength)-dim\(embedDim)-depth\(depth)-heads\(heads)" }

    /// `base` with this point's shape.
    public func configuration(from base: ViTConfiguration) -> ViTConfiguration {
        var c = base
        c.segmentLength = segmentLength
        c.embedDim = embedDim
        c.depth = depth
        c.heads = heads
        return c
    }
}

/// The grid of a sweep: every combination of the listed values, segment length varying slowest
/// (the paper's main axis), then embedding width, depth and heads. Repeated values count once.
public struct SweepGrid: Sendable, Equatable {
    public var segmentLengths: [Int]
    public var embedDims: [Int]
    public var depths: [Int]
    public var heads: [Int]

    public init(segmentLengths: [Int], embedDims: [Int], depths: [Int], heads: [Int]) {
        self.segmentLengths = segmentLengths
        self.embedDims = embedDims
        self.depths = depths
        self.heads = heads
    }

    /// All combinations, in grid order.
    public var points: [SweepPoint] {
        var out: [SweepPoint] = []
        for s in Self.unique(segmentLengths) {
            for e in Self.unique(embedDims) {
                for d in Self.unique(depths) {
                    for h in Self.unique(heads) { out.append(SweepPoint(segmentLength: s, embedDim: e, depth: d, heads: h)) }
                }
            }
        }
        return out
    }

    /// The points whose ViT is valid with `base` (its input length and the rest), and the others with the reason.
    public func partition(base: ViTConfiguration) -> (valid: [SweepPoint], invalid: [(SweepPoint, String)]) {
        var valid: [SweepPoint] = [], invalid: [(SweepPoint, String)] = []
        for p in points {
            do {
                try p.configuration(from: base).validate()
                valid.append(p)
            } catch let error as ModelError {
                invalid.append((p, error.reason))
            } catch {
                invalid.append((p, "\(error)"))
            }
        }
        return (valid, invalid)
    }

    private static func unique(_ values: [Int]) -> [Int] {
        var seen = Set<Int>()
        return values.filter { seen.insert($0).inserted }
    }
}

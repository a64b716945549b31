/// Where each ViT token lies on the spectrum's axis. The backbone cuts the input (the spectrum on
/// its canonical grid) into consecutive segments of `segmentLength` points; token i ≥ 1 is segment
/// i − 1 and covers grid points (i − 1)·s … i·s − 1, i.e. a known 2θ or wavenumber interval. Points
/// after the last whole segment are dropped by the backbone and get no token (and no weight).
public struct SegmentAxis: Codable, Sendable, Equatable {
    /// One segment: its token, the grid points it covers and their axis values.
    public struct Segment: Codable, Sendable, Equatable {
        /// Token index (≥ 1; token 0 is CLS).
        public var token: Int
        /// First grid point (0-based).
        public var firstPoint: Int
        /// Last grid point (inclusive).
        public var lastPoint: Int
        /// Axis value of the first point (e.g. 2θ in °).
        public var start: Double
        /// Axis value of the last point.
        public var end: Double
    }

    /// Segments in token order.
    public let segments: [Segment]
    /// Grid points the backbone drops after the last segment (they carry no attention).
    public let droppedPoints: Int
    /// Points on the grid.
    public let pointCount: Int

    /// Segments of `segmentLength` points over the grid `axis` (axis values in grid order).
    public init(axis: [Double], segmentLength: Int) throws {
        guard segmentLength > 0, segmentLength <= axis.count else {
            throw InsightError(reason: "segments of \(segmentLength) points do not fit a grid of \(axis.count) points")
        }
        let n = axis.count / segmentLength
        segments = (0..<n).map { k in
            let first = k * segmentLength, last = first + segmentLength - 1
            return Segment(token: k + 1, firstPoint: first, lastPoint: last, start: axis[first], end: axis[last])
        }
        droppedPoints = axis.count - n * segmentLength
        pointCount = axis.count
    }

    /// Per-point values from per-token weights (length T = segments + 1; the CLS entry is not on the
    /// axis and is ignored): every point of segment i − 1 gets token i's weight, dropped points nil.
    public func pointValues(tokenWeights: [Double]) -> [Double?] {
        var out = [Double?](repeating: nil, count: pointCount)
        for s in segments where s.token < tokenWeights.count {
            for p in s.firstPoint...s.lastPoint { out[p] = tokenWeights[s.token] }
        }
        return out
    }
}

/// Maps data values linearly from a domain onto a pixel range; the range may run backwards
/// (SVG y grows downwards; IR plots put high wavenumbers on the left).
public struct LinearScale: Sendable, Equatable {
    /// Data interval (lower, upper), in data units.
    public var domain: (lower: Double, upper: Double)
    /// Pixel interval the domain maps to (start, end), in px.
    public var range: (start: Double, end: Double)

    public init(domain: (Double, Double), range: (Double, Double)) {
        self.domain = domain
        self.range = range
    }

    public static func == (a: LinearScale, b: LinearScale) -> Bool {
        a.domain == b.domain && a.range == b.range
    }

    /// Pixel position of `value`; a zero-width domain maps to the middle of the range.
    public func callAsFunction(_ value: Double) -> Double {
        let span = domain.upper - domain.lower
        guard span != 0 else { return (range.start + range.end) / 2 }
        return range.start + (value - domain.lower) / span * (range.end - range.start)
    }

    /// Nice ticks over the domain.
    public func ticks(target: Int = 6) -> NiceTicks {
        NiceTicks(lower: domain.lower, upper: domain.upper, target: target)
    }

    /// Bounds of `values` (finite ones only), widened when degenerate so a scale can always be made.
    public static func extent(of values: [Double]) -> (Double, Double) {
        var lo = Double.infinity, hi = -Double.infinity
        for v in values where v.isFinite { lo = Swift.min(lo, v); hi = Swift.max(hi, v) }
        guard lo <= hi else { return (0, 1) }
        if lo == hi { return (lo - (lo == 0 ? 1 : abs(lo) * 0.1), hi + (hi == 0 ? 1 : abs(hi) * 0.1)) }
        return (lo, hi)
    }
}

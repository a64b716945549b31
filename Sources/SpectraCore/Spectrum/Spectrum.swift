/// One spectrum: x values with their unit, intensities with theirs, and free-form metadata.
///
/// Readers fill it with the raw values of a file (no silent reprocessing); preprocessing steps
/// return new spectra. `x` need not be sorted or evenly spaced until a step requires it.
public struct Spectrum: Sendable, Equatable, Codable {
    /// Axis values, in `xUnit`.
    public var x: [Double]
    /// Intensities, in `yUnit`; same count as `x`.
    public var y: [Double]
    /// Unit of `x`.
    public var xUnit: AxisUnit
    /// Unit of `y`.
    public var yUnit: IntensityUnit
    /// A title from the file, if any.
    public var title: String?
    /// Header fields and provenance (`source`, `format`, JCAMP labels, ...).
    public var metadata: [String: String]

    public init(x: [Double], y: [Double], xUnit: AxisUnit = .arbitrary, yUnit: IntensityUnit = .arbitrary,
                title: String? = nil, metadata: [String: String] = [:]) {
        precondition(x.count == y.count, "x and y must have the same length")
        self.x = x
        self.y = y
        self.xUnit = xUnit
        self.yUnit = yUnit
        self.title = title
        self.metadata = metadata
    }

    /// Number of points.
    public var count: Int { x.count }

    /// Smallest and largest x, or nil for an empty spectrum.
    public var xRange: ClosedRange<Double>? {
        guard let lo = x.min(), let hi = x.max() else { return nil }
        return lo...hi
    }

    /// True when x strictly increases.
    public var isAscending: Bool {
        zip(x, x.dropFirst()).allSatisfy { $0 < $1 }
    }

    /// The same spectrum with points sorted by ascending x (y reordered with it).
    public func sortedByX() -> Spectrum {
        if isAscending { return self }
        let order = x.indices.sorted { x[$0] < x[$1] }
        var s = self
        s.x = order.map { x[$0] }
        s.y = order.map { y[$0] }
        return s
    }
}

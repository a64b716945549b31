/// Shifts the intensities along the axis by a random whole number of points k drawn uniformly from
/// `−maxPoints…+maxPoints` (positive k moves the signal to higher x); the x values stay. The k
/// points vacated at one end take the nearest remaining edge value (`fill: "edge"`, the default,
/// which keeps a baseline level) or zero (`fill: "zero"`). Default ±25 points as in the seed paper.
public struct Shift: Augmenter, Equatable {
    public static let stepName = "shift"
    public static let summary = "Move intensities by a random k in −maxPoints…+maxPoints points; vacated points take the edge value or zero"

    /// What vacated points hold.
    public enum Fill: String, Sendable, CaseIterable {
        /// The intensity of the first (last) original point that remains in view.
        case edge
        /// Zero.
        case zero
    }

    /// Largest shift, in points.
    public var maxPoints: Int
    /// What vacated points hold.
    public var fill: Fill

    public init(maxPoints: Int = 25, fill: Fill = .edge) throws {
        guard (0...1_000_000).contains(maxPoints) else {
            throw ProcessingError(reason: "step '\(Self.stepName)': maxPoints must be from 0 to 1000000, got \(maxPoints)")
        }
        self.maxPoints = maxPoints
        self.fill = fill
    }

    public init(parameters: StepParameters) throws {
        let name = Self.stepName
        try parameters.requireOnly(["maxPoints", "fill"], step: name)
        let fillName = try parameters.string("fill", step: name, default: Fill.edge.rawValue)
        guard let fill = Fill(rawValue: fillName) else {
            throw ProcessingError(reason: "step '\(name)': fill must be 'edge' or 'zero', got '\(fillName)'")
        }
        try self.init(maxPoints: parameters.int("maxPoints", step: name, default: 25), fill: fill)
    }

    public var parameters: StepParameters { ["maxPoints": .number(Double(maxPoints)), "fill": .string(fill.rawValue)] }

    public func augment(_ spectrum: Spectrum, using rng: inout SeededGenerator) throws -> Spectrum {
        try spectrum.requireUsable(step: Self.stepName)
        let k = rng.int(in: -maxPoints...maxPoints)
        var out = spectrum
        out.y = Self.shifted(spectrum.y, by: k, fill: fill)
        return out
    }

    /// `y` moved by `k` points (positive = towards higher index), vacated points filled per `fill`.
    public static func shifted(_ y: [Double], by k: Int, fill: Fill) -> [Double] {
        let n = y.count
        guard n > 0, k != 0 else { return y }
        var out = [Double](repeating: 0, count: n)
        for i in 0..<n {
            let source = i - k
            if source >= 0 && source < n {
                out[i] = y[source]
            } else if fill == .edge {
                out[i] = source < 0 ? y[0] : y[n - 1]
            }
        }
        return out
    }
}

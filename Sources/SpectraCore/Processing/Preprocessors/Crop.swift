/// Keeps the points whose x lies in `min...max` (x units of the spectrum, both ends included).
public struct Crop: Preprocessor, Equatable {
    public static let stepName = "crop"
    public static let summary = "Keep points with min ≤ x ≤ max (x in the spectrum's axis unit)"

    /// Lower bound, in the spectrum's x unit.
    public var min: Double
    /// Upper bound, in the spectrum's x unit.
    public var max: Double

    public init(min: Double, max: Double) throws {
        guard min < max else {
            throw ProcessingError(reason: "step 'crop': min (\(min)) must be less than max (\(max))")
        }
        self.min = min
        self.max = max
    }

    public init(parameters: StepParameters) throws {
        try parameters.requireOnly(["min", "max"], step: Self.stepName)
        try self.init(min: parameters.double("min", step: Self.stepName),
                      max: parameters.double("max", step: Self.stepName))
    }

    public var parameters: StepParameters { ["min": .number(min), "max": .number(max)] }

    public func process(_ spectrum: Spectrum) throws -> Spectrum {
        try spectrum.requireUsable(step: Self.stepName)
        var out = spectrum
        out.x = []
        out.y = []
        for i in 0..<spectrum.count where spectrum.x[i] >= min && spectrum.x[i] <= max {
            out.x.append(spectrum.x[i])
            out.y.append(spectrum.y[i])
        }
        guard !out.x.isEmpty else {
            let range = spectrum.xRange.map { "\($0.lowerBound)–\($0.upperBound)" } ?? "empty"
            throw ProcessingError(reason: "step 'crop': no points between \(min) and \(max) (the spectrum spans \(range))")
        }
        return out
    }
}

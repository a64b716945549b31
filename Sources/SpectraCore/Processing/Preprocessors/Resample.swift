/// Puts a spectrum on an even grid `start, start + step, …, stop` (x units) by linear or natural
/// cubic-spline interpolation; grid points outside the data's x range get `fill`.
///
/// In pipeline JSON the spacing is called `spacing`, because `step` names the step itself:
/// `{"step": "resample", "start": 5, "stop": 50, "spacing": 0.02, "method": "linear", "fill": 0}`.
///
/// The input is sorted by x first. Points that share an x value are averaged into one (instruments
/// and merged files repeat the junction point), so the interpolant is a function. At least two
/// distinct x values are needed. Linear matches `numpy.interp`; cubic matches
/// `scipy.interpolate.CubicSpline(x, y, bc_type='natural')` inside the data range.
public struct Resample: Preprocessor, Equatable {
    public static let stepName = "resample"
    public static let summary = "Interpolate onto the grid start…stop at spacing (x units), linear or natural cubic; fill outside the data"

    /// Interpolation method.
    public enum Method: String, Sendable, CaseIterable {
        /// Piecewise linear, as `numpy.interp`.
        case linear
        /// Natural cubic spline (second derivative 0 at both ends).
        case cubic
    }

    /// The largest grid accepted, so a typo in `step` cannot exhaust memory.
    public static let maximumGridPoints = 10_000_000

    /// First grid value (x units).
    public var start: Double
    /// Last grid value (x units), included when it lies on the grid.
    public var stop: Double
    /// Grid spacing (x units); `spacing` in JSON.
    public var step: Double
    /// Interpolation method.
    public var method: Method
    /// Value for grid points outside the data's x range (intensity units).
    public var fill: Double

    public init(start: Double, stop: Double, step: Double, method: Method = .linear, fill: Double = 0) throws {
        guard step > 0, stop > start else {
            throw ProcessingError(reason: "step 'resample': needs start < stop and spacing > 0 (got start \(start), stop \(stop), spacing \(step))")
        }
        guard (stop - start) / step < Double(Self.maximumGridPoints) else {
            throw ProcessingError(reason: "step 'resample': the grid would have more than \(Self.maximumGridPoints) points")
        }
        self.start = start
        self.stop = stop
        self.step = step
        self.method = method
        self.fill = fill
    }

    public init(parameters: StepParameters) throws {
        let name = Self.stepName
        try parameters.requireOnly(["start", "stop", "spacing", "method", "fill"], step: name)
        guard parameters["spacing"] != nil else {
            // A JSON object cannot hold a second "step" key for the spacing: say what to write instead.
            throw ProcessingError(reason: "step 'resample': missing parameter 'spacing' (the grid step in x units; the key 'step' names the step itself)")
        }
        let methodName = try parameters.string("method", step: name, default: "linear")
        guard let method = Method(rawValue: methodName) else {
            throw ProcessingError(reason: "step 'resample': method must be 'linear' or 'cubic', got '\(methodName)'")
        }
        try self.init(start: parameters.double("start", step: name), stop: parameters.double("stop", step: name),
                      step: parameters.double("spacing", step: name), method: method,
                      fill: parameters.double("fill", step: name, default: 0))
    }

    public var parameters: StepParameters {
        ["start": .number(start), "stop": .number(stop), "spacing": .number(step),
         "method": .string(method.rawValue), "fill": .number(fill)]
    }

    /// The grid values `start + i * step` (computed per point so rounding does not accumulate);
    /// `stop` is included when `(stop − start) / step` is whole to within 10⁻⁶, as in `CanonicalAxis`.
    public var grid: [Double] {
        let count = Int(((stop - start) / step + 1e-6).rounded(.down)) + 1
        return (0..<count).map { start + Double($0) * step }
    }

    public func process(_ spectrum: Spectrum) throws -> Spectrum {
        try spectrum.requireUsable(step: Self.stepName, minimumPoints: 2)
        let (xs, ys) = Self.mergedSorted(spectrum)
        guard xs.count >= 2 else {
            throw ProcessingError(reason: "step 'resample': needs at least 2 distinct x values, all \(spectrum.count) points share x = \(xs.first ?? .nan)")
        }
        let grid = self.grid
        let values: [Double]
        switch method {
        case .linear: values = Self.linear(xs, ys, at: grid, fill: fill)
        case .cubic: values = NaturalCubicSpline(x: xs, y: ys).values(at: grid, fill: fill)
        }
        var out = spectrum
        out.x = grid
        out.y = values
        return out
    }

    /// Sorted x with duplicate x values merged by averaging their y.
    static func mergedSorted(_ spectrum: Spectrum) -> ([Double], [Double]) {
        let sorted = spectrum.sortedByX()
        var xs: [Double] = []
        var ys: [Double] = []
        xs.reserveCapacity(sorted.count)
        ys.reserveCapacity(sorted.count)
        var i = 0
        while i < sorted.count {
            var j = i + 1
            var sum = sorted.y[i]
            while j < sorted.count && sorted.x[j] == sorted.x[i] { sum += sorted.y[j]; j += 1 }
            xs.append(sorted.x[i])
            ys.append(sum / Double(j - i))
            i = j
        }
        return (xs, ys)
    }

    /// Piecewise-linear interpolation of strictly ascending `xs` at ascending `targets`.
    static func linear(_ xs: [Double], _ ys: [Double], at targets: [Double], fill: Double) -> [Double] {
        var out = [Double](repeating: fill, count: targets.count)
        guard let first = xs.first, let last = xs.last else { return out }
        var k = 0
        for (i, t) in targets.enumerated() where t >= first && t <= last {
            while k < xs.count - 2 && xs[k + 1] < t { k += 1 }
            let x0 = xs[k], x1 = xs[k + 1]
            let w = (t - x0) / (x1 - x0)
            out[i] = ys[k] + w * (ys[k + 1] - ys[k])
        }
        return out
    }
}

import Foundation

/// Axis ticks at "nice" values: multiples of 1, 2 or 5 × 10ⁿ, as most plotting libraries choose.
public struct NiceTicks: Sendable, Equatable {
    /// Tick values inside the range, ascending.
    public let values: [Double]
    /// Spacing between ticks.
    public let step: Double

    /// Ticks for `lower…upper` with roughly `target` intervals: the step is the 1-2-5 value nearest
    /// span / target on a log scale (thresholds √2, √10, √50, as d3 chooses). A degenerate range
    /// gives the single value.
    public init(lower: Double, upper: Double, target: Int = 6) {
        let lo = min(lower, upper), hi = max(lower, upper)
        guard lo.isFinite, hi.isFinite, hi > lo else {
            values = lo.isFinite ? [lo] : []
            step = 0
            return
        }
        let step = Self.niceStep(span: hi - lo, target: max(1, target))
        let first = (lo / step - 1e-9).rounded(.up)
        let last = (hi / step + 1e-9).rounded(.down)
        var values: [Double] = []
        if last - first < 10_000 {
            var k = first
            while k <= last {
                // k * step, with the representation error of the step cleaned off (0.1 * 3 = 0.30000000000000004).
                let v = k * step
                values.append(v == 0 ? 0 : Double(String(format: "%.12g", v)) ?? v)
                k += 1
            }
        }
        self.values = values
        self.step = step
    }

    /// The 1, 2 or 5 × 10ⁿ nearest (geometrically) to `span / target`.
    public static func niceStep(span: Double, target: Int) -> Double {
        let raw = span / Double(target)
        let magnitude = pow(10, floor(log10(raw)))
        let fraction = raw / magnitude
        let nice: Double
        if fraction >= 50.0.squareRoot() { nice = 10 } else if fraction >= 10.0.squareRoot() { nice = 5 } else if fraction >= 2.0.squareRoot() { nice = 2 } else { nice = 1 }
        return nice * magnitude
    }

    /// Tick labels with just enough decimals for the step (0.02 → two decimals, 500 → none);
    /// scientific notation for very large or small magnitudes.
    public var labels: [String] { values.map(label) }

    /// The label for one value on this axis.
    public func label(_ value: Double) -> String {
        guard step > 0 else { return Self.plain(value, decimals: 3) }
        let largest = values.map(abs).max() ?? abs(value)
        if largest >= 1e6 || (largest > 0 && largest < 1e-3) {
            return String(format: "%.3g", value)
        }
        let decimals = max(0, Int(-floor(log10(step) + 1e-9)))
        return Self.plain(value, decimals: decimals)
    }

    private static func plain(_ value: Double, decimals: Int) -> String {
        let text = String(format: "%.*f", decimals, value)
        // "-0" and "-0.00" read oddly under a tick at zero.
        if text.hasPrefix("-"), Double(text) == 0 { return String(text.dropFirst()) }
        return text.replacingOccurrences(of: "-", with: "−")
    }
}

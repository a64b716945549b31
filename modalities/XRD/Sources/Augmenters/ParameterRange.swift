import Foundation
import SpectraCore

/// A closed interval a random augmentation draws one value from per spectrum, read from the
/// step parameters `min<Name>`/`max<Name>` and checked against the physically sensible `limits`.
struct ParameterRange: Equatable {
    let lower: Double
    let upper: Double

    init(lower: Double, upper: Double) {
        self.lower = lower
        self.upper = upper
    }

    /// Reads `min<name>` and `max<name>` (defaults given), refusing values outside `limits` or
    /// min > max with a `ProcessingError` naming the step.
    init(_ parameters: StepParameters, name: String, step: String, defaults: ClosedRange<Double>,
         limits: ClosedRange<Double>, unit: String = "") throws {
        let lower = try parameters.double("min" + name, step: step, default: defaults.lowerBound)
        let upper = try parameters.double("max" + name, step: step, default: defaults.upperBound)
        guard limits.contains(lower), limits.contains(upper), lower <= upper else {
            throw ProcessingError(reason: "step '\(step)': min\(name) and max\(name) must satisfy \(limits.lowerBound) ≤ min ≤ max ≤ \(limits.upperBound)\(unit), got \(lower)…\(upper)")
        }
        self.init(lower: lower, upper: upper)
    }

    /// Adds `min<name>`/`max<name>` to serialised parameters.
    func write(to parameters: inout StepParameters, name: String) {
        parameters["min" + name] = .number(lower)
        parameters["max" + name] = .number(upper)
    }

    /// Uniform draw in [lower, upper] (exactly `lower` when the interval is a point).
    func uniform(_ rng: inout SeededGenerator) -> Double {
        lower == upper ? lower : rng.uniform(lower, upper)
    }

    /// Log-uniform draw (for scale-like quantities: sizes, counts, ratios); needs lower > 0.
    func logUniform(_ rng: inout SeededGenerator) -> Double {
        lower == upper ? lower : exp(rng.uniform(log(lower), log(upper)))
    }
}

extension ParameterRange {
    /// Reads the `probability` every XRD augmenter takes: the chance it acts on a given spectrum.
    static func probability(_ parameters: StepParameters, step: String, default value: Double = 1) throws -> Double {
        let p = try parameters.double("probability", step: step, default: value)
        guard (0...1).contains(p) else {
            throw ProcessingError(reason: "step '\(step)': probability must be from 0 to 1, got \(p)")
        }
        return p
    }
}

import Foundation
import SpectraCore

/// The evenly spaced, ascending 2θ grid (degrees) of a pattern an XRD augmenter works on, with
/// the Bragg-geometry conversions and the resampling the augmenters share.
///
/// The augment pipeline runs after resampling onto the modality grid, so an uneven or descending
/// axis means the step was placed wrongly: it is refused with a `ProcessingError`, not guessed at.
struct PatternGrid {
    /// 2θ of the first point, degrees.
    let startDegrees: Double
    /// Spacing, degrees (> 0).
    let stepDegrees: Double
    /// Number of points.
    let count: Int

    /// Checks `spectrum` (finite values, at least 3 points, 2θ axis evenly spaced within 0.1 % of
    /// a step, inside 0–180°) and returns its grid.
    init(_ spectrum: Spectrum, step: String) throws {
        let x = spectrum.x
        guard x.count >= 3 else {
            throw ProcessingError(reason: "step '\(step)': needs at least 3 points, got \(x.count)")
        }
        guard spectrum.xUnit == .twoThetaDegrees || spectrum.xUnit == .arbitrary else {
            throw ProcessingError(reason: "step '\(step)': needs a 2θ axis in degrees, got \(spectrum.xUnit.label)")
        }
        if let i = x.firstIndex(where: { !$0.isFinite }) ?? spectrum.y.firstIndex(where: { !$0.isFinite }) {
            throw ProcessingError(reason: "step '\(step)': point \(i + 1) is not a finite number")
        }
        let first = x[0], last = x[x.count - 1]
        let spacing = (last - first) / Double(x.count - 1)
        guard spacing > 0, first >= 0, last <= 180 else {
            throw ProcessingError(reason: "step '\(step)': needs an ascending 2θ axis within 0–180°, got \(first)…\(last)")
        }
        for i in 1..<x.count where abs(x[i] - (first + Double(i) * spacing)) > 1e-3 * spacing {
            throw ProcessingError(reason: "step '\(step)': needs evenly spaced 2θ (resample first); point \(i + 1) is off the grid")
        }
        startDegrees = first
        stepDegrees = spacing
        count = x.count
    }

    /// 2θ of point `i`, degrees.
    func twoTheta(_ i: Int) -> Double { startDegrees + Double(i) * stepDegrees }

    /// `y` sampled at 2θ = `twoThetaDegrees` by linear interpolation; outside the grid the nearest
    /// end value is held (a baseline level, not an artificial drop to zero).
    func interpolate(_ y: [Double], atDegrees twoThetaDegrees: Double) -> Double {
        let position = (twoThetaDegrees - startDegrees) / stepDegrees
        if !(position > 0) { return y[0] }
        if position >= Double(count - 1) { return y[count - 1] }
        let i = Int(position)
        let t = position - Double(i)
        return y[i] + t * (y[i + 1] - y[i])
    }

    /// The pattern seen through an axis map: output point i takes the input intensity at
    /// 2θ = `source(2θᵢ)` (degrees), or the nearest end value when `source` returns nil.
    func remap(_ y: [Double], source: (Double) -> Double?) -> [Double] {
        (0..<count).map { i in
            guard let s = source(twoTheta(i)) else { return twoTheta(i) < startDegrees + 0.5 * Double(count - 1) * stepDegrees ? y[0] : y[count - 1] }
            return interpolate(y, atDegrees: s)
        }
    }

    /// θ in radians for a 2θ in degrees.
    static func thetaRadians(twoThetaDegrees: Double) -> Double { twoThetaDegrees * .pi / 360 }

    /// Cu Kα wavelength (Kα1/Kα2 weighted mean, as pymatgen), ångström.
    static let copperKAlphaAngstrom = 1.54184
}

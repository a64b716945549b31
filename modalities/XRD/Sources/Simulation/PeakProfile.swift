import Foundation

/// Turns stick patterns into continuous profiles on a 2θ grid.
///
/// Each stick becomes an area-normalised peak of its intensity (sticks are integrated
/// intensities), so peaks broadened by Caglioti widths keep their areas; the profile is then
/// scaled to a maximum of 100.
public struct PeakProfile: Sendable, Equatable {
    /// Peak shape.
    public enum Shape: String, Sendable, CaseIterable {
        case gaussian, lorentzian
        /// η·Lorentzian + (1 − η)·Gaussian with the same FWHM.
        case pseudoVoigt = "pseudo-voigt"
    }

    /// Full width at half maximum, degrees 2θ.
    public enum Width: Sendable, Equatable {
        /// The same FWHM for every peak, degrees.
        case fixed(Double)
        /// Caglioti: FWHM² = U tan²θ + V tanθ + W (degrees²).
        case caglioti(u: Double, v: Double, w: Double)

        /// FWHM in degrees at a peak at `twoThetaDegrees` (never below 1e-4°).
        public func fwhm(atTwoThetaDegrees twoTheta: Double) -> Double {
            switch self {
            case .fixed(let h): return max(h, 1e-4)
            case let .caglioti(u, v, w):
                let t = tan(twoTheta / 2 * .pi / 180)
                return max((u * t * t + v * t + w).squareRoot(), 1e-4)
            }
        }
    }

    public var shape: Shape = .gaussian
    public var width: Width = .fixed(0.1)
    /// Lorentzian fraction η of the pseudo-Voigt, 0…1.
    public var eta = 0.5
    /// Peaks are evaluated within ± this many FWHM of their centre (Lorentzians need wide tails).
    public var gaussianWindowFWHM = 4.0
    public var lorentzianWindowFWHM = 40.0

    public init(shape: Shape = .gaussian, width: Width = .fixed(0.1), eta: Double = 0.5) {
        self.shape = shape
        self.width = width
        self.eta = eta
    }

    /// The profile at `twoThetaDegrees` (ascending, evenly spaced or not), max 100 (all 0 if no peaks).
    public func profile(of peaks: [DiffractionPeak], at twoThetaDegrees: [Double]) -> [Double] {
        var y = [Double](repeating: 0, count: twoThetaDegrees.count)
        guard !twoThetaDegrees.isEmpty else { return y }
        let ln2 = log(2.0)
        let gaussNorm = 2 * (ln2 / .pi).squareRoot()
        for peak in peaks {
            let h = width.fwhm(atTwoThetaDegrees: peak.twoThetaDegrees)
            let window = (shape == .gaussian ? gaussianWindowFWHM : lorentzianWindowFWHM) * h
            let lo = lowerBound(twoThetaDegrees, peak.twoThetaDegrees - window)
            var i = lo
            while i < twoThetaDegrees.count, twoThetaDegrees[i] <= peak.twoThetaDegrees + window {
                let x = (twoThetaDegrees[i] - peak.twoThetaDegrees) / h
                let g = gaussNorm / h * exp(-4 * ln2 * x * x)
                let l = 2 / (.pi * h) / (1 + 4 * x * x)
                let value: Double
                switch shape {
                case .gaussian: value = g
                case .lorentzian: value = l
                case .pseudoVoigt: value = eta * l + (1 - eta) * g
                }
                y[i] += peak.intensity * value
                i += 1
            }
        }
        if let m = y.max(), m > 0 { for i in y.indices { y[i] = y[i] / m * 100 } }
        return y
    }

    /// First index whose value is ≥ `x` (binary search on an ascending array).
    private func lowerBound(_ a: [Double], _ x: Double) -> Int {
        var lo = 0, hi = a.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if a[mid] < x { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// An evenly spaced grid start, start+step, … ≤ stop (+ half a step of slack for rounding).
    public static func grid(startDegrees: Double, stopDegrees: Double, stepDegrees: Double) -> [Double] {
        guard stepDegrees > 0, stopDegrees >= startDegrees else { return [] }
        let n = Int(((stopDegrees - startDegrees) / stepDegrees + 1e-9).rounded(.down)) + 1
        return (0..<n).map { startDegrees + Double($0) * stepDegrees }
    }
}

import Foundation

/// A unit cell: lengths in Å, angles in degrees, with its direct and reciprocal metrics.
public struct UnitCell: Sendable, Equatable {
    public var aAngstrom: Double, bAngstrom: Double, cAngstrom: Double
    public var alphaDegrees: Double, betaDegrees: Double, gammaDegrees: Double

    /// Longest cell edge accepted, in Å. Real MOF cells are below 200 Å; anything above 1,000 Å is
    /// a typo (or a unit mix-up) and would make reflection enumeration explode.
    public static let maximumEdgeAngstrom = 1000.0
    /// Shortest cell edge accepted, in Å (no real crystal has a repeat below 0.5 Å).
    public static let minimumEdgeAngstrom = 0.5

    public init(aAngstrom: Double, bAngstrom: Double, cAngstrom: Double,
                alphaDegrees: Double, betaDegrees: Double, gammaDegrees: Double) {
        self.aAngstrom = aAngstrom; self.bAngstrom = bAngstrom; self.cAngstrom = cAngstrom
        self.alphaDegrees = alphaDegrees; self.betaDegrees = betaDegrees; self.gammaDegrees = gammaDegrees
    }

    /// Cell volume in Å³ (0 or NaN for a degenerate cell).
    public var volumeCubicAngstrom: Double {
        let (ca, cb, cg) = (cosd(alphaDegrees), cosd(betaDegrees), cosd(gammaDegrees))
        let x = 1 - ca * ca - cb * cb - cg * cg + 2 * ca * cb * cg
        return x > 0 ? aAngstrom * bAngstrom * cAngstrom * x.squareRoot() : 0
    }

    /// Direct metric tensor G (row-major 3×3), Å²: |r|² = rᵀ G r for fractional r.
    public var metric: [Double] {
        let (a, b, c) = (aAngstrom, bAngstrom, cAngstrom)
        let (ca, cb, cg) = (cosd(alphaDegrees), cosd(betaDegrees), cosd(gammaDegrees))
        return [a * a, a * b * cg, a * c * cb,
                a * b * cg, b * b, b * c * ca,
                a * c * cb, b * c * ca, c * c]
    }

    /// Reciprocal metric tensor G* = G⁻¹ (row-major), Å⁻²: 1/d² = hᵀ G* h.
    public var reciprocalMetric: [Double] {
        let g = metric
        let det = g[0] * (g[4] * g[8] - g[5] * g[7]) - g[1] * (g[3] * g[8] - g[5] * g[6]) + g[2] * (g[3] * g[7] - g[4] * g[6])
        let inv = [g[4] * g[8] - g[5] * g[7], g[2] * g[7] - g[1] * g[8], g[1] * g[5] - g[2] * g[4],
                   g[5] * g[6] - g[3] * g[8], g[0] * g[8] - g[2] * g[6], g[2] * g[3] - g[0] * g[5],
                   g[3] * g[7] - g[4] * g[6], g[1] * g[6] - g[0] * g[7], g[0] * g[4] - g[1] * g[3]]
        return inv.map { $0 / det }
    }

    /// Squared length in Å² of a fractional vector.
    public func squaredLength(_ r: SIMD3<Double>) -> Double {
        let g = metric
        return r.x * (g[0] * r.x + g[1] * r.y + g[2] * r.z)
            + r.y * (g[3] * r.x + g[4] * r.y + g[5] * r.z)
            + r.z * (g[6] * r.x + g[7] * r.y + g[8] * r.z)
    }
}

@inline(__always) func cosd(_ degrees: Double) -> Double {
    // Exact zeros for right angles keep orthogonal cells exactly orthogonal.
    if degrees == 90 { return 0 }
    return cos(degrees * .pi / 180)
}

import Dispatch
import Foundation

/// One diffraction peak of a stick pattern.
public struct DiffractionPeak: Sendable, Equatable {
    /// Peak position, degrees 2θ.
    public var twoThetaDegrees: Double
    /// Intensity (|F|²·Lp summed over the merged reflections); scaled so the strongest peak is 100
    /// when returned by `PowderPatternSimulator.peaks`.
    public var intensity: Double
    /// Miller indices of one reflection of the peak (the largest (h, k, l) in lexicographic order).
    public var hkl: SIMD3<Int32>
    /// Interplanar spacing in Å.
    public var dSpacingAngstrom: Double
}

/// Computes powder-diffraction stick patterns from crystal structures, the way pymatgen's
/// `XRDCalculator` does (kinematic theory, De Graef & McHenry, *Structure of Materials*, ch. 11–12):
///
/// 1. every reciprocal-lattice point g = (h, k, l) with 2θ in the range (`sin θ = λ|g|/2`);
/// 2. F(hkl) = Σⱼ occⱼ fⱼ(s) exp(2πi g·rⱼ) [· exp(−Bⱼ s²) if Debye–Waller factors are on], s = |g|/2;
///    fⱼ(s) = Z − 41.78214 s² Σᵢ aᵢ exp(−bᵢ s²) with `AtomicScatteringTable`;
/// 3. I = |F|² (1 + cos² 2θ) / (sin² θ cos θ);
/// 4. reflections with equal round(2θ / `twoThetaToleranceDegrees`) form one peak (pymatgen's `TWO_THETA_TOL` binning).
///
/// Friedel mates have equal |F|², so only half of reciprocal space is visited and counted twice.
/// Phases are built per atom from tables of exp(2πi h x), exp(2πi k y), exp(2πi l z), so the
/// inner loop over atoms is complex multiplications only, no trigonometry.
public struct PowderPatternSimulator: Sendable {
    /// Radiation (wavelength, optional Kα doublet).
    public var radiation: Radiation
    /// Simulated range, degrees 2θ.
    public var twoThetaRangeDegrees: ClosedRange<Double>
    /// Apply isotropic Debye–Waller factors exp(−B s²) from the CIF's Uiso/Biso (off by default, as in pymatgen).
    public var debyeWaller = false
    /// Add the Kα2 line at `Radiation.kAlpha2Ratio` of Kα1 (needs a named Kα radiation).
    public var kAlphaDoublet = false
    /// Reflections closer than this in 2θ (degrees) are one peak (pymatgen: 1e-5).
    public var twoThetaToleranceDegrees = 1e-5
    /// Peaks below this on the 0–100 scale are dropped as numerical zeros (pymatgen: 1e-3).
    public var scaledIntensityTolerance = 1e-3
    /// Largest number of reflections in one simulation; beyond it the structure is refused.
    public var maximumReflections = 20_000_000
    /// Split the work over all cores (off when the caller already runs structures in parallel).
    public var parallel = true

    public init(radiation: Radiation = Radiation("CuKa")!, twoThetaRangeDegrees: ClosedRange<Double> = 5...50) {
        self.radiation = radiation
        self.twoThetaRangeDegrees = twoThetaRangeDegrees
    }

    /// The stick pattern: peaks in the range sorted by 2θ, strongest = 100.
    public func peaks(for structure: CrystalStructure) throws -> [DiffractionPeak] {
        var sticks: [DiffractionPeak]
        if kAlphaDoublet, let doublet = radiation.doubletAngstrom {
            let a1 = try rawPeaks(structure, wavelength: doublet.kAlpha1)
            let a2 = try rawPeaks(structure, wavelength: doublet.kAlpha2).map { peak -> DiffractionPeak in
                var p = peak
                p.intensity *= Radiation.kAlpha2Ratio
                return p
            }
            sticks = (a1 + a2).sorted { $0.twoThetaDegrees < $1.twoThetaDegrees }
        } else {
            sticks = try rawPeaks(structure, wavelength: radiation.wavelengthAngstrom)
        }
        let maximum = sticks.map(\.intensity).max() ?? 0
        guard maximum > 0 else { return [] }
        var scaled: [DiffractionPeak] = []
        scaled.reserveCapacity(sticks.count)
        for var peak in sticks {
            peak.intensity = peak.intensity / maximum * 100
            if peak.intensity > scaledIntensityTolerance { scaled.append(peak) }
        }
        return scaled
    }

    /// One reflection before merging.
    private struct Reflection {
        var gSquared: Double
        var intensity: Double
        var h: Int32, k: Int32, l: Int32
    }

    /// Atoms of one scattering kind (element, and B when Debye–Waller factors are on).
    private struct ScattererGroup {
        var coefficients: [(a: Double, b: Double)]
        var atomicNumber: Double
        var bIso: Double
        var range: Range<Int>
    }

    /// The Laue group: the structure's rotations and their negatives (Friedel), kept only when
    /// every one preserves the cell metric (so equivalent reflections share 2θ) and the set is a group.
    private func laueRotations(_ structure: CrystalStructure) -> [[Int]] {
        var set: [[Int]] = []
        for r in structure.symmetryRotations {
            for m in [r, r.map { -$0 }] where !set.contains(m) { set.append(m) }
        }
        let g = structure.cell.metric
        let friedel = [[1, 0, 0, 0, 1, 0, 0, 0, 1], [-1, 0, 0, 0, -1, 0, 0, 0, -1]]
        for r in set {
            // Rᵀ G R = G, checked to 1e-6 relative.
            for i in 0..<3 {
                for j in 0..<3 {
                    var x = 0.0
                    for a in 0..<3 { for b in 0..<3 { x += Double(r[3 * a + i]) * g[3 * a + b] * Double(r[3 * b + j]) } }
                    if abs(x - g[3 * i + j]) > 1e-6 * max(abs(g[0]), abs(g[4]), abs(g[8])) { return friedel }
                }
            }
        }
        // Closed under products, or the orbit weights would be wrong.
        let members = Set(set)
        for a in set {
            for b in set {
                var p = [Int](repeating: 0, count: 9)
                for i in 0..<3 { for j in 0..<3 { for k in 0..<3 { p[3 * i + j] += a[3 * i + k] * b[3 * k + j] } } }
                if !members.contains(p) { return friedel }
            }
        }
        return set
    }

    /// Unscaled, merged peaks for one wavelength.
    private func rawPeaks(_ structure: CrystalStructure, wavelength: Double) throws -> [DiffractionPeak] {
        let lower = max(twoThetaRangeDegrees.lowerBound, 0), upper = min(twoThetaRangeDegrees.upperBound, 180)
        guard upper > lower else { return [] }
        let gMin = 2 * sin(lower / 2 * .pi / 180) / wavelength
        let gMax = 2 * sin(upper / 2 * .pi / 180) / wavelength
        let gMin2 = gMin * gMin, gMax2 = gMax * gMax
        let file = structure.sourceFile ?? structure.name
        if let missing = structure.sites.first(where: { !$0.element.hasScatteringFactors }) {
            throw CIFError(file: file, reason: "no X-ray scattering factors are tabulated for \(missing.element.symbol) (atom '\(missing.label)')")
        }
        let cell = structure.cell
        let rm = cell.reciprocalMetric
        // |h| ≤ |g|·a since h = g·a.
        let hMax = Int((gMax * cell.aAngstrom).rounded(.down)), kMax = Int((gMax * cell.bAngstrom).rounded(.down))
        let lMax = Int((gMax * cell.cAngstrom).rounded(.down))
        let boxCount = Double(2 * hMax + 1) * Double(2 * kMax + 1) * Double(2 * lMax + 1)
        let estimated = 4.0 / 3.0 * .pi * gMax * gMax2 * cell.volumeCubicAngstrom
        guard estimated <= Double(maximumReflections), boxCount <= 50 * Double(maximumReflections) else {
            throw CIFError(file: file, reason: "about \(Int(estimated)) reflections in range; refusing (cap \(maximumReflections))")
        }

        // Atoms sorted into scatterer groups (element [, B]); occupancy folded into the phase tables.
        let order = structure.sites.indices.sorted {
            let a = structure.sites[$0], b = structure.sites[$1]
            if a.element.atomicNumber != b.element.atomicNumber { return a.element.atomicNumber < b.element.atomicNumber }
            return debyeWaller ? (a.bIsoSquareAngstrom ?? 0) < (b.bIsoSquareAngstrom ?? 0) : false
        }
        var groups: [ScattererGroup] = []
        for (position, index) in order.enumerated() {
            let site = structure.sites[index]
            let b = debyeWaller ? (site.bIsoSquareAngstrom ?? 0) : 0
            if let last = groups.last, last.atomicNumber == Double(site.element.atomicNumber), last.bIso == b,
               last.coefficients.count == site.element.scattering.count {
                groups[groups.count - 1].range = last.range.lowerBound..<(position + 1)
            } else {
                groups.append(ScattererGroup(coefficients: site.element.scattering, atomicNumber: Double(site.element.atomicNumber),
                                             bIso: b, range: position..<(position + 1)))
            }
        }
        let atomCount = order.count
        guard atomCount > 0 else { return [] }
        // Phase tables exp(2πi n x) for n in -max...max, laid out [n][atom] so that the inner loop
        // over the atoms of a group reads contiguous memory.
        func table(_ nMax: Int, _ coordinate: (AtomSite) -> Double, weight: (AtomSite) -> Double) -> (re: [Double], im: [Double]) {
            var re = [Double](repeating: 0, count: atomCount * (2 * nMax + 1)), im = re
            for (position, index) in order.enumerated() {
                let site = structure.sites[index]
                let w = weight(site)
                // exp(2πi n x) by the recurrence e(n+1) = e(n)·e(1), re-anchored on an exact
                // cos/sin every 16 steps so rounding cannot build up; e(−n) = conj e(n).
                var x = coordinate(site)
                x -= x.rounded()
                let stepRe = cos(2 * Double.pi * x), stepIm = sin(2 * Double.pi * x)
                var cr = 1.0, ci = 0.0
                for n in 0...nMax {
                    if n % 16 == 0 {
                        var t = Double(n) * x
                        t -= t.rounded()
                        cr = cos(2 * Double.pi * t); ci = sin(2 * Double.pi * t)
                    }
                    re[(nMax + n) * atomCount + position] = w * cr
                    im[(nMax + n) * atomCount + position] = w * ci
                    re[(nMax - n) * atomCount + position] = w * cr
                    im[(nMax - n) * atomCount + position] = -w * ci
                    (cr, ci) = (cr * stepRe - ci * stepIm, cr * stepIm + ci * stepRe)
                }
            }
            return (re, im)
        }
        let px = table(hMax, { $0.fractional.x }, weight: { $0.occupancy })
        let py = table(kMax, { $0.fractional.y }, weight: { _ in 1 })
        let pz = table(lMax, { $0.fractional.z }, weight: { _ in 1 })
        let laue = laueRotations(structure)
        let groupRanges = groups.map { $0.range }
        let groupZ = groups.map { $0.atomicNumber }
        let groupB = groups.map { $0.bIso }
        let groupCoefficients = groups.map { $0.coefficients }
        let groupCount = groups.count

        // Work items: (h, k) columns of the half space h > 0, or h = 0 and k > 0, or h = k = 0 (l > 0).
        var columns: [(Int, Int)] = []
        for h in 0...hMax {
            for k in -kMax...kMax where h > 0 || k >= 0 { columns.append((h, k)) }
        }
        let chunkCount = parallel ? min(columns.count, 64) : 1
        var results = [[Reflection]](repeating: [], count: chunkCount)
        let lambda = wavelength
        results.withUnsafeMutableBufferPointer { buffer in
            let out = buffer
            let work = { (chunk: Int) in
                var local: [Reflection] = []
                var xyRe = [Double](repeating: 0, count: atomCount), xyIm = xyRe
                var groupRe = [Double](repeating: 0, count: groupCount), groupIm = groupRe
                px.re.withUnsafeBufferPointer { pxr in px.im.withUnsafeBufferPointer { pxi in
                py.re.withUnsafeBufferPointer { pyr in py.im.withUnsafeBufferPointer { pyi in
                pz.re.withUnsafeBufferPointer { pzr in pz.im.withUnsafeBufferPointer { pzi in
                xyRe.withUnsafeMutableBufferPointer { xr in xyIm.withUnsafeMutableBufferPointer { xi in
                // Base addresses for the SIMD loads; the buffers are non-empty (atomCount ≥ 1).
                guard let pzrBase = pzr.baseAddress, let pziBase = pzi.baseAddress,
                      let xrBase = xr.baseAddress, let xiBase = xi.baseAddress else { return }
                var c = chunk
                while c < columns.count {
                    let (h, k) = columns[c]
                    c += chunkCount
                    let hd = Double(h), kd = Double(k)
                    // g² = rm00 h² + rm11 k² + rm22 l² + 2 rm01 hk + 2 rm02 hl + 2 rm12 kl: quadratic in l.
                    let qa = rm[8]
                    let qb = 2 * (rm[2] * hd + rm[5] * kd)
                    let qc = rm[0] * hd * hd + rm[4] * kd * kd + 2 * rm[1] * hd * kd
                    let disc = qb * qb - 4 * qa * (qc - gMax2)
                    if disc < 0 { continue }
                    let root = disc.squareRoot()
                    var lLow = Int(((-qb - root) / (2 * qa)).rounded(.up)), lHigh = Int(((-qb + root) / (2 * qa)).rounded(.down))
                    lLow = max(lLow, -lMax); lHigh = min(lHigh, lMax)
                    if h == 0 && k == 0 { lLow = max(lLow, 1) }
                    if lLow > lHigh { continue }
                    let xo = (h + hMax) * atomCount, yo = (k + kMax) * atomCount
                    for a in 0..<atomCount {
                        let ar = pxr[xo + a], ai = pxi[xo + a], br = pyr[yo + a], bi = pyi[yo + a]
                        xr[a] = ar * br - ai * bi
                        xi[a] = ar * bi + ai * br
                    }
                    for l in lLow...lHigh {
                        let ld = Double(l)
                        let g2 = qc + qb * ld + qa * ld * ld
                        if g2 < gMin2 || g2 > gMax2 || g2 <= 0 { continue }
                        // Equivalent reflections hR (R in the Laue group, Friedel mates included) have equal
                        // |F|: compute it for the lexicographically largest member only, weighted by the
                        // orbit size. Without symmetry the orbit is {h, −h}: weight 2.
                        var weight = 2.0
                        if laue.count > 2 {
                            var stabiliser = 0
                            var largest = true
                            for r in laue {
                                let h2 = h * r[0] + k * r[3] + l * r[6], k2 = h * r[1] + k * r[4] + l * r[7], l2 = h * r[2] + k * r[5] + l * r[8]
                                if h2 == h && k2 == k && l2 == l { stabiliser += 1 }
                                else if (h2, k2, l2) > (h, k, l) { largest = false; break }
                            }
                            if !largest { continue }
                            weight = Double(laue.count / max(stabiliser, 1))
                        }
                        let zo = (l + lMax) * atomCount
                        for gi in 0..<groupCount {
                            // Four atoms per step in SIMD lanes; the tail one by one.
                            let range = groupRanges[gi]
                            var a = range.lowerBound
                            var vr = SIMD4<Double>(), vi = SIMD4<Double>()
                            while a + 4 <= range.upperBound {
                                let r = UnsafeRawPointer(pzrBase + zo + a).loadUnaligned(as: SIMD4<Double>.self)
                                let i = UnsafeRawPointer(pziBase + zo + a).loadUnaligned(as: SIMD4<Double>.self)
                                let p = UnsafeRawPointer(xrBase + a).loadUnaligned(as: SIMD4<Double>.self)
                                let q = UnsafeRawPointer(xiBase + a).loadUnaligned(as: SIMD4<Double>.self)
                                vr += p * r - q * i
                                vi += p * i + q * r
                                a += 4
                            }
                            var sr = vr.sum(), si = vi.sum()
                            while a < range.upperBound {
                                let r = pzr[zo + a], i = pzi[zo + a]
                                sr += xr[a] * r - xi[a] * i
                                si += xr[a] * i + xi[a] * r
                                a += 1
                            }
                            groupRe[gi] = sr; groupIm[gi] = si
                        }
                        let s2 = g2 / 4
                        var fr = 0.0, fi = 0.0
                        for gi in 0..<groupCount {
                            var sum = 0.0
                            for (a, b) in groupCoefficients[gi] { sum += a * exp(-b * s2) }
                            var f = groupZ[gi] - 41.78214 * s2 * sum
                            if groupB[gi] != 0 { f *= exp(-groupB[gi] * s2) }
                            fr += f * groupRe[gi]; fi += f * groupIm[gi]
                        }
                        let sinTheta = lambda * g2.squareRoot() / 2
                        if sinTheta >= 1 { continue }
                        let cosTheta = (1 - sinTheta * sinTheta).squareRoot()
                        let cos2Theta = 1 - 2 * sinTheta * sinTheta
                        let lp = (1 + cos2Theta * cos2Theta) / (sinTheta * sinTheta * cosTheta)
                        local.append(Reflection(gSquared: g2, intensity: weight * (fr * fr + fi * fi) * lp, h: Int32(h), k: Int32(k), l: Int32(l)))
                    }
                }
                } } } } } } } }
                out[chunk] = local
            }
            if chunkCount > 1 {
                DispatchQueue.concurrentPerform(iterations: chunkCount, execute: work)
            } else {
                work(0)
            }
        }
        var reflections = results.flatMap { $0 }
        reflections.sort { $0.gSquared < $1.gSquared }

        var peaks: [DiffractionPeak] = []
        var currentBin = Int.min
        for r in reflections {
            let twoTheta = 2 * asin(lambda * r.gSquared.squareRoot() / 2) * 180 / .pi
            // The Friedel mate's indices may be the larger one; keep the lexicographically largest of both.
            var hkl = SIMD3<Int32>(r.h, r.k, r.l)
            if (-r.h, -r.k, -r.l) > (r.h, r.k, r.l) { hkl = SIMD3(-r.h, -r.k, -r.l) }
            // Same binning as pymatgen: reflections whose round(2θ / tol) agree are one peak, placed
            // at the 2θ of the first (smallest |g|) of them.
            let bin = Int((twoTheta / twoThetaToleranceDegrees).rounded())
            if bin == currentBin, !peaks.isEmpty {
                peaks[peaks.count - 1].intensity += r.intensity
                let old = peaks[peaks.count - 1].hkl
                if (hkl.x, hkl.y, hkl.z) > (old.x, old.y, old.z) { peaks[peaks.count - 1].hkl = hkl }
            } else {
                currentBin = bin
                peaks.append(DiffractionPeak(twoThetaDegrees: twoTheta, intensity: r.intensity, hkl: hkl,
                                             dSpacingAngstrom: 1 / r.gSquared.squareRoot()))
            }
        }
        return peaks
    }
}

import Foundation
import Testing
@testable import XRDModality

/// Reads a committed pymatgen reference (`two_theta,intensity`, comment lines start with #).
func pymatgenReference(_ name: String) throws -> [(twoTheta: Double, intensity: Double)] {
    let text = try String(contentsOfFile: XRDTestFiles.fixture("Simulation-pymatgen-\(name).csv"), encoding: .utf8)
    return text.split(separator: "\n").dropFirst(2).compactMap { line in
        let f = line.split(separator: ",")
        guard f.count == 2, let x = Double(f[0]), let y = Double(f[1]) else { return nil }
        return (x, y)
    }
}

/// A simple-cubic crystal of one atom at the origin.
func simpleCubic(_ symbol: String = "Cu", a: Double = 4.0, bIso: Double? = nil) throws -> CrystalStructure {
    let element = try #require(ChemicalElement(symbol: symbol))
    return CrystalStructure(name: "sc", cell: UnitCell(aAngstrom: a, bAngstrom: a, cAngstrom: a, alphaDegrees: 90, betaDegrees: 90, gammaDegrees: 90),
                            sites: [AtomSite(label: symbol + "1", element: element, fractional: .zero, bIsoSquareAngstrom: bIso)])
}

@Suite("Powder-pattern simulator")
struct SimulationTests {
    /// Every pymatgen peak ≥ 0.5 is found at the same 2θ with the same intensity. The issue asks for
    /// 0.01° and 2 units; the simulator follows pymatgen's formulae, so the tolerances here are the
    /// fixtures' printed precision.
    @Test(arguments: ["NaCl-name-only", "disordered-oxide"])
    func matchesPymatgenOnFixtureCIFs(_ name: String) throws {
        let peaks = try PowderPatternSimulator().peaks(for: CIFReader().read(path: XRDTestFiles.fixture("CIF-\(name).cif")))
        try expectMatches(peaks, pymatgenReference(name))
    }

    @Test(arguments: ["MOF-2", "ZIF-8"])
    func matchesPymatgenOnPaperMOFs(_ label: String) throws {
        let peaks = try PowderPatternSimulator().peaks(for: CIFReader().read(path: XRDTestFiles.paperMOF(label)))
        try expectMatches(peaks, pymatgenReference(label))
    }

    func expectMatches(_ peaks: [DiffractionPeak], _ reference: [(twoTheta: Double, intensity: Double)],
                       sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(!reference.isEmpty, sourceLocation: sourceLocation)
        for ref in reference {
            let nearest = try #require(peaks.min { abs($0.twoThetaDegrees - ref.twoTheta) < abs($1.twoThetaDegrees - ref.twoTheta) })
            #expect(abs(nearest.twoThetaDegrees - ref.twoTheta) < 1e-6, "peak at \(ref.twoTheta)", sourceLocation: sourceLocation)
            #expect(abs(nearest.intensity - ref.intensity) < 1e-4, "peak at \(ref.twoTheta): \(nearest.intensity) vs \(ref.intensity)", sourceLocation: sourceLocation)
        }
        // And nothing strong that pymatgen does not have.
        for p in peaks where p.intensity >= 0.5 {
            #expect(reference.contains { abs($0.twoTheta - p.twoThetaDegrees) < 1e-6 }, "extra peak \(p)", sourceLocation: sourceLocation)
        }
    }

    @Test func braggPositionsOfASimpleCubicCell() throws {
        // 2θ = 2 asin(λ / 2d), d(100) = 4 Å, d(110) = 4/√2 Å, λ = 1.54184 Å (computed with Python's math).
        let peaks = try PowderPatternSimulator().peaks(for: simpleCubic())
        #expect(abs(peaks[0].twoThetaDegrees - 22.224293849287534) < 1e-9)
        #expect(peaks[0].hkl == SIMD3(1, 0, 0))
        #expect(abs(peaks[1].twoThetaDegrees - 31.63348179148117) < 1e-9)
        #expect(peaks[1].hkl == SIMD3(1, 1, 0))
        #expect(abs(peaks[0].dSpacingAngstrom - 4) < 1e-12)
    }

    @Test func symmetryReductionGivesTheSameIntensitiesAsTheFullSum() throws {
        // Same expanded atoms; once with the Fm-3m rotations, once as if P1 (every reflection summed).
        let withSymmetry = try CIFReader().read(path: XRDTestFiles.fixture("CIF-NaCl-name-only.cif"))
        var p1 = withSymmetry
        p1.symmetryRotations = [[1, 0, 0, 0, 1, 0, 0, 0, 1]]
        let a = try PowderPatternSimulator().peaks(for: withSymmetry), b = try PowderPatternSimulator().peaks(for: p1)
        #expect(a.count == b.count)
        for (x, y) in zip(a, b) {
            #expect(abs(x.twoThetaDegrees - y.twoThetaDegrees) < 1e-12)
            #expect(abs(x.intensity - y.intensity) < 1e-9)
        }
    }

    @Test func debyeWallerFactorsDampHighAnglePeaksByExpMinus2Bs2() throws {
        // One element, one B: I_B(h) / I(h) = exp(−2 B s²), s = 1/(2d); after scaling to the strongest
        // peak (100, at s₀) the ratio is exp(−2B (s² − s₀²)).
        let b = 1.5
        var simulator = PowderPatternSimulator(radiation: Radiation("CuKa")!, twoThetaRangeDegrees: 5...80)
        let plain = try simulator.peaks(for: simpleCubic(bIso: b))
        simulator.debyeWaller = true
        let damped = try simulator.peaks(for: simpleCubic(bIso: b))
        let strongest = try #require(plain.max { $0.intensity < $1.intensity })
        let s0 = 1 / (2 * strongest.dSpacingAngstrom)
        #expect(plain.count == damped.count)
        for (p, q) in zip(plain, damped) {
            let s = 1 / (2 * p.dSpacingAngstrom)
            #expect(abs(q.intensity - p.intensity * exp(-2 * b * (s * s - s0 * s0))) < 1e-9 * max(1, p.intensity))
        }
    }

    @Test func kAlphaDoubletAddsAHalfStrengthLineAtKAlpha2() throws {
        var simulator = PowderPatternSimulator()
        simulator.kAlphaDoublet = true
        let peaks = try simulator.peaks(for: simpleCubic())
        // d = 4 Å: 2θ(Kα1 1.54056 Å) and 2θ(Kα2 1.54439 Å), by hand with Python's math.
        #expect(abs(peaks[0].twoThetaDegrees - 22.20560919011823) < 1e-9)
        #expect(abs(peaks[1].twoThetaDegrees - 22.26151897784016) < 1e-9)
        // Kα2 is half of Kα1 apart from the slightly different Lorentz–polarisation factor (< 1 %).
        #expect(abs(peaks[1].intensity / peaks[0].intensity - 0.5) < 0.005)
    }

    @Test func radiationNamesAndNumbers() throws {
        #expect(Radiation("CuKa")?.wavelengthAngstrom == 1.54184)
        #expect(Radiation("cuka1")?.wavelengthAngstrom == 1.54056)
        #expect(Radiation("MoKa")?.wavelengthAngstrom == 0.71073)
        #expect(Radiation("CoKa")?.wavelengthAngstrom == 1.79026)
        #expect(Radiation("FeKa")?.wavelengthAngstrom == 1.93735)
        #expect(Radiation("CrKa")?.wavelengthAngstrom == 2.29100)
        #expect(Radiation("AgKa")?.wavelengthAngstrom == 0.560885)
        #expect(Radiation("1.5406")?.wavelengthAngstrom == 1.5406)
        let cu = try #require(Radiation("CuKa")?.doubletAngstrom)
        #expect(cu.kAlpha1 == 1.54056 && cu.kAlpha2 == 1.54439)
        #expect(Radiation("CuKa1")?.doubletAngstrom == nil)
        #expect(Radiation("XyKa") == nil)
        #expect(Radiation("-1") == nil)
    }

    @Test func hugeReciprocalSpaceIsRefusedNotComputed() throws {
        var simulator = PowderPatternSimulator(radiation: Radiation("AgKa")!, twoThetaRangeDegrees: 5...170)
        simulator.maximumReflections = 1000
        #expect(throws: CIFError.self) { try simulator.peaks(for: simpleCubic(a: 40)) }
    }
}

@Suite("Peak profiles")
struct PeakProfileTests {
    let stick = [DiffractionPeak(twoThetaDegrees: 30, intensity: 100, hkl: SIMD3(1, 0, 0), dSpacingAngstrom: 3)]
    let grid = PeakProfile.grid(startDegrees: 29, stopDegrees: 31, stepDegrees: 0.01)

    @Test func gridHasTheExpectedPoints() {
        // (31 − 29) / 0.01 + 1 = 201 points; 5–50° at 0.02° is the 2,251-point XRD grid.
        #expect(grid.count == 201)
        #expect(PeakProfile.grid(startDegrees: 5, stopDegrees: 50, stepDegrees: 0.02).count == 2251)
    }

    @Test(arguments: PeakProfile.Shape.allCases)
    func everyShapeIsHalfHeightAtHalfTheFWHM(_ shape: PeakProfile.Shape) {
        let y = PeakProfile(shape: shape, width: .fixed(0.1)).profile(of: stick, at: grid)
        // Index 100 is 30°, 95 and 105 are ±0.05° = ±FWHM/2.
        #expect(abs(y[100] - 100) < 1e-9)
        #expect(abs(y[95] - 50) < 1e-6)
        #expect(abs(y[105] - 50) < 1e-6)
    }

    @Test func lorentzianHasHeavierTailsThanGaussian() {
        let g = PeakProfile(shape: .gaussian, width: .fixed(0.1)).profile(of: stick, at: grid)
        let l = PeakProfile(shape: .lorentzian, width: .fixed(0.1)).profile(of: stick, at: grid)
        // At 2 FWHM: Gaussian 100·2^(−16) = 0.0015; Lorentzian 100/(1 + 16) = 5.88.
        #expect(abs(g[120] - 100 * pow(2, -16)) < 1e-9)
        #expect(abs(l[120] - 100 / 17) < 1e-9)
    }

    @Test func cagliotiWidth() {
        // FWHM² = U tan²θ + V tanθ + W; at 2θ = 90°, tanθ = 1: √(0.004 − 0.002 + 0.007) = 0.09487.
        let width = PeakProfile.Width.caglioti(u: 0.004, v: -0.002, w: 0.007)
        #expect(abs(width.fwhm(atTwoThetaDegrees: 90) - 0.009.squareRoot()) < 1e-12)
        // At 2θ → 0, tanθ → 0: √W.
        #expect(abs(width.fwhm(atTwoThetaDegrees: 0) - 0.007.squareRoot()) < 1e-12)
    }

    @Test func peaksKeepTheirAreasNotTheirHeights() {
        // Two equal sticks, one twice as wide (Caglioti with U only): the wide one is half as high.
        let sticks = [DiffractionPeak(twoThetaDegrees: 20, intensity: 50, hkl: .zero, dSpacingAngstrom: 1),
                      DiffractionPeak(twoThetaDegrees: 40, intensity: 50, hkl: .zero, dSpacingAngstrom: 1)]
        let t20 = tan(10 * Double.pi / 180), t40 = tan(20 * Double.pi / 180)
        let profile = PeakProfile(shape: .gaussian, width: .caglioti(u: 0.01, v: 0, w: 0))
        let x = PeakProfile.grid(startDegrees: 10, stopDegrees: 50, stepDegrees: 0.001)
        let y = profile.profile(of: sticks, at: x)
        let h20 = y[10_000], h40 = y[30_000]
        #expect(abs(h40 / h20 - t20 / t40) < 1e-3)
    }
}

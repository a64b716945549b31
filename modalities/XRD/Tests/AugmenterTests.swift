import Foundation
import SpectraCore
import Testing
@testable import XRDModality

/// Test patterns and measurements written independently of the augmenters.
enum AugmenterFixtures {
    /// A 2θ grid from `start` to `stop` (degrees) with `step`.
    static func grid(_ start: Double, _ stop: Double, _ step: Double) -> [Double] {
        (0...Int(((stop - start) / step).rounded())).map { start + Double($0) * step }
    }

    /// Gaussian peaks (centre °, FWHM °, height) on a grid.
    static func pattern(_ x: [Double], peaks: [(Double, Double, Double)]) -> Spectrum {
        let y = x.map { t in
            peaks.reduce(0.0) { sum, p in
                let sigma = p.1 / (2 * (2 * log(2.0)).squareRoot())
                return sum + p.2 * exp(-(t - p.0) * (t - p.0) / (2 * sigma * sigma))
            }
        }
        return Spectrum(x: x, y: y, xUnit: .twoThetaDegrees, yUnit: .normalized)
    }

    /// A 5–50° pattern with a few peaks, like a simulated MOF pattern after preprocessing.
    static var mofLike: Spectrum {
        pattern(grid(5, 50, 0.02), peaks: [(7.3, 0.12, 1.0), (10.4, 0.12, 0.4), (12.7, 0.13, 0.7), (18.0, 0.14, 0.3),
                                           (24.5, 0.15, 0.2), (31.0, 0.17, 0.15), (44.0, 0.2, 0.1)])
    }

    /// FWHM of the single peak in `s` (degrees), from the half-maximum crossings by linear interpolation.
    static func fwhm(_ s: Spectrum) -> Double {
        let top = s.y.indices.max { s.y[$0] < s.y[$1] }!
        let half = s.y[top] / 2
        var left = top, right = top
        while left > 0 && s.y[left] > half { left -= 1 }
        while right < s.count - 1 && s.y[right] > half { right += 1 }
        let xl = s.x[left] + (half - s.y[left]) / (s.y[left + 1] - s.y[left]) * (s.x[left + 1] - s.x[left])
        let xr = s.x[right - 1] + (half - s.y[right - 1]) / (s.y[right] - s.y[right - 1]) * (s.x[right] - s.x[right - 1])
        return xr - xl
    }

    /// Centre of the single peak: vertex of the parabola through the logarithms of the three
    /// highest points (exact for a Gaussian on any grid).
    static func centre(_ s: Spectrum) -> Double {
        let m = s.y.indices.max { s.y[$0] < s.y[$1] }!
        let (a, b, c) = (log(s.y[m - 1]), log(s.y[m]), log(s.y[m + 1]))
        let h = s.x[m + 1] - s.x[m]
        return s.x[m] + h * (a - c) / (2 * (a - 2 * b + c))
    }
}

@Suite struct AugmenterTests {
    static func allSteps() throws -> [any Augmenter] {
        [try CrystalliteSizeBroadening(), try LatticeStrain(), try SampleDisplacement(), try PreferredOrientation(),
         try RandomBackground(parameters: [:]), try CountingNoise(), try KAlpha2Doublet()]
    }

    @Test func sameSeedSameOutputOtherSeedOtherOutput() throws {
        let input = AugmenterFixtures.mofLike
        for step in try Self.allSteps() {
            var a = SeededGenerator(seed: 42), b = SeededGenerator(seed: 42), c = SeededGenerator(seed: 43)
            let first = try step.augment(input, using: &a)
            let second = try step.augment(input, using: &b)
            let other = try step.augment(input, using: &c)
            let name = type(of: step).stepName
            #expect(first == second, "\(name)")
            #expect(first.y != other.y, "\(name)")
            #expect(first.y != input.y, "\(name)")
            #expect(first.x == input.x, "\(name)")
            #expect(first.y.allSatisfy { $0.isFinite }, "\(name)")
        }
    }

    @Test func parametersRoundTripAndProbabilityZeroIsIdentity() throws {
        let input = AugmenterFixtures.mofLike
        for step in try Self.allSteps() {
            let type = type(of: step)
            let rebuilt = try type.init(parameters: step.parameters)
            #expect(rebuilt.parameters == step.parameters, "\(type.stepName)")
            var p = step.parameters
            p["probability"] = .number(0)
            var rng = SeededGenerator(seed: 1)
            #expect(try type.init(parameters: p).apply(to: input, using: &rng) == input, "\(type.stepName)")
        }
    }

    /// β = K·λ/(L·cos θ) = 0.9 · 1.54184 Å / (200 Å · cos 15°) = 0.0071830 rad = 0.411558° (by hand,
    /// checked with Python's math module); Gaussian widths add in quadrature:
    /// √(0.2² + 0.411558²) = 0.457580°.
    @Test func scherrerBroadeningOfAGaussianAddsWidthsInQuadrature() throws {
        let input = AugmenterFixtures.pattern(AugmenterFixtures.grid(20, 40, 0.005), peaks: [(30, 0.2, 1)])
        #expect(abs(AugmenterFixtures.fwhm(input) - 0.2) < 1e-4)
        let step = try CrystalliteSizeBroadening(sizeNm: 20...20, lorentzianFraction: 0...0)
        var rng = SeededGenerator(seed: 5)
        let output = try step.augment(input, using: &rng)
        #expect(abs(AugmenterFixtures.fwhm(output) - 0.457580) < 0.002)
        #expect(abs(AugmenterFixtures.centre(output) - 30) < 0.002)
        // Convolution with a normalised kernel keeps the integrated intensity.
        let areaIn: Double = input.y.reduce(0, +), areaOut: Double = output.y.reduce(0, +)
        #expect(abs(areaOut - areaIn) < 1e-9 * areaIn)
        // At 60° the same crystallites broaden more: cos 15° / cos 30° times β.
        let high = AugmenterFixtures.pattern(AugmenterFixtures.grid(50, 70, 0.005), peaks: [(60, 0.2, 1)])
        let broadenedHigh = try step.augment(high, using: &rng)
        let betaHigh = 0.411558 * cos(15 * Double.pi / 180) / cos(30 * Double.pi / 180)
        #expect(abs(AugmenterFixtures.fwhm(broadenedHigh) - (0.04 + betaHigh * betaHigh).squareRoot()) < 0.002)
    }

    /// Bragg's law by hand: with the cell 1 % larger, sin θ' = sin 15° / 1.01 → 2θ' = 29.696101°;
    /// 0.5 % smaller, sin θ' = sin 20° / 0.995 → 2θ' = 40.209657°.
    @Test func strainMovesPeaksByBraggsLaw() throws {
        let x = AugmenterFixtures.grid(20, 50, 0.005)
        for (centre, strain, expected) in [(30.0, 0.01, 29.696101), (40.0, -0.005, 40.209657)] {
            let input = AugmenterFixtures.pattern(x, peaks: [(centre, 0.1, 1)])
            var rng = SeededGenerator(seed: 9)
            let output = try LatticeStrain(strain: strain...strain).augment(input, using: &rng)
            #expect(abs(AugmenterFixtures.centre(output) - expected) < 0.001, "\(centre)")
            #expect(abs(LatticeStrain.strainedTwoTheta(centre, strain: strain)! - expected) < 1e-6)
        }
    }

    /// Cu Kα2 of a line at 45° 2θ by hand (Python math): 2·asin(sin 22.5° · 1.544390/1.540562) = 45.117967°;
    /// of a line at 10°: 10.024912°. A narrow line (FWHM 0.03°, 0.006° at 10°) keeps its own height
    /// and gains a half-height twin there.
    @Test func kAlpha2AddsAHalfHeightTwinAtTheBraggAngle() throws {
        // A fine grid (12+ points per FWHM), so linear interpolation of the shifted line keeps its height.
        let x = AugmenterFixtures.grid(5, 50, 0.0005)
        let step = try KAlpha2Doublet(ratio: 0.5...0.5)
        for (centre, expected) in [(45.0, 45.117967), (10.0, 10.024912)] {
            let input = AugmenterFixtures.pattern(x, peaks: [(centre, centre > 20 ? 0.03 : 0.006, 1)])
            var rng = SeededGenerator(seed: 3)
            let output = try step.augment(input, using: &rng)
            // The twin: the highest point beyond halfway to the expected position (the line's own tail
            // there is below 1e-4 of its height: 4.6 σ at 45°, 4.9 σ at 10°).
            let twin = output.y.indices.filter { x[$0] > (centre + expected) / 2 && x[$0] < centre + 0.5 }.max { output.y[$0] < output.y[$1] }!
            #expect(abs(x[twin] - expected) <= 0.001, "\(centre)")
            #expect(abs(output.y[twin] - 0.5) < 0.02, "\(centre)")
            let line = output.y.indices.min { abs(x[$0] - centre) < abs(x[$1] - centre) }!
            #expect(abs(output.y[line] - 1) < 0.01, "\(centre)")
        }
    }

    /// Δ2θ = −2 s cos θ / R in radians, by hand: s = 0.2 mm, R = 240 mm at 20° → −0.094042° (19.905958°);
    /// at 40° with a +0.05° zero offset → 39.960266°; s = −0.3 mm at 10° → 10.142694°.
    @Test func sampleDisplacementShiftsByTheFormula() throws {
        let x = AugmenterFixtures.grid(5, 50, 0.005)
        let cases: [(Double, Double, Double, Double)] = [(20, 0.2, 0, 19.905958), (40, 0.2, 0.05, 39.960266), (10, -0.3, 0, 10.142694)]
        for (centre, s, zero, expected) in cases {
            let input = AugmenterFixtures.pattern(x, peaks: [(centre, 0.1, 1)])
            let step = try SampleDisplacement(displacementMm: s...s, radiusMm: 240, zeroOffsetDegrees: zero...zero)
            var rng = SeededGenerator(seed: 2)
            let output = try step.augment(input, using: &rng)
            #expect(abs(AugmenterFixtures.centre(output) - expected) < 0.001, "\(centre)")
        }
    }

    /// Var = y · max / peakCounts. With the maximum fixed at 10000 counts: levels 0.25 and 1.0 give
    /// variances 2.5e-5 and 1e-4. With 6000 points per level the sample variance has a relative
    /// standard error √(2/5999) = 1.8 %; the bound is 10 % (more than 5 standard errors).
    @Test func countingNoiseVarianceIsProportionalToIntensity() throws {
        let n = 6000
        let x = AugmenterFixtures.grid(5, 5 + Double(3 * n - 1) * 0.01, 0.01)
        // Three levels: 0.25, 1.0 and (Poisson inversion branch) 0.002 → 20 counts.
        let y = (0..<(3 * n)).map { $0 < n ? 0.25 : ($0 < 2 * n ? 1.0 : 0.002) }
        let input = Spectrum(x: x, y: y, xUnit: .twoThetaDegrees, yUnit: .normalized)
        var rng = SeededGenerator(seed: 77)
        let output = try CountingNoise(peakCounts: 10_000...10_000).augment(input, using: &rng)
        for (k, level) in [0.25, 1.0, 0.002].enumerated() {
            let values = Array(output.y[(k * n)..<((k + 1) * n)])
            let mean = values.reduce(0, +) / Double(n)
            let variance = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(n - 1)
            let expected = level / 10_000
            #expect(abs(variance / expected - 1) < 0.1, "level \(level): variance \(variance), expected \(expected)")
            #expect(abs(mean - level) < 5 * (expected / Double(n)).squareRoot(), "level \(level)")
        }
        // The low level is drawn as whole counts: every value is a multiple of 1/10000.
        #expect(output.y[(2 * n)...].allSatisfy { abs($0 * 10_000 - ($0 * 10_000).rounded()) < 1e-6 })
    }

    @Test func backgroundAddsTheRequestedHumpAndDecay() throws {
        let input = AugmenterFixtures.mofLike  // maximum 1.0 at 7.3°
        let maximum = try #require(input.y.max())
        let parameters: StepParameters = [
            "minPolynomial": .number(0), "maxPolynomial": .number(0),
            "minDecay": .number(0.3), "maxDecay": .number(0.3), "minDecayDegrees": .number(5), "maxDecayDegrees": .number(5),
            "minHump": .number(0.2), "maxHump": .number(0.2), "minHumpCenterDegrees": .number(20), "maxHumpCenterDegrees": .number(20),
            "minHumpWidthDegrees": .number(10), "maxHumpWidthDegrees": .number(10),
        ]
        var rng = SeededGenerator(seed: 3)
        let output = try RandomBackground(parameters: parameters).augment(input, using: &rng)
        let sigma = 10 / 2.354820045  // FWHM / (2√(2 ln 2))
        for i in stride(from: 0, to: input.count, by: 50) {
            let t = input.x[i]
            let expected = maximum * (0.3 * exp(-(t - 5) / 5) + 0.2 * exp(-(t - 20) * (t - 20) / (2 * sigma * sigma)))
            #expect(abs((output.y[i] - input.y[i]) - expected) < 1e-6)
        }
    }

    /// ∫₀¹ P(r, c) dc = 1 for every r (the March–Dollase normalisation), by the trapezoid rule here.
    @Test func marchDollaseFactorsAreNormalisedAndBounded() throws {
        for r in [0.5, 0.8, 1.0, 1.5, 3.0] {
            let n = 200_000
            var integral = 0.0
            for k in 0...n {
                let weight = (k == 0 || k == n) ? 0.5 : 1.0
                integral += weight * PreferredOrientation.marchDollase(ratio: r, cosAlpha: Double(k) / Double(n))
            }
            #expect(abs(integral / Double(n) - 1) < 1e-4, "r = \(r)")
        }
        // r = 1 is a random powder: nothing changes.
        let input = AugmenterFixtures.mofLike
        var rng = SeededGenerator(seed: 4)
        let unchanged = try PreferredOrientation(ratio: 1...1).augment(input, using: &rng)
        #expect(zip(unchanged.y, input.y).allSatisfy { abs($0 - $1) < 1e-12 })
        // r = 0.5: every factor lies between P(90°) = r^1.5 = 0.353553 and P(0°) = r^-3 = 8.
        let flat = Spectrum(x: AugmenterFixtures.grid(5, 50, 0.02), y: Array(repeating: 1, count: 2251), xUnit: .twoThetaDegrees)
        var seen: [Double] = []
        for seed in 0..<20 {
            var r = SeededGenerator(seed: UInt64(seed))
            seen += try PreferredOrientation(ratio: 0.5...0.5).augment(flat, using: &r).y
        }
        #expect(seen.allSatisfy { $0 >= 0.353553 - 1e-6 && $0 <= 8 + 1e-6 })
        #expect((seen.max() ?? 0) > 2 && (seen.min() ?? 1) < 0.5)
    }

    @Test func badInputsAndParametersAreRefused() throws {
        let uneven = Spectrum(x: [5, 5.02, 5.05, 5.06], y: [0, 1, 0, 1], xUnit: .twoThetaDegrees)
        let descending = Spectrum(x: [50, 49, 48], y: [0, 1, 0], xUnit: .twoThetaDegrees)
        let wrongUnit = Spectrum(x: [400, 401, 402], y: [0, 1, 0], xUnit: .wavenumberPerCm)
        let nan = Spectrum(x: [5, 6, 7], y: [0, .nan, 0], xUnit: .twoThetaDegrees)
        let empty = Spectrum(x: [], y: [], xUnit: .twoThetaDegrees)
        for step in try Self.allSteps() {
            for bad in [uneven, descending, wrongUnit, nan, empty] where !(step is CountingNoise) || bad == nan {
                var rng = SeededGenerator(seed: 0)
                #expect(throws: ProcessingError.self, "\(type(of: step).stepName)") { try step.augment(bad, using: &rng) }
            }
        }
        let badParameters: [(any ProcessingStep.Type, StepParameters)] = [
            (CrystalliteSizeBroadening.self, ["minSizeNm": .number(0)]),
            (CrystalliteSizeBroadening.self, ["minSizeNm": .number(300), "maxSizeNm": .number(100)]),
            (CrystalliteSizeBroadening.self, ["wavelengthAngstrom": .number(-1)]),
            (LatticeStrain.self, ["maxStrain": .number(0.5)]),
            (LatticeStrain.self, ["strain": .number(0.01)]),
            (SampleDisplacement.self, ["radiusMm": .number(0)]),
            (PreferredOrientation.self, ["knotSpacingDegrees": .number(0)]),
            (RandomBackground.self, ["order": .number(9)]),
            (CountingNoise.self, ["minPeakCounts": .number(0)]),
            (CountingNoise.self, ["probability": .number(1.5)]),
        ]
        for (type, parameters) in badParameters {
            #expect(throws: ProcessingError.self, "\(type.stepName) \(parameters)") { try type.init(parameters: parameters) }
        }
    }
}

@Suite struct AugmenterPipelineTests {
    /// The XRD steps named in modality.json's augment pipeline build from their JSON parameters
    /// (the generic steps are compiled by the registry once SpectraCore registers them).
    @Test func modalityAugmentPipelineBuildsTheXRDSteps() throws {
        let definition = try XRDSpectraModality().definition
        let own: [String: any ProcessingStep.Type] = Dictionary(uniqueKeysWithValues:
            try XRDSpectraModality().steps.map { ($0.stepName, $0) })
        let specs = definition.augment.steps.filter { $0.name.hasPrefix("xrd-") }
        #expect(specs.count == 7)
        var spectrum = AugmenterFixtures.mofLike
        var rng = SeededGenerator(seed: 8)
        for spec in specs {
            let type = try #require(own[spec.name], "\(spec.name)")
            spectrum = try type.init(parameters: spec.parameters).apply(to: spectrum, using: &rng)
        }
        #expect(spectrum.count == 2251)
        #expect(spectrum.y.allSatisfy { $0.isFinite && $0 >= 0 })
        // The measured pipeline smooths, removes the background, then grids and scales.
        #expect(definition.preprocess["measured"]?.steps.map(\.name) == ["savitzky-golay", "baseline-snip", "resample", "normalize-minmax"])
    }
}

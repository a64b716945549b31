import Foundation
import Testing
import SpectraCore
@testable import NMRModality

struct NMRModalityTests {
    func registry() throws -> ModalityRegistry {
        var registry = ModalityRegistry.core
        try registry.register(plugin: Plugin.self)
        return registry
    }

    @Test func pluginRegistersWithItsProtonGrid() throws {
        let axis = try registry().modality(named: "nmr").definition.axis
        // −1 to 13 ppm at 0.01 ppm: 1400 steps + 1 = 1401 points.
        #expect(axis.unit == .ppm)
        #expect(axis.count == 1401)
        #expect(axis.values.first == -1)
    }

    @Test func measuredPipelinePutsDescendingPpmOnTheGrid() throws {
        let registry = try registry()
        let pipeline = try registry.compile(try #require(registry.modality(named: "nmr").definition.preprocess["measured"]))
        // Processed NMR data runs from high to low ppm; a singlet at 7.26 ppm (CHCl₃) and one at 0 (TMS).
        let ppm = (0...3000).map { 14 - Double($0) * 0.005 }
        let y = ppm.map { 100 * exp(-0.5 * pow(($0 - 7.26) / 0.01, 2)) + 40 * exp(-0.5 * pow($0 / 0.01, 2)) }
        let out = try pipeline.apply(to: Spectrum(x: ppm, y: y, xUnit: .ppm))
        #expect(out.count == 1401)
        let top = try #require(out.y.indices.max { out.y[$0] < out.y[$1] })
        #expect(abs(out.x[top] - 7.26) < 0.006)
        // TMS: 40/100 of the largest peak at 0 ppm (grid point 100).
        #expect(abs(out.y[100] - 0.4) < 0.01)
    }

    @Test func measuredPipelineConvertsAHertzAxisWithTheFilesFrequency() throws {
        let registry = try registry()
        let pipeline = try registry.compile(try #require(registry.modality(named: "nmr").definition.preprocess["measured"]))
        // A 300 MHz spectrum in Hz with the CH₃ triplet centre of ethanol at 1.22 ppm = 366 Hz.
        let hz = (0...4000).map { -500 + Double($0) }
        let y = hz.map { exp(-0.5 * pow(($0 - 366) / 2, 2)) }
        let out = try pipeline.apply(to: Spectrum(x: hz, y: y, xUnit: .hertz, metadata: [".OBSERVE FREQUENCY": "300"]))
        #expect(out.count == 1401)
        #expect(out.xUnit == .ppm)
        let top = try #require(out.y.indices.max { out.y[$0] < out.y[$1] })
        #expect(abs(out.x[top] - 1.22) < 0.006)
    }

    @Test func augmentationIsReproducibleAndKeepsTheGrid() throws {
        let registry = try registry()
        let augment = try registry.compile(try registry.modality(named: "nmr").definition.augment)
        let s = Spectrum(x: (0..<1401).map { -1 + Double($0) * 0.01 }, y: (0..<1401).map { $0 == 700 ? 1 : 0 })
        var a = SeededGenerator(seed: 9), b = SeededGenerator(seed: 9)
        let first = try augment.apply(to: s, using: &a)
        #expect(try augment.apply(to: s, using: &b) == first)
        #expect(first.x == s.x)
    }
}

struct HertzToPPMTests {
    @Test func hertzAreDividedByTheObserveFrequencyInMegahertz() throws {
        // By hand at 300 MHz: 300 Hz → 1 ppm, 2178 Hz → 7.26 ppm, −300 Hz → −1 ppm; ascending order.
        let s = Spectrum(x: [2178, 300, -300], y: [3, 2, 1], xUnit: .hertz)
        let out = try HertzToPPM(frequencyMHz: 300).process(s)
        #expect(out.xUnit == .ppm)
        #expect(out.x.count == 3)
        #expect(zip(out.x, [-1, 1, 7.26]).allSatisfy { abs($0 - $1) < 1e-12 })
        #expect(out.y == [1, 2, 3])
    }

    @Test func autoReadsTheJCAMPObserveFrequency() throws {
        // ethanol_nmr.jdx (shared data) says ##.OBSERVE FREQUENCY=300.03180; 600.0636 Hz is 2 ppm.
        let s = Spectrum(x: [0, 600.0636], y: [0, 1], xUnit: .hertz, metadata: [".OBSERVE FREQUENCY": "300.03180"])
        let out = try HertzToPPM().process(s)
        #expect(abs(out.x[1] - 2) < 1e-12)
        let bruker = Spectrum(x: [400.13], y: [1], xUnit: .hertz, metadata: ["SFO1": "400.13"])
        #expect(try HertzToPPM().process(bruker).x == [1])
    }

    @Test func missingOrBadFrequencyIsAnErrorNamingTheStep() throws {
        let s = Spectrum(x: [1, 2], y: [1, 2], xUnit: .hertz)
        let error = #expect(throws: ProcessingError.self) { try HertzToPPM().process(s) }
        #expect(error?.reason.contains("hertz-to-ppm") == true)
        var bad = s
        bad.metadata[".OBSERVE FREQUENCY"] = "fast"
        #expect(throws: ProcessingError.self) { try HertzToPPM().process(bad) }
        #expect(throws: ProcessingError.self) { try HertzToPPM(parameters: ["frequencyMHz": .number(-5)]) }
        #expect(throws: ProcessingError.self) { try HertzToPPM(parameters: ["frequencyMHz": .bool(true)]) }
    }

    @Test func ppmSpectraPassUnchangedAndParametersRoundTrip() throws {
        let s = Spectrum(x: [7, 1], y: [1, 2], xUnit: .ppm)
        #expect(try HertzToPPM().process(s) == s)
        for step in [try HertzToPPM(), try HertzToPPM(frequencyMHz: 500)] {
            #expect(try HertzToPPM(parameters: step.parameters) == step)
        }
    }
}

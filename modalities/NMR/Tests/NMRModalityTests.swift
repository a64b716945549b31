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

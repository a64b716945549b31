import Foundation
import Testing
import SpectraCore
@testable import RamanModality

struct RamanModalityTests {
    func registry() throws -> ModalityRegistry {
        var registry = ModalityRegistry.core
        try registry.register(plugin: Plugin.self)
        return registry
    }

    @Test func pluginRegistersWithItsGrid() throws {
        let axis = try registry().modality(named: "raman").definition.axis
        // 100–3200 cm⁻¹ at 2 cm⁻¹: (3200 − 100) / 2 + 1 = 1551 points.
        #expect(axis.unit == .ramanShiftPerCm)
        #expect(axis.count == 1551)
    }

    @Test func measuredPipelineRemovesAFluorescenceBackground() throws {
        let registry = try registry()
        let pipeline = try registry.compile(try #require(registry.modality(named: "raman").definition.preprocess["measured"]))
        // A RRUFF-like file: 1 cm⁻¹ steps from 150 to 1400 cm⁻¹, descending as some exports are,
        // with a broad rising background and a narrow band at 1000 cm⁻¹ (σ = 4 cm⁻¹, height 500).
        let shift = (0...1250).map { 1400 - Double($0) }
        let counts = shift.map { 200 + 0.3 * $0 + 500 * exp(-0.5 * pow(($0 - 1000) / 4, 2)) }
        let out = try pipeline.apply(to: Spectrum(x: shift, y: counts, xUnit: .ramanShiftPerCm, yUnit: .counts))
        #expect(out.count == 1551)
        let top = try #require(out.y.indices.max { out.y[$0] < out.y[$1] })
        #expect(out.x[top] == 1000)
        #expect(abs(out.y[top] - 1) < 1e-9)
        // Background removed: away from the band the scaled signal stays near zero (< 5 % of the band).
        let far = out.x.indices.filter { (200...900).contains(out.x[$0]) || (1100...1350).contains(out.x[$0]) }
        #expect(far.allSatisfy { out.y[$0] < 0.05 })
        // Outside the measured range (100–150, 1400–3200 cm⁻¹) the grid holds the fill value before scaling.
        #expect(out.y[out.x.firstIndex(of: 2000) ?? 0] == out.y[0])
    }
}

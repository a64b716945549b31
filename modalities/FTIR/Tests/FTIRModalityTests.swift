import Foundation
import Testing
import SpectraCore
@testable import FTIRModality

struct FTIRModalityTests {
    @Test func pluginRegistersWithThePapersGrid() throws {
        var registry = ModalityRegistry.core
        try registry.register(plugin: Plugin.self)
        let axis = try registry.modality(named: "ftir").definition.axis
        // 700–3500 cm⁻¹ at 1 cm⁻¹ is 2801 points (seed paper, FTIR section).
        #expect(axis.unit == .wavenumberPerCm)
        #expect(axis.count == 2801)
    }

    @Test func measuredPipelineTurnsPercentTransmittanceInMicrometresIntoCanonicalAbsorbance() throws {
        var registry = ModalityRegistry.core
        try registry.register(plugin: Plugin.self)
        let modality = try registry.modality(named: "ftir")
        let pipeline = try registry.compile(try #require(modality.definition.preprocess["measured"]))
        // 2.5–15 µm (4000–667 cm⁻¹) at 100 % T except a 10 % T band centred on 5 µm = 2000 cm⁻¹.
        let lambda = (0...2500).map { 2.5 + Double($0) * 0.005 }
        let t = lambda.map { 100 - 90 * exp(-0.5 * pow((1e4 / $0 - 2000) / 5, 2)) }
        let raw = Spectrum(x: lambda, y: t, xUnit: .wavelengthMicrometers, yUnit: .transmittance)
        let out = try pipeline.apply(to: raw)
        #expect(out.count == 2801)
        #expect(out.x.first == 700 && out.x.last == 3500)
        #expect(out.xUnit == .wavenumberPerCm)
        #expect(out.yUnit == .normalized)
        // The band becomes the absorbance maximum (A = 1 → 1 after scaling) at 2000 cm⁻¹.
        let top = try #require(out.y.indices.max { out.y[$0] < out.y[$1] })
        #expect(abs(out.x[top] - 2000) <= 1)
        #expect(abs(out.y[top] - 1) < 1e-9)
        #expect((out.y.min() ?? 1) >= 0)
    }

    @Test func augmentationIsReproducibleForASeed() throws {
        var registry = ModalityRegistry.core
        try registry.register(plugin: Plugin.self)
        let augment = try registry.compile(try registry.modality(named: "ftir").definition.augment)
        let s = Spectrum(x: (0..<2801).map { 700 + Double($0) }, y: (0..<2801).map { 0.5 + 0.5 * sin(Double($0) / 40) })
        var a = SeededGenerator(seed: 5), b = SeededGenerator(seed: 5)
        #expect(try augment.apply(to: s, using: &a) == augment.apply(to: s, using: &b))
    }
}

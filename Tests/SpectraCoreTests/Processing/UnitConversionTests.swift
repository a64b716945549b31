import Foundation
import Testing
import SpectraCore

struct UnitConversionTests {
    @Test func percentTransmittanceBecomesAbsorbance() throws {
        // By hand: T = 100 % → A = 0; 10 % → 1; 1 % → 2; 50 % → log10(2) = 0.30103; 0 % clamps to 1e-5 → 5.
        let s = Spectrum(x: [1, 2, 3, 4, 5], y: [100, 10, 1, 50, 0], yUnit: .transmittance)
        let out = try TransmittanceToAbsorbance().process(s)
        #expect(out.yUnit == .absorbance)
        #expect(allClose(out.y, [0, 1, 2, 0.3010299956639812, 5], tolerance: 1e-12))
    }

    @Test func fractionTransmittanceFromParameterAndMetadata() throws {
        // All values ≤ 1.5 would be read as fractions anyway; metadata forces percent here.
        let s = Spectrum(x: [1, 2], y: [1, 0.1], yUnit: .transmittance)
        #expect(allClose(try TransmittanceToAbsorbance(scale: .fraction).process(s).y, [0, 1], tolerance: 1e-12))
        var percent = s
        percent.metadata["transmittanceScale"] = "percent"
        #expect(allClose(try TransmittanceToAbsorbance().process(percent).y, [2, 3], tolerance: 1e-12))
        #expect(allClose(try TransmittanceToAbsorbance(scale: .percent).process(s).y, [2, 3], tolerance: 1e-12))
    }

    @Test func absorbanceAndOtherUnitsPassUnchanged() throws {
        let a = Spectrum(x: [1, 2], y: [0.5, 2], yUnit: .absorbance)
        #expect(try TransmittanceToAbsorbance().process(a) == a)
        let c = Spectrum(x: [1, 2], y: [50, 200], yUnit: .counts)
        #expect(try TransmittanceToAbsorbance().process(c) == c)
    }

    @Test func micrometresBecomeAscendingWavenumbersWithYReordered() throws {
        // By hand: 2.5 µm → 4000 cm⁻¹, 5 µm → 2000, 10 µm → 1000, 20 µm → 500; ascending order reverses.
        let s = Spectrum(x: [2.5, 5, 10, 20], y: [1, 2, 3, 4], xUnit: .wavelengthMicrometers)
        let out = try WavelengthToWavenumber().process(s)
        #expect(out.xUnit == .wavenumberPerCm)
        #expect(allClose(out.x, [500, 1000, 2000, 4000], tolerance: 1e-9))
        #expect(out.y == [4, 3, 2, 1])
    }

    @Test func nanometresUseTenToTheSeven() throws {
        // 500 nm → 20000 cm⁻¹, 1000 nm → 10000 cm⁻¹.
        let s = Spectrum(x: [500, 1000], y: [7, 8], xUnit: .wavelengthNanometers)
        let out = try WavelengthToWavenumber().process(s)
        #expect(allClose(out.x, [10000, 20000], tolerance: 1e-9))
        #expect(out.y == [8, 7])
    }

    @Test func wavenumberSpectraPassUnchangedAndBadWavelengthsAreRefused() throws {
        let w = Spectrum(x: [3000, 1000], y: [1, 2], xUnit: .wavenumberPerCm)
        #expect(try WavelengthToWavenumber().process(w) == w)
        let bad = Spectrum(x: [0, 5], y: [1, 2], xUnit: .wavelengthMicrometers)
        #expect(processingErrorReason { _ = try WavelengthToWavenumber().process(bad) }?.contains("not positive") == true)
    }

    @Test func minMaxScalesToUnitRangeAndConstantBecomesZero() throws {
        // (y − 2) / (10 − 2) by hand.
        let out = try NormalizeMinMax().process(Spectrum(x: [0, 1, 2], y: [2, 10, 6]))
        #expect(out.y == [0, 1, 0.5])
        #expect(out.yUnit == .normalized)
        #expect(try NormalizeMinMax().process(Spectrum(x: [0, 1], y: [3, 3])).y == [0, 0])
    }

    @Test func vectorNormHasUnitLength() throws {
        // (3, 4) has norm 5.
        let out = try NormalizeVector().process(Spectrum(x: [0, 1], y: [3, 4]))
        #expect(allClose(out.y, [0.6, 0.8], tolerance: 1e-15))
        #expect(try NormalizeVector().process(Spectrum(x: [0, 1], y: [0, 0])).y == [0, 0])
    }

    @Test func cropKeepsInclusiveRange() throws {
        let out = try Crop(min: 2, max: 4).process(Spectrum(x: [1, 2, 3, 4, 5], y: [10, 20, 30, 40, 50]))
        #expect(out.x == [2, 3, 4])
        #expect(out.y == [20, 30, 40])
        #expect(processingErrorReason { _ = try Crop(min: 6, max: 7).process(Spectrum(x: [1, 2], y: [1, 2])) }?.contains("no points") == true)
        #expect(processingErrorReason { _ = try Crop(min: 3, max: 3) }?.contains("less than") == true)
    }
}

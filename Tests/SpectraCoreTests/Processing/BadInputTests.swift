import Testing
import SpectraCore

struct BadInputTests {
    /// One instance of each preprocessor with parameters small enough for short spectra.
    func preprocessors() throws -> [any Preprocessor] {
        [try Crop(min: 0, max: 10), try Resample(start: 0, stop: 2, step: 0.5), NormalizeMinMax(), NormalizeVector(),
         TransmittanceToAbsorbance(), WavelengthToWavenumber(), try SavitzkyGolay(window: 3, order: 1),
         try BaselineSNIP(width: 1), try BaselineALS()]
    }

    @Test func emptySpectraAreRefusedByEveryPreprocessor() throws {
        for step in try preprocessors() {
            let reason = processingErrorReason { _ = try step.process(Spectrum(x: [], y: [])) }
            #expect(reason?.contains(type(of: step).stepName) == true, "\(type(of: step).stepName)")
        }
    }

    @Test func nanAndInfinityAreRefusedByEveryPreprocessor() throws {
        for step in try preprocessors() {
            let nan = Spectrum(x: [0, 1, 2, 3], y: [1, .nan, 2, 3], yUnit: .transmittance)
            #expect(processingErrorReason { _ = try step.process(nan) }?.contains("finite") == true, "\(type(of: step).stepName)")
            let inf = Spectrum(x: [0, -.infinity, 2, 3], y: [1, 1, 2, 3], xUnit: .wavelengthMicrometers)
            #expect(processingErrorReason { _ = try step.process(inf) }?.contains("finite") == true, "\(type(of: step).stepName)")
        }
    }

    @Test func onePointSpectraAreRefusedWhereTheyCannotWork() throws {
        let one = Spectrum(x: [1], y: [5])
        // Steps that need neighbours refuse; point-wise ones accept a single point.
        let needNeighbours: [any Preprocessor] = [try Resample(start: 0, stop: 2, step: 0.5), try SavitzkyGolay(window: 3, order: 1),
                                                  try BaselineSNIP(width: 1), try BaselineALS()]
        for step in needNeighbours {
            #expect(processingErrorReason { _ = try step.process(one) }?.contains("at least") == true, "\(type(of: step).stepName)")
        }
        #expect(try NormalizeMinMax().process(one).y == [0])
        #expect(try NormalizeVector().process(one).y == [1])
    }
}

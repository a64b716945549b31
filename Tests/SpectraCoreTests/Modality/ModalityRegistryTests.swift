import Foundation
import Testing
import SpectraCore

struct ModalityRegistryTests {
    @Test func coreRegistryKnowsEveryBuiltinStepByName() {
        let names = Set(ModalityRegistry.core.steps.keys)
        let expected: Set = ["crop", "resample", "normalize-minmax", "normalize-vector", "transmittance-to-absorbance",
                             "wavelength-to-wavenumber", "savitzky-golay", "baseline-snip", "baseline-als",
                             "block-elimination", "block-scaling", "shift", "random-crop", "gaussian-noise"]
        #expect(expected.isSubset(of: names))
    }

    @Test func everyModalityDefinitionRegistersAgainstTheCoreSteps() throws {
        var registry = ModalityRegistry.core
        for (name, json) in try modalityDefinitionFiles() {
            let definition = try ModalityDefinition.decode(json: json, file: name)
            try registry.register(DeclarativeModality(definition: definition))
        }
        for id in ["xrd", "ftir", "raman", "nmr"] {
            #expect(throws: Never.self) { try registry.modality(named: id) }
        }
        // The paper's grids: XRD 5–50° at 0.02° → 2251 points; FTIR 700–3500 cm⁻¹ at 1 → 2801.
        #expect(try registry.modality(named: "xrd").definition.axis.count == 2251)
        #expect(try registry.modality(named: "ftir").definition.axis.count == 2801)
    }

    @Test func registeringTheSameIdTwiceFails() throws {
        let json = try #require(try modalityDefinitionFiles().first { $0.name == "FTIR" }).json
        var registry = ModalityRegistry.core
        try registry.register(DeclarativeModality(definition: ModalityDefinition.decode(json: json, file: "FTIR")))
        #expect(throws: ModalityError.self) {
            try registry.register(DeclarativeModality(definition: ModalityDefinition.decode(json: json, file: "FTIR")))
        }
    }

    @Test func aDefinitionWithAnUnknownStepIsRefusedNamingIt() throws {
        let json = """
        { "id": "bad", "name": "Bad", "axis": { "unit": "ppm", "start": 0, "stop": 10, "step": 0.1 },
          "intensity": "normalized",
          "preprocess": { "measured": { "steps": [ { "step": "resample", "start": 0, "stop": 10, "spacing": 0.1, "metod": "linear" } ] } },
          "augment": { "steps": [] } }
        """
        let definition = try ModalityDefinition.decode(json: json, file: "bad.json")
        var registry = ModalityRegistry.core
        let error = #expect(throws: ModalityError.self) { try registry.register(DeclarativeModality(definition: definition)) }
        #expect(error?.reason.contains("'metod'") == true)
        #expect(error?.reason.contains("resample") == true)
    }
}

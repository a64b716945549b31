import Foundation
import Testing
import SpectraCore

/// True when every pipeline of `definition` names only SpectraCore's steps.
func usesOnlyCoreSteps(_ definition: ModalityDefinition) -> Bool {
    let known = ModalityRegistry.core.steps
    let pipelines = Array(definition.preprocess.values) + [definition.augment]
    return pipelines.allSatisfy { $0.steps.allSatisfy { known[$0.name] != nil } }
}

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
            var definition = try ModalityDefinition.decode(json: json, file: name)
            // NMR brings its own step (hertz-to-ppm) and XRD its physics augmenters; their plugin tests
            // register them with those steps. Here: every pipeline that uses core steps only.
            if !usesOnlyCoreSteps(definition) {
                definition.augment = Pipeline()
                guard usesOnlyCoreSteps(definition) else { continue }
            }
            try registry.register(DeclarativeModality(definition: definition))
        }
        for id in ["xrd", "ftir", "raman"] {
            #expect(throws: Never.self) { try registry.modality(named: id) }
        }
        // The paper's grids: XRD 5–50° at 0.02° → 2251 points; FTIR 700–3500 cm⁻¹ at 1 → 2801.
        #expect(try registry.modality(named: "xrd").definition.axis.count == 2251)
        #expect(try registry.modality(named: "ftir").definition.axis.count == 2801)
    }

    @Test func everyPreprocessingPipelineEndsOnTheModalityGrid() throws {
        let registry = ModalityRegistry.core
        for (name, json) in try modalityDefinitionFiles() {
            let definition = try ModalityDefinition.decode(json: json, file: name)
            guard usesOnlyCoreSteps(definition) else { continue }
            let axis = definition.axis
            // A smooth spectrum sampled at 3.3 × the grid spacing across the whole axis, in its unit.
            let x = stride(from: axis.start, through: axis.stop, by: axis.step * 3.3).map { $0 }
            let input = Spectrum(x: x, y: x.map { 2 + sin($0 / (axis.step * 40)) }, xUnit: axis.unit, yUnit: .absorbance)
            for (kind, pipeline) in definition.preprocess {
                let out = try registry.compile(pipeline).apply(to: input)
                #expect(out.count == axis.count, "\(name) \(kind)")
                #expect(allClose(out.x, axis.values, tolerance: axis.step * 1e-6), "\(name) \(kind)")
                #expect(out.yUnit == definition.intensity, "\(name) \(kind)")
            }
        }
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

import Foundation
import Testing
import SpectraCore

/// Every `modalities/*/modality.json` in the package, with its text.
func modalityDefinitionFiles() throws -> [(name: String, json: String)] {
    let folder = processingPackageRoot.appendingPathComponent("modalities")
    let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    return try names.compactMap { name in
        let url = folder.appendingPathComponent(name).appendingPathComponent("modality.json")
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        return (name, try String(contentsOf: url, encoding: .utf8))
    }
}

struct PipelineJSONTests {
    @Test func everyModalityPipelineRoundTripsThroughJSON() throws {
        let files = try modalityDefinitionFiles()
        #expect(files.count >= 4)
        let registry = ModalityRegistry.core
        var compiledCount = 0
        for (name, json) in files {
            let definition = try ModalityDefinition.decode(json: json, file: name)
            let pipelines = Array(definition.preprocess.values) + [definition.augment]
            for pipeline in pipelines {
                // decode → encode → decode gives the same description.
                let again = try Pipeline.decode(json: pipeline.jsonString(), file: name)
                #expect(again == pipeline, "\(name)")
                // Compiled steps report full parameters; those rebuild equal steps. Pipelines with a
                // modality's own steps (NMR's hertz-to-ppm) are compiled in that modality's tests.
                guard pipeline.steps.allSatisfy({ registry.steps[$0.name] != nil }) else { continue }
                compiledCount += 1
                let compiled = try registry.compile(pipeline, file: name)
                let full = compiled.description
                let rebuilt = try registry.compile(Pipeline.decode(json: full.jsonString(), file: name)).description
                #expect(rebuilt == full, "\(name)")
                #expect(full.steps.map(\.name) == pipeline.steps.map(\.name))
            }
        }
        // XRD (measured, simulated), FTIR and Raman (measured, augment), NMR augment; XRD's augment uses
        // its own physics steps and is compiled by the XRD plugin's tests.
        #expect(compiledCount >= 7)
    }

    @Test func everyBuiltinStepRoundTripsItsParameters() throws {
        let samples: [String: StepParameters] = [
            "crop": ["min": .number(1), "max": .number(2)],
            "resample": ["start": .number(0), "stop": .number(10), "spacing": .number(0.5), "method": .string("cubic")],
            "savitzky-golay": ["window": .number(7), "order": .number(2)],
            "baseline-snip": ["width": .number(3), "iterations": .number(12)],
            "transmittance-to-absorbance": ["percent": .bool(true)],
            "shift": ["maxPoints": .number(4), "fill": .string("zero")],
        ]
        for type in BuiltinSteps.all {
            let step = try type.init(parameters: samples[type.stepName] ?? [:])
            let rebuilt = try type.init(parameters: step.parameters)
            #expect(rebuilt.parameters == step.parameters, "\(type.stepName)")
            #expect(!type.summary.isEmpty)
        }
        var names = Set<String>()
        for type in BuiltinSteps.all { names.insert(type.stepName) }
        #expect(names.count == BuiltinSteps.all.count)
    }

    @Test func unknownStepIsNamed() throws {
        let pipeline = try Pipeline.decode(json: #"{"steps": [{"step": "smooth-gently"}]}"#, file: "p.json")
        let error = #expect(throws: ProcessingError.self) { try ModalityRegistry.core.compile(pipeline, file: "p.json") }
        #expect(error?.reason.contains("unknown step 'smooth-gently'") == true)
        #expect(error?.file == "p.json")
    }

    @Test func unknownParameterNamesStepAndKey() throws {
        let pipeline = try Pipeline.decode(json: #"{"steps": [{"step": "crop", "min": 1, "max": 2, "maxx": 3}]}"#, file: nil)
        let error = #expect(throws: ProcessingError.self) { try ModalityRegistry.core.compile(pipeline) }
        #expect(error?.reason.contains("'crop'") == true)
        #expect(error?.reason.contains("'maxx'") == true)
    }

    @Test func wrongParameterTypeNamesStepAndKey() throws {
        let pipeline = try Pipeline.decode(json: #"{"steps": [{"step": "savitzky-golay", "window": "eleven", "order": 3}]}"#, file: nil)
        let error = #expect(throws: ProcessingError.self) { try ModalityRegistry.core.compile(pipeline) }
        #expect(error?.reason.contains("'savitzky-golay'") == true)
        #expect(error?.reason.contains("'window'") == true)
        let fractional = try Pipeline.decode(json: #"{"steps": [{"step": "shift", "maxPoints": 2.5}]}"#, file: nil)
        let second = #expect(throws: ProcessingError.self) { try ModalityRegistry.core.compile(fractional) }
        #expect(second?.reason.contains("whole number") == true)
    }

    @Test func malformedPipelineJSONIsATypedError() {
        let error = #expect(throws: ProcessingError.self) { try Pipeline.decode(json: #"{"steps": [{"min": 1}]}"#, file: "x.json") }
        #expect(error?.file == "x.json")
        #expect(throws: ProcessingError.self) { try Pipeline.decode(json: "\u{0}\u{1}garbage", file: "x.json") }
    }

    @Test func compiledPipelineRunsTheSteps() throws {
        // crop to 1…3 then min-max: [2, 4, 6] → [0, 0.5, 1] by hand.
        let pipeline = try Pipeline.decode(json: #"{"steps": [{"step": "crop", "min": 1, "max": 3}, {"step": "normalize-minmax"}]}"#, file: nil)
        let out = try ModalityRegistry.core.compile(pipeline).apply(to: Spectrum(x: [0, 1, 2, 3, 4], y: [9, 2, 4, 6, 9]))
        #expect(out.y == [0, 0.5, 1])
    }
}

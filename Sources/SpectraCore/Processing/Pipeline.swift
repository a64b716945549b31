import Foundation

/// One step of a pipeline as written in JSON: `{"step": "crop", "min": 5, "max": 50}`.
/// The key `step` names the step, so no step may have a parameter called `step`.
public struct PipelineStepSpec: Codable, Equatable, Sendable {
    /// The step's registered name.
    public var name: String
    /// Its parameters (every key but `step`).
    public var parameters: StepParameters

    public init(name: String, parameters: StepParameters = [:]) {
        self.name = name
        self.parameters = parameters
    }

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        name = try container.decode(String.self, forKey: Key(stringValue: "step"))
        var values: [String: ParameterValue] = [:]
        for key in container.allKeys where key.stringValue != "step" {
            values[key.stringValue] = try container.decode(ParameterValue.self, forKey: key)
        }
        parameters = StepParameters(values)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(name, forKey: Key(stringValue: "step"))
        for (key, value) in parameters.values {
            try container.encode(value, forKey: Key(stringValue: key))
        }
    }
}

/// An ordered list of steps, serialisable as `{"steps": [...]}`. Compile it against a registry's
/// step catalogue to run it.
public struct Pipeline: Codable, Equatable, Sendable {
    public var steps: [PipelineStepSpec]

    public init(steps: [PipelineStepSpec] = []) { self.steps = steps }

    /// Builds a pipeline description from step instances (each contributes its full parameters).
    public init(_ steps: [any ProcessingStep]) {
        self.steps = steps.map { PipelineStepSpec(name: type(of: $0).stepName, parameters: $0.parameters) }
    }

    /// Decodes a pipeline from JSON text; `file` names the source in errors.
    public static func decode(json: String, file: String?) throws -> Pipeline {
        do {
            return try JSONDecoder().decode(Pipeline.self, from: Data(json.utf8))
        } catch {
            throw ProcessingError(file: file, reason: "invalid pipeline: \(describeDecodingError(error))")
        }
    }

    /// Pretty-printed JSON with sorted keys, stable across runs.
    public func jsonString() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        // Encoding plain numbers, strings and bools cannot fail.
        let data = (try? encoder.encode(self)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}

/// A pipeline whose steps are instantiated and validated, ready to run.
public struct CompiledPipeline: Sendable {
    public let steps: [any ProcessingStep]

    public init(steps: [any ProcessingStep]) { self.steps = steps }

    /// Runs every step in order. Deterministic pipelines may pass any generator.
    public func apply(to spectrum: Spectrum, using rng: inout SeededGenerator) throws -> Spectrum {
        var s = spectrum
        for step in steps {
            s = try step.apply(to: s, using: &rng)
        }
        return s
    }

    /// Runs a pipeline that has no random steps (a fixed generator is used).
    public func apply(to spectrum: Spectrum) throws -> Spectrum {
        var rng = SeededGenerator(seed: 0)
        return try apply(to: spectrum, using: &rng)
    }

    /// The description that rebuilds this pipeline.
    public var description: Pipeline { Pipeline(steps) }
}

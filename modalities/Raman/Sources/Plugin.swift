import SpectraCore

/// Registers the Raman modality (see `modalities/Raman/modality.json`).
public enum Plugin: ModalityPlugin {
    public static func makeModality() throws -> any Modality {
        try RamanSpectraModality()
    }
}

/// The Raman modality: its definition from modality.json plus the readers and steps it brings.
public struct RamanSpectraModality: Modality {
    public let definition: ModalityDefinition
    public var readers: [any SpectrumReader] { [] }
    public var steps: [any ProcessingStep.Type] { [] }

    public init() throws {
        definition = try ModalityDefinition.decode(json: ModalityResources.definitionJSON,
                                                   file: ModalityResources.definitionFile)
    }
}

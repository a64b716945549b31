import SpectraCore

/// Registers the FTIR modality (see `modalities/FTIR/modality.json`).
public enum Plugin: ModalityPlugin {
    public static func makeModality() throws -> any Modality {
        try FTIRSpectraModality()
    }
}

/// The FTIR modality: its definition from modality.json plus the readers and steps it brings.
public struct FTIRSpectraModality: Modality {
    public let definition: ModalityDefinition
    public var readers: [any SpectrumReader] { [] }
    public var steps: [any ProcessingStep.Type] { [] }

    public init() throws {
        definition = try ModalityDefinition.decode(json: ModalityResources.definitionJSON,
                                                   file: ModalityResources.definitionFile)
    }
}

import SpectraCore

/// Registers the NMR modality (see `modalities/NMR/modality.json`).
public enum Plugin: ModalityPlugin {
    public static func makeModality() throws -> any Modality {
        try NMRSpectraModality()
    }
}

/// The NMR modality: its definition from modality.json plus the readers and steps it brings.
public struct NMRSpectraModality: Modality {
    public let definition: ModalityDefinition
    public var readers: [any SpectrumReader] { [BrukerProcessedReader()] }
    /// NMR brings the Hz → ppm conversion, which needs the spectrometer frequency.
    public var steps: [any ProcessingStep.Type] { [HertzToPPM.self] }

    public init() throws {
        definition = try ModalityDefinition.decode(json: ModalityResources.definitionJSON,
                                                   file: ModalityResources.definitionFile)
    }
}

import SpectraCore

/// Registers the XRD modality (see `modalities/XRD/modality.json`).
public enum Plugin: ModalityPlugin {
    public static func makeModality() throws -> any Modality {
        try XRDSpectraModality()
    }

    /// `simulate-xrd`.
    public static var commandTypes: [Any.Type] { [SimulateXRDCommand.self] }
    /// `dataset xrd-from-cif`.
    public static var datasetCommandTypes: [Any.Type] { [XRDFromCIFCommand.self] }
}

/// The XRD modality: its definition from modality.json plus the readers and steps it brings.
public struct XRDSpectraModality: Modality {
    public let definition: ModalityDefinition
    public var readers: [any SpectrumReader] { [BrukerRawReader(), BrukerUXDReader(), XRDMLReader()] }
    public var steps: [any ProcessingStep.Type] {
        [CrystalliteSizeBroadening.self, LatticeStrain.self, SampleDisplacement.self, KAlpha2Doublet.self, PreferredOrientation.self,
         RandomBackground.self, CountingNoise.self]
    }

    public init() throws {
        definition = try ModalityDefinition.decode(json: ModalityResources.definitionJSON,
                                                   file: ModalityResources.definitionFile)
    }
}

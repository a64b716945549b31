/// A kind of spectrum (XRD, FTIR, Raman, NMR, ...): its canonical axis, the readers it accepts,
/// its default preprocessing and augmentation, and any steps of its own.
///
/// Most of a modality is its `ModalityDefinition` (from `modality.json`); Swift code adds what
/// JSON cannot: readers for instrument formats and physics-aware steps.
public protocol Modality: Sendable {
    /// The declarative part, from `modalities/<NAME>/modality.json`.
    var definition: ModalityDefinition { get }
    /// Readers this modality brings in addition to the generic ones (XY/CSV, JCAMP-DX, NPY).
    var readers: [any SpectrumReader] { get }
    /// Processing steps this modality brings, usable by name in any pipeline.
    var steps: [any ProcessingStep.Type] { get }
}

extension Modality {
    public var readers: [any SpectrumReader] { [] }
    public var steps: [any ProcessingStep.Type] { [] }
    /// The modality's identifier (`definition.id`).
    public var id: String { definition.id }
}

/// A modality defined entirely by its `modality.json`.
public struct DeclarativeModality: Modality {
    public let definition: ModalityDefinition
    public init(definition: ModalityDefinition) { self.definition = definition }
}

/// What a modality module exports so the CLI can register it without naming it in `Sources/`.
///
/// Each module under `modalities/<NAME>/Sources` (module `<NAME>Modality`) declares
/// `public enum Plugin: ModalityPlugin`. The `ModalityRegistration` build-tool plugin embeds
/// `modality.json` into that module as `ModalityResources.definitionJSON` and generates the CLI's
/// list `[XRDModality.Plugin.self, ...]`. The module must not declare a type named like itself.
public protocol ModalityPlugin {
    /// Builds the modality (decoding its embedded definition).
    static func makeModality() throws -> any Modality
    /// CLI subcommands the modality brings (ArgumentParser `ParsableCommand` types), e.g. `simulate-xrd`.
    static var commandTypes: [Any.Type] { get }
    /// Subcommands of `spectra dataset` the modality brings, e.g. XRD's `xrd-from-cif`.
    static var datasetCommandTypes: [Any.Type] { get }
}

extension ModalityPlugin {
    public static var commandTypes: [Any.Type] { [] }
    public static var datasetCommandTypes: [Any.Type] { [] }
}

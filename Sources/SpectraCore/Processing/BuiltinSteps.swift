/// The processing steps of SpectraCore, available to every pipeline by name.
public enum BuiltinSteps {
    /// Preprocessors then augmenters.
    public static var all: [any ProcessingStep.Type] { [] }
}

/// The processing steps of SpectraCore, available to every pipeline by name.
public enum BuiltinSteps {
    /// Preprocessors then augmenters.
    public static var all: [any ProcessingStep.Type] { preprocessors + augmenters }

    /// Deterministic steps.
    public static var preprocessors: [any ProcessingStep.Type] {
        [Crop.self, Resample.self, NormalizeMinMax.self, NormalizeVector.self, TransmittanceToAbsorbance.self,
         WavelengthToWavenumber.self, SavitzkyGolay.self, BaselineSNIP.self, BaselineALS.self]
    }

    /// Seeded random steps for training augmentation.
    public static var augmenters: [any ProcessingStep.Type] {
        [BlockElimination.self, BlockScaling.self, Shift.self, RandomCrop.self, GaussianNoise.self]
    }
}

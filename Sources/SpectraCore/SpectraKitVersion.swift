/// The project version, printed by `spectra --version` and recorded in checkpoints.
public enum SpectraKitVersion {
    public static let current = "0.1.0"
}

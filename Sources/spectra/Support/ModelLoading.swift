import Foundation
import SpectraCore
import SpectraZoo

/// A classifier loaded from a zoo name or a checkpoint path, with its file's SHA-256.
struct LoadedClassifier {
    var classifier: SpectrumClassifier
    var sha256: String
    var path: String
}

/// Resolves `reference` (zoo name or path) and loads the classifier.
func loadClassifier(_ reference: String, zoo location: ZooCommand.Location) throws -> LoadedClassifier {
    let zoo = try? location.open()
    let (checkpoint, sha, path) = try ModelReference(reference).load(in: zoo)
    return LoadedClassifier(classifier: try SpectrumClassifier.load(checkpoint, file: path), sha256: sha, path: path)
}

/// The registered modality a checkpoint was trained for.
func modality(of classifier: SpectrumClassifier, in registry: ModalityRegistry, path: String) throws -> any Modality {
    do {
        return try registry.modality(named: classifier.modality.id)
    } catch let error as LocatedError {
        throw CheckpointError(file: path, reason: "the model is for modality '\(classifier.modality.id)', which this build does not have (\(error.reason))")
    }
}

import Foundation
import SpectraCore
import SpectraTraining
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

/// Each file read, checked against the model's modality and put on its grid with the checkpoint's
/// own preprocessing: `files.count × inputLength` values.
func modelInputs(_ files: [String], for loaded: LoadedClassifier, registry: ModalityRegistry) throws -> [Float] {
    let classifier = loaded.classifier
    let modality = try spectra.modality(of: classifier, in: registry, path: loaded.path)
    let pipeline = try registry.compile(classifier.modality.preprocessing, file: loaded.path)
    let length = classifier.network.inputLength
    var inputs = [Float]()
    inputs.reserveCapacity(files.count * length)
    for file in files {
        let raw = try registry.readSpectrum(atPath: file)
        try checkAxis(raw, file: file, modality: modality)
        let s: Spectrum
        do { s = try pipeline.apply(to: raw) } catch let error as ProcessingError {
            throw ProcessingError(file: file, reason: error.reason)
        }
        guard s.count == length else {
            throw ProcessingError(file: file, reason: "preprocessing gave \(s.count) points, the model takes \(length)")
        }
        inputs += s.y.map(Float.init)
    }
    return inputs
}

/// Refuses a file whose axis unit cannot be the model's (units the pipeline converts are fine).
func checkAxis(_ spectrum: Spectrum, file: String, modality: any Modality) throws {
    let expected = modality.definition.axis.unit
    let unit = spectrum.xUnit
    let convertible: Set<AxisUnit> = expected == .wavenumberPerCm ? [.wavelengthMicrometers, .wavelengthNanometers] : []
    guard unit == .arbitrary || unit == expected || convertible.contains(unit) else {
        throw SpectrumReadError(file: file, reason: "the x axis is \(unit.label), but the model is for \(modality.id) spectra on \(expected.label)")
    }
}

/// A dataset (folder, CSV manifest or packed) as `loaded`'s network takes it: read onto the modality's grid,
/// then resampled onto the checkpoint's own axis when that differs (a transferred model takes its parent's
/// number of points).
func loadDataset(_ path: String, for loaded: LoadedClassifier, modality: any Modality, registry: ModalityRegistry,
                 classNames: [String]? = nil) throws -> PackedDataset {
    let dataset = try DatasetLoader(registry: registry, modality: modality).load(path, classNames: classNames)
    do {
        return try Transfer.adapt(dataset, to: loaded.classifier.modality.axis)
    } catch let error as LocatedError {
        throw DatasetError(file: path, reason: "cannot put it on the model's axis: \(error.reason)")
    }
}

import Dispatch
import Foundation
import SpectraCore

/// Loads a labelled dataset from disk and puts every spectrum on the modality's canonical grid.
///
/// Accepted layouts:
/// - a folder of per-label subfolders of spectrum files (`data/ZIF-8/a.xy`, ...): label = subfolder name;
/// - a CSV manifest with header `file,label` (paths relative to the manifest's folder);
/// - a packed dataset folder written by `spectra dataset` (`manifest.json` + `spectra.npy`).
public struct DatasetLoader {
    public let registry: ModalityRegistry
    public let modality: any Modality
    /// The modality preprocessing pipeline to apply to files (`measured` by default).
    public let pipelineName: String

    public init(registry: ModalityRegistry, modality: any Modality, pipelineName: String = "measured") {
        self.registry = registry
        self.modality = modality
        self.pipelineName = pipelineName
    }

    /// Loads `path` in whichever layout it has. `classNames`, when given, fixes the class order
    /// (e.g. a checkpoint's labels); unknown labels are then an error.
    public func load(_ path: String, classNames fixedClasses: [String]? = nil) throws -> PackedDataset {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw DatasetError(file: path, reason: "no such file or folder")
        }
        if isDirectory.boolValue, FileManager.default.fileExists(atPath: path + "/manifest.json") {
            return try loadPacked(path, classNames: fixedClasses)
        }
        let entries: [(file: String, label: String)]
        if isDirectory.boolValue {
            entries = try folderEntries(path)
        } else {
            entries = try manifestEntries(path)
        }
        guard !entries.isEmpty else { throw DatasetError(file: path, reason: "no spectrum files found") }
        let classNames: [String]
        if let fixedClasses {
            classNames = fixedClasses
        } else {
            classNames = Array(Set(entries.map(\.label))).sorted()
        }
        let classIndex = Dictionary(uniqueKeysWithValues: classNames.enumerated().map { ($1, $0) })
        let labels = try entries.map { entry -> Int in
            guard let i = classIndex[entry.label] else {
                throw DatasetError(file: entry.file, reason: "label '\(entry.label)' is not one of the model's \(classNames.count) classes")
            }
            return i
        }
        let values = try preprocessAll(entries.map(\.file))
        return try PackedDataset(modality: modality.id, axis: modality.definition.axis, labels: classNames,
                                 sampleLabels: labels, sampleNames: entries.map(\.file), source: ["path": path], spectra: values)
    }

    /// Reads and preprocesses files in parallel, in order; the first failure (by file order) is thrown.
    public func preprocessAll(_ files: [String]) throws -> [Float] {
        let length = modality.definition.axis.count
        var values = [Float](repeating: 0, count: files.count * length)
        var errors = [Error?](repeating: nil, count: files.count)
        let registry = self.registry, modality = self.modality, pipelineName = self.pipelineName
        values.withUnsafeMutableBufferPointer { out in
            errors.withUnsafeMutableBufferPointer { errs in
                let out = out, errs = errs
                DispatchQueue.concurrentPerform(iterations: files.count) { i in
                    do {
                        let s = try registry.preprocess(fileAtPath: files[i], modality: modality, pipeline: pipelineName)
                        guard s.count == length else {
                            throw DatasetError(file: files[i], reason: "preprocessing gave \(s.count) points, the \(modality.id) grid has \(length)")
                        }
                        for k in 0..<length { out[i * length + k] = Float(s.y[k]) }
                    } catch {
                        errs[i] = error
                    }
                }
            }
        }
        if let first = errors.compactMap({ $0 }).first { throw first }
        return values
    }

    /// A packed dataset, checked against the modality's grid; labels remapped onto `classNames` if given.
    private func loadPacked(_ path: String, classNames fixedClasses: [String]?) throws -> PackedDataset {
        let packed = try PackedDataset.read(from: path)
        guard packed.modality.lowercased() == modality.id.lowercased() else {
            throw DatasetError(file: path, reason: "the dataset is for modality '\(packed.modality)', not '\(modality.id)'")
        }
        guard packed.axis.count == modality.definition.axis.count else {
            throw DatasetError(file: path, reason: "the dataset has \(packed.axis.count) points per spectrum, the \(modality.id) grid has \(modality.definition.axis.count)")
        }
        guard let fixedClasses, fixedClasses != packed.labels else { return packed }
        let index = Dictionary(uniqueKeysWithValues: fixedClasses.enumerated().map { ($1, $0) })
        let remapped = try packed.sampleLabels.enumerated().map { i, l -> Int in
            guard let j = index[packed.labels[l]] else {
                throw DatasetError(file: path, reason: "sample \(packed.sampleNames[i]) has label '\(packed.labels[l])', which is not one of the model's \(fixedClasses.count) classes")
            }
            return j
        }
        return try PackedDataset(modality: packed.modality, axis: packed.axis, labels: fixedClasses, sampleLabels: remapped,
                                 sampleNames: packed.sampleNames, sampleGroups: packed.sampleGroups, source: packed.source,
                                 spectra: packed.spectra, peaks: packed.peaks)
    }

    private func folderEntries(_ path: String) throws -> [(file: String, label: String)] {
        let fm = FileManager.default
        let subfolders = try fm.contentsOfDirectory(atPath: path).filter { !$0.hasPrefix(".") }.sorted()
        var entries: [(String, String)] = []
        for label in subfolders {
            let folder = path + "/" + label
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else { continue }
            let files = try fm.contentsOfDirectory(atPath: folder).filter { !$0.hasPrefix(".") }.sorted()
            for file in files { entries.append((folder + "/" + file, label)) }
        }
        if entries.isEmpty {
            throw DatasetError(file: path, reason: "expected per-label subfolders of spectrum files, a CSV manifest or a packed dataset")
        }
        return entries
    }

    private func manifestEntries(_ path: String) throws -> [(file: String, label: String)] {
        let text = String(decoding: try readFileBytes(path), as: UTF8.self)
        let base = (path as NSString).deletingLastPathComponent
        var entries: [(String, String)] = []
        var fileColumn = 0, labelColumn = 1
        for (n, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: CharacterSet(charactersIn: " \"\t"))
            }
            if n == 0 {
                guard let f = fields.firstIndex(of: "file"), let l = fields.firstIndex(of: "label") else {
                    throw DatasetError(file: path, line: 1, reason: "a dataset manifest needs the header 'file,label'")
                }
                fileColumn = f; labelColumn = l
                continue
            }
            guard fields.count > max(fileColumn, labelColumn), !fields[fileColumn].isEmpty, !fields[labelColumn].isEmpty else {
                throw DatasetError(file: path, line: n + 1, reason: "expected a file and a label")
            }
            let file = fields[fileColumn].hasPrefix("/") ? fields[fileColumn] : base + "/" + fields[fileColumn]
            entries.append((file, fields[labelColumn]))
        }
        return entries
    }
}

import Foundation

/// A labelled set of spectra on one canonical axis, stored for fast loading as a folder:
///
/// - `manifest.json`: format name and version, modality id, canonical axis, label list,
///   per-sample label index and name, optionally a group per sample (the study a spectrum comes
///   from, for splits that stratify per group), free-form provenance (`source`), and whether peaks exist;
/// - `spectra.npy`: float32 array [N, L] (N samples × L axis points), C order — `numpy.load` reads it;
/// - `peaks.npy` (optional): float64 array [P, 3] of rows (sample index, position in axis units,
///   intensity on 0–100) — the stick patterns behind simulated spectra, for physics-aware augmentation.
///
/// Written atomically: everything goes into a temporary sibling folder that is renamed into place.
public struct PackedDataset: Sendable, Equatable {
    /// The manifest's `format` value.
    public static let formatName = "spectrakit-packed-dataset"
    /// The manifest version this code writes and reads.
    public static let formatVersion = 1

    /// What `manifest.json` holds.
    public struct Manifest: Codable, Sendable, Equatable {
        public var format: String
        public var version: Int
        /// Modality id (`xrd`).
        public var modality: String
        /// The grid every spectrum is on.
        public var axis: CanonicalAxis
        /// Class names; `sampleLabels` index into this list.
        public var labels: [String]
        /// Label index of each sample.
        public var sampleLabels: [Int]
        /// Name of each sample (e.g. the CIF base name).
        public var sampleNames: [String]
        /// Group of each sample (e.g. the study it comes from), or nil; absent from older manifests.
        public var sampleGroups: [String]?
        /// Provenance: tool, command, source corpus, licence, ... (free-form).
        public var source: [String: String]
        /// True when `peaks.npy` is present.
        public var hasPeaks: Bool
    }

    /// One stick of a sample's peak list.
    public struct Peak: Sendable, Equatable {
        /// Position in axis units (degrees 2θ for XRD).
        public var position: Double
        /// Intensity, strongest peak of the sample = 100.
        public var intensity: Double
        public init(position: Double, intensity: Double) { self.position = position; self.intensity = intensity }
    }

    public var modality: String
    public var axis: CanonicalAxis
    public var labels: [String]
    public var sampleLabels: [Int]
    public var sampleNames: [String]
    /// Group of each sample (the study or source a spectrum comes from), or nil.
    public var sampleGroups: [String]?
    public var source: [String: String]
    /// Sample-major values, `count × axis.count` floats.
    public var spectra: [Float]
    /// Peak list per sample, or nil when the dataset has none.
    public var peaks: [[Peak]]?

    /// Number of samples.
    public var count: Int { sampleLabels.count }

    /// Builds a dataset, checking that every array agrees in size.
    public init(modality: String, axis: CanonicalAxis, labels: [String], sampleLabels: [Int], sampleNames: [String],
                sampleGroups: [String]? = nil, source: [String: String] = [:], spectra: [Float], peaks: [[Peak]]? = nil) throws {
        self.modality = modality
        self.axis = axis
        self.labels = labels
        self.sampleLabels = sampleLabels
        self.sampleNames = sampleNames
        self.sampleGroups = sampleGroups
        self.source = source
        self.spectra = spectra
        self.peaks = peaks
        if let problem = validationProblem() { throw DatasetError(file: nil, reason: problem) }
    }

    /// The spectrum of sample `index` (L values).
    public func spectrum(_ index: Int) -> ArraySlice<Float> {
        spectra[(index * axis.count)..<((index + 1) * axis.count)]
    }

    /// What is inconsistent, or nil.
    func validationProblem() -> String? {
        let n = sampleLabels.count
        guard axis.step > 0, axis.count > 0 else { return "the axis has no points" }
        if sampleNames.count != n { return "\(sampleNames.count) sample names for \(n) samples" }
        if let sampleGroups, sampleGroups.count != n { return "\(sampleGroups.count) sample groups for \(n) samples" }
        if spectra.count != n * axis.count { return "spectra hold \(spectra.count) values, expected \(n) × \(axis.count)" }
        if let bad = sampleLabels.first(where: { $0 < 0 || $0 >= labels.count }) {
            return "label index \(bad) is outside 0..<\(labels.count)"
        }
        if Set(labels).count != labels.count { return "the label list has duplicates" }
        if let peaks, peaks.count != n { return "peak lists for \(peaks.count) samples, expected \(n)" }
        if spectra.contains(where: { !$0.isFinite }) { return "spectra contain NaN or infinite values" }
        return nil
    }

    // MARK: - Writing and reading

    /// Writes the dataset folder at `path` atomically, replacing an existing dataset there.
    public func write(to path: String) throws {
        let fm = FileManager.default
        let url = URL(fileURLWithPath: path).standardizedFileURL
        let parent = url.deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: parent, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw DatasetError(file: path, reason: "folder \(parent) does not exist")
        }
        let temporary = parent + "/.\(url.lastPathComponent).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        do {
            try fm.createDirectory(atPath: temporary, withIntermediateDirectories: false)
        } catch {
            throw DatasetError(file: path, reason: "cannot create a folder in \(parent): \(error.localizedDescription)")
        }
        do {
            let manifest = Manifest(format: Self.formatName, version: Self.formatVersion, modality: modality, axis: axis,
                                    labels: labels, sampleLabels: sampleLabels, sampleNames: sampleNames,
                                    sampleGroups: sampleGroups, source: source, hasPeaks: peaks != nil)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            try AtomicFile.write(Array(try encoder.encode(manifest)), to: temporary + "/manifest.json")
            try AtomicFile.write(Self.float32NPY(spectra, rows: count, columns: axis.count), to: temporary + "/spectra.npy")
            if let peaks {
                var rows: [Double] = []
                for (i, list) in peaks.enumerated() { for p in list { rows += [Double(i), p.position, p.intensity] } }
                try AtomicFile.write(NumpyArray(shape: [rows.count / 3, 3], values: rows).encoded(), to: temporary + "/peaks.npy")
            }
            // Swap into place: an old dataset is moved aside first, so a reader sees old or new, never half.
            if fm.fileExists(atPath: url.path) {
                let old = temporary + ".old"
                try fm.moveItem(atPath: url.path, toPath: old)
                try fm.moveItem(atPath: temporary, toPath: url.path)
                try? fm.removeItem(atPath: old)
            } else {
                try fm.moveItem(atPath: temporary, toPath: url.path)
            }
        } catch {
            try? fm.removeItem(atPath: temporary)
            if let located = error as? LocatedError { throw located }
            throw DatasetError(file: path, reason: "write failed: \(error.localizedDescription)")
        }
    }

    /// Reads and validates the dataset folder at `path`.
    public static func read(from path: String) throws -> PackedDataset {
        let manifestPath = path + "/manifest.json"
        guard let manifestData = FileManager.default.contents(atPath: manifestPath) else {
            throw DatasetError(file: manifestPath, reason: "cannot read the manifest (is \(path) a packed dataset folder?)")
        }
        let manifest: Manifest
        do {
            manifest = try JSONDecoder().decode(Manifest.self, from: manifestData)
        } catch {
            throw DatasetError(file: manifestPath, reason: "not a valid manifest: \(error.localizedDescription)")
        }
        guard manifest.format == formatName else {
            throw DatasetError(file: manifestPath, reason: "format is '\(manifest.format)', expected '\(formatName)'")
        }
        guard manifest.version == formatVersion else {
            throw DatasetError(file: manifestPath, reason: "format version \(manifest.version) is not supported (this build reads \(formatVersion))")
        }
        let spectraPath = path + "/spectra.npy"
        guard let spectraData = FileManager.default.contents(atPath: spectraPath) else {
            throw DatasetError(file: spectraPath, reason: "cannot read the spectra")
        }
        let array: NumpyArray
        do { array = try NumpyArray.decode([UInt8](spectraData), file: spectraPath) } catch let error as LocatedError {
            throw DatasetError(file: spectraPath, reason: error.reason)
        }
        let n = manifest.sampleLabels.count
        guard array.shape == [n, manifest.axis.count] else {
            throw DatasetError(file: spectraPath, reason: "shape \(array.shape) does not match the manifest's \(n) samples × \(manifest.axis.count) points")
        }
        var peaks: [[Peak]]?
        if manifest.hasPeaks {
            let peaksPath = path + "/peaks.npy"
            guard let peaksData = FileManager.default.contents(atPath: peaksPath) else {
                throw DatasetError(file: peaksPath, reason: "the manifest says there are peaks, but the file cannot be read")
            }
            let table: NumpyArray
            do { table = try NumpyArray.decode([UInt8](peaksData), file: peaksPath) } catch let error as LocatedError {
                throw DatasetError(file: peaksPath, reason: error.reason)
            }
            guard table.shape.count == 2, table.shape[1] == 3 || table.shape[0] == 0 else {
                throw DatasetError(file: peaksPath, reason: "shape \(table.shape) is not [P, 3]")
            }
            var lists = [[Peak]](repeating: [], count: n)
            for r in 0..<table.shape[0] {
                let s = table.values[3 * r]
                guard s >= 0, s < Double(n), s == s.rounded() else {
                    throw DatasetError(file: peaksPath, reason: "row \(r): sample index \(s) is outside 0..<\(n)")
                }
                lists[Int(s)].append(Peak(position: table.values[3 * r + 1], intensity: table.values[3 * r + 2]))
            }
            peaks = lists
        }
        do {
            return try PackedDataset(modality: manifest.modality, axis: manifest.axis, labels: manifest.labels,
                                     sampleLabels: manifest.sampleLabels, sampleNames: manifest.sampleNames,
                                     sampleGroups: manifest.sampleGroups, source: manifest.source, spectra: array.values.map { Float($0) }, peaks: peaks)
        } catch let error as DatasetError {
            throw DatasetError(file: manifestPath, reason: error.reason)
        }
    }

    /// `.npy` bytes of a float32 [rows, columns] array, written directly from Float (no widening).
    static func float32NPY(_ values: [Float], rows: Int, columns: Int) -> [UInt8] {
        var bytes = npyHeader(shape: "(\(rows), \(columns))", descr: "<f4")
        bytes.reserveCapacity(bytes.count + values.count * 4)
        values.withUnsafeBufferPointer { buffer in
            for v in buffer { withUnsafeBytes(of: v.bitPattern.littleEndian) { bytes += $0 } }
        }
        return bytes
    }

    /// A version 1.0 `.npy` header padded to 64 bytes.
    static func npyHeader(shape: String, descr: String) -> [UInt8] {
        var header = "{'descr': '\(descr)', 'fortran_order': False, 'shape': \(shape), }"
        let unpadded = 10 + header.utf8.count + 1
        header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        var bytes: [UInt8] = [0x93] + Array("NUMPY".utf8) + [1, 0]
        let length = UInt16(header.utf8.count)
        bytes += [UInt8(length & 0xFF), UInt8(length >> 8)]
        return bytes + Array(header.utf8)
    }
}

/// A packed dataset could not be written or read.
public struct DatasetError: LocatedError, Equatable {
    public var file: String?
    public var line: Int?
    public var reason: String
    public init(file: String?, line: Int? = nil, reason: String) {
        self.file = file
        self.line = line
        self.reason = reason
    }
}

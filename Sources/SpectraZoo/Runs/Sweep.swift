import Foundation
import SpectraCore
import SpectraModels
import SpectraNN
import SpectraTraining

/// A hyper-parameter sweep over ViT shapes: every grid point trained by a `TrainingRun` with the same
/// data, split, seed and budget, scored on validation (and a test set when given), one table row each.
///
/// The folder holds `sweep.json` (the settings), `sweep.csv` and `sweep.md` (the table, rewritten
/// atomically after every point) and `points/KEY.safetensors.zst` (each point's checkpoint and resume
/// file). Resuming skips the points already in the table, continues a point that was cut off from its
/// last finished epoch, and refuses a folder whose sweep had other settings.
///
/// With `range`, both datasets are cut to that part of the axis (`PackedDataset.cropped`), the paper's
/// reduced 2θ range experiment; the checkpoints then preprocess with a matching crop.
public struct Sweep {
    public var train: PackedDataset
    /// Name of the training data in provenance and settings (its path).
    public var trainName: String
    /// A labelled test set with the training set's label list (`DatasetLoader.load(_:classNames:)`), or nil.
    public var test: PackedDataset?
    public var testName: String?
    public var modality: CheckpointModality
    public var augmentation: CompiledPipeline?
    public var options: TrainingOptions
    /// Everything but the swept shape (MLP ratio, dropout, embedding kind); `inputLength` is set from the data.
    public var base: ViTConfiguration
    public var grid: SweepGrid
    /// Axis range to keep (axis units), or nil for the whole grid.
    public var range: ClosedRange<Double>?
    public var folder: String
    /// Progress lines from each point's training.
    public var showProgress = true
    /// Called after each point with its row, its position and the number of points to run.
    public var onPoint: ((SweepRow, Int, Int) -> Void)?
    /// Called once per epoch of any point (e.g. a JSON log).
    public var onEpoch: ((EpochRecord) throws -> Void)?

    public init(train: PackedDataset, trainName: String, modality: CheckpointModality, augmentation: CompiledPipeline?,
                options: TrainingOptions, base: ViTConfiguration, grid: SweepGrid, folder: String) {
        self.train = train
        self.trainName = trainName
        self.modality = modality
        self.augmentation = augmentation
        self.options = options
        self.base = base
        self.grid = grid
        self.folder = folder
    }

    /// What must not change between a sweep and its resumption. The data are compared by content
    /// (`fingerprint`), so a path written differently still resumes.
    struct Settings: Codable, Equatable {
        var train: String
        var test: String?
        var modality: String
        var rangeStart: Double?
        var rangeStop: Double?
        var options: TrainingOptions
        var mlpRatio: Double
        var dropout: Double
        var dropPathRate: Double
        var embedding: ViTConfiguration.Embedding
        var augmentation: Pipeline?
    }

    public var settingsPath: String { folder + "/sweep.json" }
    public var tablePath: String { folder + "/sweep.csv" }
    public var markdownPath: String { folder + "/sweep.md" }

    /// The checkpoint of `point`.
    public func checkpointPath(_ point: SweepPoint) -> String { folder + "/points/\(point.key).safetensors.zst" }

    /// Runs every valid grid point not yet in the table and returns the table. Points that cannot be
    /// built (heads not dividing the width, segments longer than the input) are returned in `invalid`.
    public func run(resume: Bool) throws -> (table: SweepTable, invalid: [(SweepPoint, String)]) {
        var train = self.train, test = self.test, modality = self.modality
        if let test, test.labels != train.labels {
            throw TrainingError(file: testName, reason: "the test set's label list differs from the training set's; load it with the training labels")
        }
        if let range {
            train = try train.cropped(to: range)
            test = try test?.cropped(to: range)
            let half = train.axis.step / 2
            modality.axis = train.axis
            modality.preprocessing.steps += [
                PipelineStepSpec(name: Crop.stepName, parameters: ["min": .number(train.axis.start - half),
                                                                    "max": .number(train.axis.stop + half)]),
                PipelineStepSpec(name: NormalizeMinMax.stepName),
            ]
        }
        var base = self.base
        base.inputLength = train.length
        let (points, invalid) = grid.partition(base: base)
        guard !points.isEmpty else {
            throw TrainingError(reason: "no grid point gives a valid ViT: \(invalid.first.map { "\($0.0.key): \($0.1)" } ?? "the grid is empty")")
        }

        var table = try prepareFolder(resume: resume)
        let todo = points.filter { table.row(for: $0) == nil }
        for (n, point) in todo.enumerated() {
            let row = try runPoint(point, configuration: point.configuration(from: base), train: train, test: test,
                                   modality: modality, resume: resume)
            table.rows.append(row)
            // Grid order, whatever order points were finished in across resumptions.
            table.rows.sort { a, b in (points.firstIndex(of: a.point) ?? .max) < (points.firstIndex(of: b.point) ?? .max) }
            try AtomicFile.write(table.csv(), to: tablePath)
            try AtomicFile.write(table.markdown(), to: markdownPath)
            onPoint?(row, n + 1, todo.count)
        }
        return (table, invalid)
    }

    /// Checks or writes the settings and returns the table so far.
    private func prepareFolder(resume: Bool) throws -> SweepTable {
        let fm = FileManager.default
        let settings = Settings(train: Self.fingerprint(train), test: test.map(Self.fingerprint), modality: modality.id, rangeStart: range?.lowerBound,
                                rangeStop: range?.upperBound, options: options, mlpRatio: base.mlpRatio, dropout: base.dropout,
                                dropPathRate: base.dropPathRate, embedding: base.embedding, augmentation: augmentation?.description)
        if fm.fileExists(atPath: settingsPath) {
            guard resume else {
                throw TrainingError(file: settingsPath, reason: "\(folder) already holds a sweep; pass --resume to continue it, or choose another folder")
            }
            let saved: Settings
            do {
                saved = try JSONDecoder().decode(Settings.self, from: Data(try readFileBytes(settingsPath)))
            } catch let error as LocatedError {
                throw error
            } catch {
                throw TrainingError(file: settingsPath, reason: "unreadable sweep settings: \(describeDecodingError(error))")
            }
            guard saved == settings else {
                throw TrainingError(file: settingsPath, reason: "the sweep in \(folder) used other data, range, training options or model settings; resume with the same ones, or choose another folder")
            }
            guard fm.fileExists(atPath: tablePath) else { return SweepTable() }
            return try SweepTable.parse(try readFileBytes(tablePath), file: tablePath)
        }
        guard !resume else { throw TrainingError(file: settingsPath, reason: "nothing to resume: \(folder) holds no sweep") }
        do {
            try fm.createDirectory(atPath: folder + "/points", withIntermediateDirectories: true)
        } catch {
            throw OutputError(file: folder, reason: "cannot create the folder: \(error.localizedDescription)")
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try AtomicFile.write(Array(try encoder.encode(settings)), to: settingsPath)
        return SweepTable()
    }

    /// SHA-256 of a dataset's labels, label indices and values: the same data under another path match.
    static func fingerprint(_ data: PackedDataset) -> String {
        var hasher = SHA256()
        hasher.update(Array(data.labels.joined(separator: "\n").utf8))
        hasher.update(data.sampleLabels.flatMap { withUnsafeBytes(of: Int64($0).littleEndian, Array.init) })
        data.spectra.withUnsafeBytes { hasher.update(Array($0)) }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }

    /// Trains (or continues, or just re-reads) one point and scores it.
    private func runPoint(_ point: SweepPoint, configuration: ViTConfiguration, train: PackedDataset, test: PackedDataset?,
                          modality: CheckpointModality, resume: Bool) throws -> SweepRow {
        let path = checkpointPath(point)
        let saved = resume ? try TrainingRun.savedProgress(forCheckpoint: path) : nil
        let classifier: SpectrumClassifier
        let epochs: Int
        if let saved, saved.finished {
            // Cut off between finishing and writing its row: the checkpoint holds the result.
            classifier = try SpectrumClassifier.load(from: path)
            epochs = saved.epochs
        } else {
            let network = try ClassifierNetwork.make(.vit(configuration), classes: train.labels.count, seed: options.seed)
            var run = TrainingRun(dataset: train, datasetName: trainName, modality: modality, augmentation: augmentation,
                                  options: options, output: path)
            run.showProgress = showProgress
            run.onEpoch = onEpoch
            let (trained, history) = try run.run(network, resume: saved != nil)
            classifier = trained
            epochs = history.count
        }
        let metrics = classifier.provenance?.metrics ?? [:]
        var row = SweepRow(point: point,
                           parameters: classifier.network.namedParameters.reduce(0) { $0 + $1.shape.reduce(1, *) },
                           epochs: epochs, validationTop1: metrics["validation_top1"] ?? 0,
                           validationTop3: metrics["validation_top3"] ?? 0, validationTop5: metrics["validation_top5"] ?? 0,
                           trainingSeconds: metrics["training_seconds"] ?? 0)
        if let test {
            let (_, scores) = try Trainer.evaluate(NetworkClassifier(network: classifier.network), on: test,
                                                   batchSize: options.batchSize)
            row.testTop1 = scores.top1
            row.testTop3 = scores.top3
            row.testTop5 = scores.top5
        }
        return row
    }
}

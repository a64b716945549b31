import Foundation

/// Everything the tools know: the registered modalities, the readers (generic + modalities'),
/// and the step catalogue for pipelines. A value: build one at start-up and pass it along.
public struct ModalityRegistry: Sendable {
    /// Registered modalities in registration order.
    public private(set) var modalities: [any Modality] = []
    /// Readers in registration order; generic ones first. Readers added with `addReaders(madeWhenNeeded:)`
    /// are made here if they were not yet.
    public var readers: [any SpectrumReader] { readerEntries.flatMap(\.readers) }
    /// Readers and not-yet-made reader groups, in registration order.
    private var readerEntries: [ReaderEntry] = []
    /// Step types by `stepName`.
    public private(set) var steps: [String: any ProcessingStep.Type] = [:]

    /// An empty registry (no readers, no steps).
    public init() {}

    /// The generic readers and steps of SpectraCore, no modalities.
    public static var core: ModalityRegistry {
        var registry = ModalityRegistry()
        for reader in GenericFormats.readers { registry.add(reader: reader) }
        // Built-in steps have unique names; a duplicate here is a programming error caught by tests.
        for step in BuiltinSteps.all { try? registry.add(step: step) }
        return registry
    }

    /// Adds a reader after the existing ones.
    public mutating func add(reader: any SpectrumReader) {
        readerEntries.append(.reader(reader))
    }

    /// Adds readers after the existing ones that `make` makes only when a lookup reaches them: sniffing that
    /// found no signature (score 100) in the readers before, or a format name not found before. A file
    /// reader's registry then costs nothing for modalities whose readers it never needs (making a modality
    /// decodes its definition). `make` runs at most once, under a lock.
    public mutating func addReaders(madeWhenNeeded make: @escaping () -> [any SpectrumReader]) {
        readerEntries.append(.madeWhenNeeded(ReadersMadeOnce(make)))
    }

    /// Adds a step type; a second step with the same name is an error.
    public mutating func add(step: any ProcessingStep.Type) throws {
        if let existing = steps[step.stepName], ObjectIdentifier(existing) != ObjectIdentifier(step) {
            throw ModalityError(reason: "two processing steps are named '\(step.stepName)'")
        }
        steps[step.stepName] = step
    }

    /// Registers a modality with its readers and steps; ids must be unique (case-insensitive).
    public mutating func register(_ modality: any Modality) throws {
        if modalities.contains(where: { $0.id.lowercased() == modality.id.lowercased() }) {
            throw ModalityError(reason: "modality '\(modality.id)' is registered twice")
        }
        for step in modality.steps { try add(step: step) }
        for reader in modality.readers { add(reader: reader) }
        // Every pipeline the definition names must compile against the catalogue.
        let definition = modality.definition
        for (name, pipeline) in definition.preprocess.sorted(by: { $0.key < $1.key }) {
            do { _ = try compile(pipeline) } catch let error as LocatedError {
                throw ModalityError(reason: "modality '\(modality.id)', preprocess '\(name)': \(error.reason)")
            }
        }
        do { _ = try compile(definition.augment) } catch let error as LocatedError {
            throw ModalityError(reason: "modality '\(modality.id)', augment: \(error.reason)")
        }
        modalities.append(modality)
    }

    /// Registers a plugin's modality.
    public mutating func register(plugin: any ModalityPlugin.Type) throws {
        try register(plugin.makeModality())
    }

    /// The modality with this id (case-insensitive).
    public func modality(named id: String) throws -> any Modality {
        if let m = modalities.first(where: { $0.id.lowercased() == id.lowercased() }) { return m }
        let known = modalities.map(\.id).joined(separator: ", ")
        throw ModalityError(reason: "unknown modality '\(id)' (known: \(known.isEmpty ? "none" : known))")
    }

    /// Instantiates every step of a pipeline, refusing unknown step names and bad parameters.
    public func compile(_ pipeline: Pipeline, file: String? = nil) throws -> CompiledPipeline {
        var compiled: [any ProcessingStep] = []
        for (index, spec) in pipeline.steps.enumerated() {
            guard let type = steps[spec.name] else {
                throw ProcessingError(file: file, reason: "step \(index + 1): unknown step '\(spec.name)' (known: \(steps.keys.sorted().joined(separator: ", ")))")
            }
            do {
                compiled.append(try type.init(parameters: spec.parameters))
            } catch let error as ProcessingError {
                throw ProcessingError(file: file, reason: "step \(index + 1): \(error.reason)")
            }
        }
        return CompiledPipeline(steps: compiled)
    }

    /// The reader that claims `bytes` most confidently, or nil. Scores count up to 100 (a signature
    /// match, see `SpectrumReader.sniff`) and ties go to the earlier reader, so after a 100 the later
    /// readers are not asked: none of them could win.
    public func reader(forHead head: [UInt8], fileExtension: String) -> (any SpectrumReader)? {
        var best: (any SpectrumReader)?
        var bestScore = 0
        for entry in readerEntries {
            for reader in entry.readers {
                let score = min(reader.sniff(head: head, fileExtension: fileExtension), 100)
                if score > bestScore { best = reader; bestScore = score }
                if bestScore == 100 { return best }
            }
        }
        return best
    }

    /// The reader registered under `formatName`.
    public func reader(named formatName: String) throws -> any SpectrumReader {
        let name = formatName.lowercased()
        for entry in readerEntries {
            if let r = entry.readers.first(where: { $0.formatName == name }) { return r }
        }
        throw SpectrumReadError(file: nil, reason: "unknown format '\(formatName)' (known: \(readers.map(\.formatName).joined(separator: ", ")))")
    }

    /// Reads a file with the reader chosen by sniffing (or by `format`).
    public func readDocument(atPath path: String, format: String? = nil) throws -> SpectrumDocument {
        let bytes = try readFileBytes(path)
        let ext = (path as NSString).pathExtension.lowercased()
        let reader: any SpectrumReader
        if let format {
            reader = try self.reader(named: format)
        } else if let sniffed = self.reader(forHead: Array(bytes.prefix(4096)), fileExtension: ext) {
            reader = sniffed
        } else {
            throw SpectrumReadError(file: path, reason: "unrecognised file format\(ext.isEmpty ? "" : " (.\(ext))"); known formats: \(readers.map(\.formatName).joined(separator: ", "))")
        }
        let document = try reader.read(bytes, file: path)
        guard !document.blocks.isEmpty else {
            throw SpectrumReadError(file: path, reason: "no spectrum found")
        }
        return document
    }

    /// Reads one block (0-based) of a file.
    public func readSpectrum(atPath path: String, block: Int = 0, format: String? = nil) throws -> Spectrum {
        let document = try readDocument(atPath: path, format: format)
        guard document.blocks.indices.contains(block) else {
            throw SpectrumReadError(file: path, reason: "block \(block) does not exist; the file has \(document.blocks.count) block(s) (0-based)")
        }
        return document.blocks[block]
    }

    /// Reads a file and applies a modality's preprocessing (`measured` unless named otherwise),
    /// giving the canonical-grid spectrum.
    public func preprocess(fileAtPath path: String, modality: any Modality, pipeline name: String = "measured",
                           block: Int = 0) throws -> Spectrum {
        let spectrum = try readSpectrum(atPath: path, block: block)
        guard let pipeline = modality.definition.preprocess[name] else {
            throw ProcessingError(file: path, reason: "modality '\(modality.id)' has no '\(name)' preprocessing")
        }
        do {
            var processed = try compile(pipeline).apply(to: spectrum)
            // Once on the modality's grid, the units are the modality's, whatever the file named
            // (plain .xy names none; OpenSpecy calls Raman shift "wavenumber").
            processed.xUnit = modality.definition.axis.unit
            processed.yUnit = modality.definition.intensity
            return processed
        } catch let error as ProcessingError where error.file == nil {
            throw ProcessingError(file: path, line: error.line, reason: error.reason)
        }
    }
}

/// One entry of a registry's reader list: a reader, or readers made on first use.
private enum ReaderEntry: Sendable {
    case reader(any SpectrumReader)
    case madeWhenNeeded(ReadersMadeOnce)

    var readers: [any SpectrumReader] {
        switch self {
        case .reader(let reader): [reader]
        case .madeWhenNeeded(let group): group.readers
        }
    }
}

/// Readers made by a closure the first time they are asked for (shared by copies of a registry).
private final class ReadersMadeOnce: @unchecked Sendable { // `make` runs and `made` is set under `lock`
    private let make: () -> [any SpectrumReader]
    private let lock = NSLock()
    private var made: [any SpectrumReader]?

    init(_ make: @escaping () -> [any SpectrumReader]) { self.make = make }

    var readers: [any SpectrumReader] {
        lock.lock()
        defer { lock.unlock() }
        if let made { return made }
        let readers = make()
        made = readers
        return readers
    }
}

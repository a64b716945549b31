import Foundation

/// The canonical grid a modality resamples every spectrum onto before a model sees it.
public struct CanonicalAxis: Codable, Sendable, Equatable {
    /// Unit of the grid values.
    public var unit: AxisUnit
    /// First grid value, in `unit`.
    public var start: Double
    /// Last grid value, in `unit` (included).
    public var stop: Double
    /// Spacing, in `unit`.
    public var step: Double

    public init(unit: AxisUnit, start: Double, stop: Double, step: Double) {
        self.unit = unit
        self.start = start
        self.stop = stop
        self.step = step
    }

    /// Number of grid points: `round((stop - start) / step) + 1` (XRD 5–50° at 0.02° → 2251).
    public var count: Int { Int(((stop - start) / step).rounded()) + 1 }

    /// The grid values, computed as `start + i * step` to avoid accumulated rounding.
    public var values: [Double] { (0..<count).map { start + Double($0) * step } }
}

/// A modality's declarative part, decoded from `modalities/<NAME>/modality.json`.
///
/// ```json
/// { "id": "xrd", "name": "X-ray powder diffraction",
///   "axis": { "unit": "twoThetaDegrees", "start": 5, "stop": 50, "step": 0.02 },
///   "intensity": "normalized",
///   "preprocess": { "measured": { "steps": [...] }, "simulated": { "steps": [...] } },
///   "augment": { "steps": [...] },
///   "options": { "wavelength": "CuKa" } }
/// ```
public struct ModalityDefinition: Codable, Sendable, Equatable {
    /// Lower-case identifier used on the command line and in checkpoints (`xrd`, `ftir`).
    public var id: String
    /// Human-readable name.
    public var name: String
    /// One-line description for `spectra modalities`.
    public var summary: String?
    /// The canonical grid.
    public var axis: CanonicalAxis
    /// The intensity unit of canonical spectra.
    public var intensity: IntensityUnit
    /// Named preprocessing pipelines; `measured` is the default for files, `simulated` for simulations.
    public var preprocess: [String: Pipeline]
    /// The default training augmentation.
    public var augment: Pipeline
    /// Free-form modality options (strings), e.g. the XRD wavelength.
    public var options: [String: String]?

    public init(id: String, name: String, summary: String? = nil, axis: CanonicalAxis, intensity: IntensityUnit,
                preprocess: [String: Pipeline], augment: Pipeline, options: [String: String]? = nil) {
        self.id = id
        self.name = name
        self.summary = summary
        self.axis = axis
        self.intensity = intensity
        self.preprocess = preprocess
        self.augment = augment
        self.options = options
    }

    /// Decodes and validates a definition; `file` names the source in errors.
    public static func decode(json: String, file: String) throws -> ModalityDefinition {
        let definition: ModalityDefinition
        do {
            definition = try JSONDecoder().decode(ModalityDefinition.self, from: Data(json.utf8))
        } catch let error as LocatedError {
            throw ModalityError(file: file, line: error.line, reason: error.reason)
        } catch {
            throw ModalityError(file: file, reason: "invalid modality definition: \(describeDecodingError(error))")
        }
        try definition.validate(file: file)
        return definition
    }

    /// Checks the grid and pipelines for consistency.
    public func validate(file: String?) throws {
        guard !id.isEmpty, id.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
            throw ModalityError(file: file, reason: "modality id '\(id)' must be non-empty letters, digits, '-' or '_'")
        }
        guard axis.start.isFinite, axis.stop.isFinite, axis.step.isFinite, axis.step > 0, axis.stop > axis.start else {
            throw ModalityError(file: file, reason: "axis needs finite start < stop and step > 0")
        }
        guard axis.count <= 1_000_000 else {
            throw ModalityError(file: file, reason: "axis has \(axis.count) points; at most 1,000,000 are allowed")
        }
        guard preprocess["measured"] != nil else {
            throw ModalityError(file: file, reason: "preprocess must define a 'measured' pipeline")
        }
    }
}

/// Turns a `DecodingError` into one readable sentence with its coding path.
public func describeDecodingError(_ error: Error) -> String {
    guard let error = error as? DecodingError else { return "\(error)" }
    func path(_ keys: [CodingKey]) -> String {
        keys.isEmpty ? "top level" : keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
    }
    switch error {
    case let .typeMismatch(_, context), let .valueNotFound(_, context):
        return "\(path(context.codingPath)): \(context.debugDescription)"
    case let .keyNotFound(key, context):
        return "\(path(context.codingPath + [key])): missing"
    case let .dataCorrupted(context):
        return "\(path(context.codingPath)): \(context.debugDescription)"
    @unknown default:
        return "\(error)"
    }
}

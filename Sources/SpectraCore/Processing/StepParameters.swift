/// One parameter value of a processing step, as it appears in pipeline JSON.
public enum ParameterValue: Codable, Equatable, Sendable {
    case number(Double)
    case string(String)
    case bool(Bool)
    case numbers([Double])

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let b = try? container.decode(Bool.self) { self = .bool(b); return }
        if let d = try? container.decode(Double.self) { self = .number(d); return }
        if let s = try? container.decode(String.self) { self = .string(s); return }
        if let a = try? container.decode([Double].self) { self = .numbers(a); return }
        throw DecodingError.dataCorruptedError(in: container,
            debugDescription: "a step parameter must be a number, string, boolean or list of numbers")
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .number(let d): try container.encode(d)
        case .string(let s): try container.encode(s)
        case .bool(let b): try container.encode(b)
        case .numbers(let a): try container.encode(a)
        }
    }
}

/// The named parameters of one step, with typed accessors that fail with a clear `ProcessingError`.
public struct StepParameters: Equatable, Sendable, ExpressibleByDictionaryLiteral {
    public var values: [String: ParameterValue]

    public init(_ values: [String: ParameterValue] = [:]) { self.values = values }
    public init(dictionaryLiteral elements: (String, ParameterValue)...) {
        self.values = Dictionary(elements, uniquingKeysWith: { _, last in last })
    }

    public subscript(key: String) -> ParameterValue? {
        get { values[key] }
        set { values[key] = newValue }
    }

    /// Refuses keys the step does not know (typos must not be silently ignored).
    public func requireOnly(_ known: Set<String>, step: String) throws {
        for key in values.keys.sorted() where !known.contains(key) {
            throw ProcessingError(reason: "step '\(step)': unknown parameter '\(key)' (known: \(known.sorted().joined(separator: ", ")))")
        }
    }

    /// A finite number, or `defaultValue` when absent (nil default = required).
    public func double(_ key: String, step: String, default defaultValue: Double? = nil) throws -> Double {
        guard let value = values[key] else {
            if let d = defaultValue { return d }
            throw ProcessingError(reason: "step '\(step)': missing parameter '\(key)'")
        }
        guard case .number(let d) = value, d.isFinite else {
            throw ProcessingError(reason: "step '\(step)': parameter '\(key)' must be a finite number")
        }
        return d
    }

    /// A whole number, or `defaultValue` when absent.
    public func int(_ key: String, step: String, default defaultValue: Int? = nil) throws -> Int {
        let d = try double(key, step: step, default: defaultValue.map(Double.init))
        guard d == d.rounded(), abs(d) < 1e15 else {
            throw ProcessingError(reason: "step '\(step)': parameter '\(key)' must be a whole number")
        }
        return Int(d)
    }

    /// A string, or `defaultValue` when absent.
    public func string(_ key: String, step: String, default defaultValue: String? = nil) throws -> String {
        guard let value = values[key] else {
            if let s = defaultValue { return s }
            throw ProcessingError(reason: "step '\(step)': missing parameter '\(key)'")
        }
        guard case .string(let s) = value else {
            throw ProcessingError(reason: "step '\(step)': parameter '\(key)' must be a string")
        }
        return s
    }

    /// A boolean, or `defaultValue` when absent.
    public func bool(_ key: String, step: String, default defaultValue: Bool? = nil) throws -> Bool {
        guard let value = values[key] else {
            if let b = defaultValue { return b }
            throw ProcessingError(reason: "step '\(step)': missing parameter '\(key)'")
        }
        guard case .bool(let b) = value else {
            throw ProcessingError(reason: "step '\(step)': parameter '\(key)' must be true or false")
        }
        return b
    }

    /// A list of finite numbers (a single number counts as a list of one), or `defaultValue`.
    public func doubles(_ key: String, step: String, default defaultValue: [Double]? = nil) throws -> [Double] {
        guard let value = values[key] else {
            if let a = defaultValue { return a }
            throw ProcessingError(reason: "step '\(step)': missing parameter '\(key)'")
        }
        switch value {
        case .numbers(let a) where a.allSatisfy(\.isFinite): return a
        case .number(let d) where d.isFinite: return [d]
        default: throw ProcessingError(reason: "step '\(step)': parameter '\(key)' must be a list of finite numbers")
        }
    }
}

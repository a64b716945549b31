/// An error that names where in the input it happened: the file, the line (when there is one)
/// and the reason. Its description is the CLI's one-line message `FILE:LINE: reason`.
public protocol LocatedError: Error, CustomStringConvertible, Sendable {
    /// The file (or other input name) the error is about; nil when not tied to a file.
    var file: String? { get }
    /// 1-based line number in `file`, when there is one.
    var line: Int? { get }
    /// What is wrong, in words a user can act on.
    var reason: String { get }
}

extension LocatedError {
    public var description: String {
        switch (file, line) {
        case let (file?, line?): return "\(file):\(line): \(reason)"
        case let (file?, nil): return "\(file): \(reason)"
        default: return reason
        }
    }
}

/// A file could not be read as a spectrum.
public struct SpectrumReadError: LocatedError, Equatable {
    public var file: String?
    public var line: Int?
    public var reason: String
    public init(file: String?, line: Int? = nil, reason: String) {
        self.file = file
        self.line = line
        self.reason = reason
    }
}

/// A processing step or pipeline was misconfigured, or could not be applied to a spectrum.
public struct ProcessingError: LocatedError, Equatable {
    public var file: String?
    public var line: Int?
    public var reason: String
    public init(file: String? = nil, line: Int? = nil, reason: String) {
        self.file = file
        self.line = line
        self.reason = reason
    }
}

/// A modality definition or registration is invalid.
public struct ModalityError: LocatedError, Equatable {
    public var file: String?
    public var line: Int?
    public var reason: String
    public init(file: String? = nil, line: Int? = nil, reason: String) {
        self.file = file
        self.line = line
        self.reason = reason
    }
}

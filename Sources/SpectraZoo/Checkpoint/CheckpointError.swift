import SpectraCore

/// A checkpoint, its compressed frame, or a zoo manifest entry could not be read or trusted.
public struct CheckpointError: LocatedError, Equatable {
    public var file: String?
    public var line: Int?
    public var reason: String
    public init(file: String?, line: Int? = nil, reason: String) {
        self.file = file
        self.line = line
        self.reason = reason
    }
}

import SpectraCore

/// A CIF file could not be read as a crystal structure: file, line (where there is one) and reason.
public struct CIFError: LocatedError, Equatable {
    public var file: String?
    public var line: Int?
    public var reason: String
    public init(file: String?, line: Int? = nil, reason: String) {
        self.file = file
        self.line = line
        self.reason = reason
    }
}

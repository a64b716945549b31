import SpectraCore

/// An explanation, embedding or plot could not be made from the given model or input (wrong
/// architecture, unknown class, too few points for the perplexity, a malformed log line).
public struct InsightError: LocatedError, Equatable {
    public var file: String?
    public var line: Int?
    public var reason: String
    public init(file: String? = nil, line: Int? = nil, reason: String) {
        self.file = file
        self.line = line
        self.reason = reason
    }
}

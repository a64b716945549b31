import SpectraCore

/// A model configuration or input the model cannot accept (bad shapes, NaN in a batch, a label
/// out of range, a NaN loss at a named step); `file` names the configuration file when there is one.
public struct ModelError: LocatedError, Equatable {
    public var file: String?
    public var line: Int?
    public var reason: String
    public init(file: String? = nil, line: Int? = nil, reason: String) {
        self.file = file
        self.line = line
        self.reason = reason
    }
}

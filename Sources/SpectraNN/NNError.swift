import SpectraCore

/// A model, batch or training configuration the engine cannot run: a bad shape, a NaN in the
/// input, a label out of range, a NaN loss (naming the step), a missing or misshaped tensor.
public struct NNError: LocatedError, Equatable {
    public var file: String?
    public var line: Int?
    public var reason: String
    public init(file: String? = nil, line: Int? = nil, reason: String) {
        self.file = file
        self.line = line
        self.reason = reason
    }
}

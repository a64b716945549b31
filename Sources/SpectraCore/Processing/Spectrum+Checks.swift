/// Input checks shared by the processing steps, so every step refuses bad spectra with the same
/// typed `ProcessingError` instead of producing NaN or trapping.
extension Spectrum {
    /// Throws unless the spectrum has at least `minimum` points and every x and y is finite.
    public func requireUsable(step: String, minimumPoints minimum: Int = 1) throws {
        guard count >= minimum else {
            let what = count == 0 ? "an empty spectrum" : "a spectrum of \(count) point\(count == 1 ? "" : "s")"
            throw ProcessingError(reason: "step '\(step)': needs at least \(minimum) point\(minimum == 1 ? "" : "s"), got \(what)")
        }
        if let i = x.firstIndex(where: { !$0.isFinite }) {
            throw ProcessingError(reason: "step '\(step)': x value \(i + 1) is \(x[i]); spectra must hold finite numbers")
        }
        if let i = y.firstIndex(where: { !$0.isFinite }) {
            throw ProcessingError(reason: "step '\(step)': intensity \(i + 1) is \(y[i]); spectra must hold finite numbers")
        }
    }

    /// Median spacing of the sorted x values (x units); 0 when there are fewer than 2 points.
    public var medianStep: Double {
        let sorted = x.sorted()
        guard sorted.count >= 2 else { return 0 }
        var steps = zip(sorted, sorted.dropFirst()).map { $1 - $0 }
        steps.sort()
        return steps[steps.count / 2]
    }
}

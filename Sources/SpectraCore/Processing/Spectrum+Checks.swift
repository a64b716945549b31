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
        guard count >= 2 else { return 0 }
        // Most spectra arrive sorted; sorting x again would dominate cheap steps.
        let sorted = isAscending ? x : x.sorted()
        var steps = zip(sorted, sorted.dropFirst()).map { $1 - $0 }
        return Self.select(&steps, rank: steps.count / 2)
    }

    /// The element of rank `k` (0-based, ascending) of `values`, reordering them: quickselect, which
    /// is linear on average, falling back to a full sort if partitioning degenerates.
    static func select(_ values: inout [Double], rank k: Int) -> Double {
        var lo = 0, hi = values.count - 1
        var budget = 2 * (Int.bitWidth - values.count.leadingZeroBitCount) + 8
        while lo < hi {
            budget -= 1
            if budget < 0 {
                values[lo...hi].sort()
                return values[k]
            }
            let pivot = values[lo + (hi - lo) / 2]
            var i = lo, j = hi
            while i <= j {
                while values[i] < pivot { i += 1 }
                while values[j] > pivot { j -= 1 }
                if i <= j { values.swapAt(i, j); i += 1; j -= 1 }
            }
            if k <= j { hi = j } else if k >= i { lo = i } else { return values[k] }
        }
        return values[k]
    }
}

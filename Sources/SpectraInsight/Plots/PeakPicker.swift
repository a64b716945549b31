/// The tallest peaks of a curve, for labelling: local maxima (higher than the point before, not lower
/// than the point after, so a flat top counts once, at its first point), taken by height and skipped
/// when closer than a minimum separation to a taller one already taken.
public enum PeakPicker {
    /// Indices of at most `count` peaks of `y` (x ascending or descending), tallest first, at least
    /// `separation` apart in x units.
    public static func tallest(x: [Double], y: [Double], count: Int, separation: Double) -> [Int] {
        let n = min(x.count, y.count)
        guard n >= 3, count > 0 else { return [] }
        var candidates: [Int] = []
        for i in 1..<(n - 1) where y[i].isFinite && x[i].isFinite {
            let left = y[i - 1], right = y[i + 1]
            if y[i] > left && y[i] >= right { candidates.append(i) }
        }
        candidates.sort { y[$0] != y[$1] ? y[$0] > y[$1] : $0 < $1 }
        var chosen: [Int] = []
        for i in candidates where chosen.count < count {
            if chosen.allSatisfy({ abs(x[$0] - x[i]) >= separation }) { chosen.append(i) }
        }
        return chosen
    }
}

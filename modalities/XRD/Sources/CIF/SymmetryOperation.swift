/// A space-group operation on fractional coordinates: r' = R·r + t.
public struct SymmetryOperation: Sendable, Equatable, Hashable {
    /// Rotation part, row-major 3×3 (entries are small integers for crystallographic operations).
    public var rotation: [Double]
    /// Translation part (fractions of the cell).
    public var translation: SIMD3<Double>

    /// The identity x,y,z.
    public static let identity = SymmetryOperation(rotation: [1, 0, 0, 0, 1, 0, 0, 0, 1], translation: .zero)

    public init(rotation: [Double], translation: SIMD3<Double>) {
        self.rotation = rotation
        self.translation = translation
    }

    /// Applies the operation to fractional coordinates.
    ///
    /// The sums are grouped as (R₀x + R₂z) + (R₁y + t), the order in which numpy's 4×4 affine
    /// product in pymatgen's `SymmOp.operate` rounds (checked bit for bit on 6,216 cases), so that
    /// images that land 1e-4 apart from rounded CIF coordinates are merged exactly when pymatgen merges them.
    public func apply(_ r: SIMD3<Double>) -> SIMD3<Double> {
        SIMD3((rotation[0] * r.x + rotation[2] * r.z) + (rotation[1] * r.y + translation.x),
              (rotation[3] * r.x + rotation[5] * r.z) + (rotation[4] * r.y + translation.y),
              (rotation[6] * r.x + rotation[8] * r.z) + (rotation[7] * r.y + translation.z))
    }

    /// Composition self ∘ other (apply `other` first), translation reduced to [0, 1).
    public func composed(with other: SymmetryOperation) -> SymmetryOperation {
        var r = [Double](repeating: 0, count: 9)
        for i in 0..<3 { for j in 0..<3 { for k in 0..<3 { r[3 * i + j] += rotation[3 * i + k] * other.rotation[3 * k + j] } } }
        let t = SymmetryOperation(rotation: rotation, translation: .zero).apply(other.translation) + translation
        return SymmetryOperation(rotation: r, translation: SymmetryOperation.reduced(t))
    }

    /// Wraps each component into [0, 1), snapping values within 1e-6 of 1 to 0.
    static func reduced(_ t: SIMD3<Double>) -> SIMD3<Double> {
        var out = t - t.rounded(.down)
        for i in 0..<3 where out[i] > 1 - 1e-6 { out[i] = 0 }
        return out
    }

    /// Parses the CIF notation `x,y,z`, `-x+1/2,y,-z`, `1/2+x`, `x-y`, `0.5-z` (case-insensitive).
    /// Returns nil when the text is not an operation of this form.
    public static func parse(_ text: String) -> SymmetryOperation? {
        let parts = text.lowercased().filter { $0 != " " && $0 != "\t" }.split(separator: ",", omittingEmptySubsequences: false)
        guard parts.count == 3 else { return nil }
        var rotation = [Double](repeating: 0, count: 9)
        var translation = SIMD3<Double>.zero
        for (row, part) in parts.enumerated() {
            guard !part.isEmpty else { return nil }
            let chars = Array(part)
            var i = 0
            var sawVariable = false
            while i < chars.count {
                var sign = 1.0
                if chars[i] == "+" { i += 1 } else if chars[i] == "-" { sign = -1; i += 1 }
                guard i < chars.count else { return nil }
                // A term: number, number/number, number*var, number var, or var.
                var number: Double?
                let start = i
                while i < chars.count, chars[i].isNumber || chars[i] == "." { i += 1 }
                if i > start {
                    guard var value = Double(String(chars[start..<i])) else { return nil }
                    if i < chars.count, chars[i] == "/" {
                        i += 1
                        let dstart = i
                        while i < chars.count, chars[i].isNumber || chars[i] == "." { i += 1 }
                        guard i > dstart, let d = Double(String(chars[dstart..<i])), d != 0 else { return nil }
                        value /= d
                    }
                    number = value
                    if i < chars.count, chars[i] == "*" { i += 1 }
                }
                if i < chars.count, let column = ["x": 0, "y": 1, "z": 2][chars[i]] {
                    rotation[3 * row + column] += sign * (number ?? 1)
                    sawVariable = true
                    i += 1
                } else if let number {
                    translation[row] += sign * number
                } else {
                    return nil
                }
            }
            guard sawVariable else { return nil }
        }
        return SymmetryOperation(rotation: rotation, translation: translation)
    }
}

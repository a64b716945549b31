/// Byte-level decimal number parsing shared by the text readers (no String work in hot loops).
///
/// Results are correctly rounded: mantissas of up to 15 significant digits with a decimal
/// exponent in ±22 take the exact fast path (`Double(m) * 10^k` or `/ 10^k`, both exact operands);
/// everything else falls back to the C library's `strtod` through `Double(String)`.
public enum DecimalScanner {
    /// Powers of ten that are exact in Double.
    @usableFromInline static let exactPowers: [Double] = (0...22).map { k in
        var p = 1.0
        for _ in 0..<k { p *= 10 }
        return p
    }

    /// Parses an unsigned decimal `digits[.digits][(e|E)[+-]digits]` starting at `start`.
    /// Returns the value and the index after the number, or nil when no digit is found.
    /// `exponentNeedsSign` is true in JCAMP ASDF, where `E`/`e` are squeezed digits unless followed by a sign.
    @inlinable
    public static func scanUnsigned(_ p: UnsafeBufferPointer<UInt8>, from start: Int, end: Int,
                                    negative: Bool, leadingDigit: Int? = nil,
                                    exponentNeedsSign: Bool = false) -> (value: Double, next: Int)? {
        var i = start
        var mantissa: UInt64 = 0
        var significant = 0
        var dropped = 0          // integer digits beyond 19 significant ones (scale by 10 each)
        var fractionDigits = 0
        var sawDigit = false
        if let d = leadingDigit {
            mantissa = UInt64(d)
            significant = d == 0 ? 0 : 1
            sawDigit = true
        }
        while i < end, p[i] &- 48 < 10 {
            sawDigit = true
            if significant < 19 {
                mantissa = mantissa &* 10 &+ UInt64(p[i] &- 48)
                if mantissa != 0 { significant += 1 }
            } else {
                dropped += 1
            }
            i += 1
        }
        if i < end, p[i] == 46 { // '.'
            i += 1
            while i < end, p[i] &- 48 < 10 {
                sawDigit = true
                if significant < 19 {
                    mantissa = mantissa &* 10 &+ UInt64(p[i] &- 48)
                    if mantissa != 0 { significant += 1 }
                    fractionDigits += 1
                }
                i += 1
            }
        }
        guard sawDigit else { return nil }
        var exponent = 0
        if i < end, p[i] == 69 || p[i] == 101 { // 'E' / 'e'
            var j = i + 1
            var expNegative = false
            var hasSign = false
            if j < end, p[j] == 43 || p[j] == 45 { expNegative = p[j] == 45; hasSign = true; j += 1 }
            if (hasSign || !exponentNeedsSign), j < end, p[j] &- 48 < 10 {
                var e = 0
                while j < end, p[j] &- 48 < 10 {
                    if e < 100_000 { e = e * 10 + Int(p[j] &- 48) }
                    j += 1
                }
                exponent = expNegative ? -e : e
                i = j
            }
        }
        let scale = exponent - fractionDigits + dropped
        var value: Double
        if significant <= 15, scale >= -22, scale <= 22 {
            value = Double(mantissa)
            if scale >= 0 { value *= exactPowers[scale] } else { value /= exactPowers[-scale] }
        } else if mantissa == 0 {
            value = 0
        } else {
            // Rare long or extreme numbers: let strtod round the original text correctly.
            var text = leadingDigit.map { String($0) } ?? ""
            for k in start..<i { text.unicodeScalars.append(Unicode.Scalar(p[k])) }
            value = Double(text) ?? .nan
        }
        return (negative ? -value : value, i)
    }

    /// Parses a whole field `[+-]number` occupying exactly `p[start..<end]`; nil if anything else is there.
    @inlinable
    public static func parseField(_ p: UnsafeBufferPointer<UInt8>, from start: Int, end: Int) -> Double? {
        guard start < end else { return nil }
        var i = start
        var negative = false
        if p[i] == 43 || p[i] == 45 { negative = p[i] == 45; i += 1 }
        guard let (value, next) = scanUnsigned(p, from: i, end: end, negative: negative), next == end else { return nil }
        return value
    }
}

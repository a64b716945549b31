/// Byte-level decimal number parsing shared by the text readers (no String work in hot loops).
///
/// Results are correctly rounded, equal to the C library's `strtod`: a mantissa below 2^53 with a decimal
/// exponent in ±22 takes the exact fast path (`Double(m) * 10^k` or `/ 10^k`, both operands exact, so the one
/// rounding is IEEE's; Clinger 1990); everything else (17+ significant digits, extreme exponents) falls back
/// to `strtod` itself through `Double(String)`.
public enum DecimalScanner {
    /// 10^k for k in 0...22, every one exact in Double.
    @inlinable @inline(__always)
    static func exactPower(_ k: Int) -> Double {
        switch k {
        case 0: 1e0; case 1: 1e1; case 2: 1e2; case 3: 1e3; case 4: 1e4; case 5: 1e5; case 6: 1e6; case 7: 1e7
        case 8: 1e8; case 9: 1e9; case 10: 1e10; case 11: 1e11; case 12: 1e12; case 13: 1e13; case 14: 1e14
        case 15: 1e15; case 16: 1e16; case 17: 1e17; case 18: 1e18; case 19: 1e19; case 20: 1e20; case 21: 1e21
        default: 1e22
        }
    }

    /// Parses an unsigned decimal `digits[.digits][(e|E)[+-]digits]` starting at `start`.
    /// Returns the value and the index after the number, or nil when no digit is found.
    /// `leadingDigit` is a digit that precedes `start` (a JCAMP SQZ/DIF letter's digit).
    /// `exponentNeedsSign` is true in JCAMP ASDF, where `E`/`e` are squeezed digits unless followed by a sign.
    @inlinable @inline(__always)
    public static func scanUnsigned(_ p: UnsafeBufferPointer<UInt8>, from start: Int, end: Int,
                                    negative: Bool, leadingDigit: Int? = nil,
                                    exponentNeedsSign: Bool = false) -> (value: Double, next: Int)? {
        guard let base = p.baseAddress else {
            guard let d = leadingDigit else { return nil }
            return (negative ? -Double(d) : Double(d), start)
        }
        return scan(base, from: start, end: end, readable: p.count, negative: negative,
                    leadingDigit: UInt64(truncatingIfNeeded: leadingDigit ?? 0), hasLeadingDigit: leadingDigit != nil,
                    exponentNeedsSign: exponentNeedsSign)
    }

    /// `scanUnsigned` on a raw pointer whose bytes `0..<readable` may be read (`end <= readable`);
    /// `leadingDigit` counts only when `hasLeadingDigit`.
    ///
    /// Fast path: at most 8 integer and 8 fraction digits, no exponent and a mantissa up to 2^53, the shape of
    /// nearly every number in spectrum files. Each run of digits is read as one 8-byte word; the mantissa and
    /// the power of ten are exact, so the one division rounds exactly as `strtod`. Anything else: `scanLong`.
    @inlinable @inline(__always)
    static func scan(_ p: UnsafePointer<UInt8>, from start: Int, end: Int, readable: Int, negative: Bool,
                     leadingDigit: UInt64, hasLeadingDigit: Bool,
                     exponentNeedsSign: Bool) -> (value: Double, next: Int)? {
        if start + 8 <= readable {
            // A run of 8 digits fits only if no ninth follows.
            func ended(_ digits: Int, at i: Int) -> Bool { digits < 8 || i >= end || p[i] &- 48 >= 10 }
            let (integerDigits, integer) = digitRun(p + start, limit: end - start)
            var mantissa = leadingDigit &* exactIntegerPower(integerDigits) &+ integer // ≤ 10^9; ≤ 10^17 below
            var fractionDigits = 0
            var next = start + integerDigits
            var fits = ended(integerDigits, at: next)
            if fits, next < end, p[next] == 46 { // '.'
                if next + 9 <= readable {
                    let (digits, fraction) = digitRun(p + next + 1, limit: end - next - 1)
                    mantissa = mantissa &* exactIntegerPower(digits) &+ fraction
                    fractionDigits = digits
                    next += 1 + digits
                    fits = ended(digits, at: next) && (integerDigits + digits > 0 || hasLeadingDigit)
                } else {
                    fits = false
                }
            } else {
                fits = fits && (integerDigits > 0 || hasLeadingDigit)
            }
            if fits, mantissa <= 1 << 53, next >= end || p[next] | 0x20 != 101 { // exact; no 'e' / 'E' follows
                let value = fractionDigits == 0 ? Double(mantissa) : Double(mantissa) / exactPower(fractionDigits)
                return (negative ? -value : value, next)
            }
        }
        return scanLong(p, from: start, end: end, negative: negative, leadingDigit: leadingDigit,
                        hasLeadingDigit: hasLeadingDigit, exponentNeedsSign: exponentNeedsSign)
    }

    /// The leading decimal digits of the 8 bytes at `p` (at most `limit` of them): their count (8 when all
    /// are digits) and their value.
    @inlinable @inline(__always)
    static func digitRun(_ p: UnsafePointer<UInt8>, limit: Int) -> (count: Int, value: UInt64) {
        let word = UInt64(littleEndian: UnsafeRawPointer(p).loadUnaligned(as: UInt64.self))
        let digits = word &- 0x3030_3030_3030_3030
        // The high bit of the lowest non-digit byte is set (exactly: the bytes below it are digits, so no carry
        // or borrow reaches it); bytes above it may be flagged either way and are not used.
        let nonDigit = ((word &+ 0x4646_4646_4646_4646) | digits) & 0x8080_8080_8080_8080
        let count = min(nonDigit == 0 ? 8 : nonDigit.trailingZeroBitCount >> 3, max(limit, 0))
        if count == 0 { return (0, 0) }
        return (count, eightDigitValue(digits &<< UInt64(64 - 8 * count)))
    }

    /// The number whose decimal digits (values 0–9) are the bytes of `word`, the lowest-addressed byte most
    /// significant (`parse_eight_digits_unrolled` of Lemire's fast_float).
    @inlinable @inline(__always)
    static func eightDigitValue(_ word: UInt64) -> UInt64 {
        let pairs = word &* 10 &+ (word >> 8)   // each 16-bit lane: two digits as a number < 100
        let mask: UInt64 = 0x0000_00FF_0000_00FF
        let quads = ((pairs & mask) &* 0x000F_4240_0000_0064 &+ ((pairs >> 16) & mask) &* 0x0000_2710_0000_0001) >> 32
        return quads & 0xFFFF_FFFF
    }

    /// 10^k for k in 0...8.
    @inlinable @inline(__always)
    static func exactIntegerPower(_ k: Int) -> UInt64 {
        switch k {
        case 0: 1; case 1: 10; case 2: 100; case 3: 1_000; case 4: 10_000; case 5: 100_000; case 6: 1_000_000
        case 7: 10_000_000
        default: 100_000_000
        }
    }

    /// Any decimal, byte by byte: up to 19 significant digits are kept; a mantissa below 2^53 with a decimal
    /// exponent in ±22 is exact (one correctly rounded multiplication or division); the rest go to `strtod`.
    @usableFromInline
    static func scanLong(_ p: UnsafePointer<UInt8>, from start: Int, end: Int, negative: Bool,
                        leadingDigit: UInt64, hasLeadingDigit: Bool,
                        exponentNeedsSign: Bool) -> (value: Double, next: Int)? {
        var i = start
        var mantissa = leadingDigit       // the first 19 significant digits
        var significant = leadingDigit == 0 ? 0 : 1
        var dropped = 0                   // integer digits beyond 19 significant ones (scale by 10 each)
        var fractionDigits = 0
        var sawDigit = hasLeadingDigit
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
            if hasSign || !exponentNeedsSign, j < end, p[j] &- 48 < 10 {
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
        if mantissa <= 1 << 53, scale >= -22, scale <= 22 {
            value = Double(mantissa)
            if scale >= 0 { value *= exactPower(scale) } else { value /= exactPower(-scale) }
        } else if mantissa == 0 {
            value = 0
        } else {
            value = strtodFallback(p, from: start, to: i, leadingDigit: hasLeadingDigit ? Int(leadingDigit) : nil)
        }
        return (negative ? -value : value, i)
    }

    /// Rare long or extreme numbers: `strtod` (through `Double(String)`) rounds the original text.
    @usableFromInline @inline(never)
    static func strtodFallback(_ p: UnsafePointer<UInt8>, from start: Int, to end: Int, leadingDigit: Int?) -> Double {
        var text = leadingDigit.map { String($0) } ?? ""
        for k in start..<end { text.unicodeScalars.append(Unicode.Scalar(p[k])) }
        return Double(text) ?? .nan
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

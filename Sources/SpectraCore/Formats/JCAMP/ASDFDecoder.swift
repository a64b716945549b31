/// Decodes the data lines of a JCAMP-DX `(X++(Y..Y))` table: AFFN numbers and every ASDF form.
///
/// ASDF replaces a number's sign and first digit by one letter:
/// SQZ `@A–I` = +0…+9 and `a–i` = −1…−9 (absolute values); DIF `%J–R` = +0…+9 and `j–r` = −1…−9
/// (difference from the previous value); DUP `S–Z s` = 1…9 (the previous token occurs this many times in
/// all, so `S` is a no-op). Following ASCII digits continue the number (`D117` = +4117, `T2` = 22 times).
/// AFFN numbers are separated by blanks, commas or their own sign (`12-5` is 12 and −5); an `E`/`e` is an
/// exponent only when a sign follows (`1.5E-3`), otherwise it is the SQZ digit ±5.
///
/// Each line starts with an X value; the Y values follow. When a line ends in DIF form, the next line's first
/// Y repeats the previous line's last Y as a check (the "Y-check"); `decodeLine` reports that state.
/// `decodeLine` finds the line's end itself (it reads every byte anyway) and reports it in `lineEnd`.
struct ASDFDecoder {
    /// The current line's values after DIF/DUP expansion: `[X, Y1, Y2, ...]`; valid until the next `decodeLine`.
    var values: UnsafeBufferPointer<Double> { storage.values }
    /// True when the current line's last Y came from a DIF token (so the next line starts with a Y-check).
    private(set) var endsWithDifference = false
    /// False when a value of the current line is infinite or NaN (a huge exponent, DIF sums that overflow).
    private(set) var valuesAreFinite = true
    /// Where the current line ends: the index of its CR or LF, or the `limit` it was decoded to.
    private(set) var lineEnd = 0

    /// The current line's values, reused from line to line.
    private let storage = DoubleBuffer()

    /// Largest DUP count accepted; a larger one is certainly corruption.
    static let maximumDuplicateCount = 1_000_000
    /// Largest number of values one line may expand to (DUP counts add up); guards memory.
    static let maximumLineValues = 10_000_000

    /// Decodes the line from `start` to its CR or LF (or to `limit`); returns nil on success or the reason it is
    /// malformed.
    mutating func decodeLine(_ p: UnsafeBufferPointer<UInt8>, start: Int, limit: Int) -> String? {
        storage.count = 0
        endsWithDifference = false
        valuesAreFinite = true
        lineEnd = start
        let readable = p.count
        guard let p = p.baseAddress, start < limit else { return nil }
        var end = limit // until the line break is met; nothing below reads across a CR or LF
        var out = storage.base
        var capacity = storage.capacity
        var n = 0
        defer { storage.count = n }
        var lastWasDifference = false
        var lastWasDuplicate = false
        var lastDifference = 0.0
        var i = start
        while i < end {
            if n < capacity, i &+ ASDFDecoder.usualTokenBytes <= readable { // the usual tokens first, in a tight loop
                let decoded = ASDFDecoder.decodeUsualTokens(p, from: &i, end: end, readable: readable, into: out, count: &n,
                                                            capacity: capacity, lastWasDifference: &lastWasDifference,
                                                            lastDifference: &lastDifference)
                if decoded { lastWasDuplicate = false }
                if i >= end { break }
            }
            let c = p[i]
            if c == 32 { i &+= 1; continue } // the usual separator, before the dispatch below
            if n == capacity { // room for the value this token may give
                storage.reserve(n + 1, keeping: n)
                (out, capacity) = (storage.base, storage.capacity)
            }
            switch c {
            case 32, 9, 44, 59, 0x0B, 0x0C: // blank, tab, comma, semicolon, VT, FF
                i += 1
            case 10, 13: // the line break
                end = i
            case 36: // '$'
                if i + 1 < end, p[i + 1] == 36 { // $$ comment to end of line
                    end = TextLines.lineBreak(p, from: i, limit: end)
                    i = end
                    continue
                }
                return "unexpected character '$' in data"
            case 43, 45, 46, 48...57: // + - . digits: AFFN
                let signed = c == 43 || c == 45
                guard let (v, next) = DecimalScanner.scan(p, from: signed ? i + 1 : i, end: end, readable: readable, negative: c == 45,
                                                          leadingDigit: 0, hasLeadingDigit: false, exponentNeedsSign: true) else {
                    return "'\(Character(Unicode.Scalar(c)))' is not followed by a number"
                }
                out[n] = v
                n += 1
                valuesAreFinite = valuesAreFinite && v.isFinite
                lastWasDifference = false
                lastWasDuplicate = false
                i = next
            case 64, 65...73, 97...105: // SQZ @ A-I a-i
                let negative = c >= 97
                let digit = c == 64 ? 0 : negative ? c - 96 : c - 64
                guard let (v, next) = DecimalScanner.scan(p, from: i + 1, end: end, readable: readable, negative: negative,
                                                          leadingDigit: UInt64(digit), hasLeadingDigit: true,
                                                          exponentNeedsSign: true) else {
                    return "malformed SQZ value"
                }
                out[n] = v
                n += 1
                valuesAreFinite = valuesAreFinite && v.isFinite
                lastWasDifference = false
                lastWasDuplicate = false
                i = next
            case 37, 74...82, 106...114: // DIF % J-R j-r
                let negative = c >= 106
                let digit = c == 37 ? 0 : negative ? c - 105 : c - 73
                guard let (d, next) = DecimalScanner.scan(p, from: i + 1, end: end, readable: readable, negative: negative,
                                                          leadingDigit: UInt64(digit), hasLeadingDigit: true,
                                                          exponentNeedsSign: true) else {
                    return "malformed DIF value"
                }
                guard n >= 2 else {
                    return "DIF value '\(Character(Unicode.Scalar(c)))' has no Y value before it on its line"
                }
                out[n] = out[n - 1] + d
                valuesAreFinite = valuesAreFinite && out[n].isFinite
                n += 1
                lastDifference = d
                lastWasDifference = true
                lastWasDuplicate = false
                i = next
            case 83...90, 115: // DUP S-Z s
                var repeats = c == 115 ? 9 : Int(c) - 82
                var j = i + 1
                while j < end, p[j] &- 48 < 10 {
                    repeats = repeats * 10 + Int(p[j] &- 48)
                    if repeats > ASDFDecoder.maximumDuplicateCount {
                        return "DUP count is larger than \(ASDFDecoder.maximumDuplicateCount)"
                    }
                    j += 1
                }
                guard n >= 2 else {
                    return "DUP value '\(Character(Unicode.Scalar(c)))' has no Y value before it on its line"
                }
                guard !lastWasDuplicate else { return "DUP value follows another DUP value" }
                guard n + repeats <= ASDFDecoder.maximumLineValues else {
                    return "the line expands to more than \(ASDFDecoder.maximumLineValues) values"
                }
                storage.reserve(n + repeats, keeping: n)
                (out, capacity) = (storage.base, storage.capacity)
                var v = out[n - 1]
                for _ in 1..<max(repeats, 1) {
                    if lastWasDifference { v += lastDifference }
                    out[n] = v
                    valuesAreFinite = valuesAreFinite && v.isFinite
                    n += 1
                }
                lastWasDuplicate = true
                i = j
            case 63: // '?'
                return "missing values ('?') are not supported"
            default:
                if c >= 32 && c < 127 {
                    return "unexpected character '\(Character(Unicode.Scalar(c)))' in data"
                }
                return "unexpected byte 0x\(String(c, radix: 16, uppercase: true)) in data"
            }
        }
        lineEnd = end
        endsWithDifference = lastWasDifference
        return nil
    }

    /// Bytes that must be readable from a token's first byte for `decodeUsualTokens` to look at it: a sign or
    /// letter, 8 digits, a point, 7 digits and the byte after them.
    static var usualTokenBytes: Int { 18 }

    /// Decodes the usual tokens of a line from `i` on, as the general loop of `decodeLine` would but with a few
    /// word operations each: blanks, AFFN numbers and SQZ and DIF values with at most 8 digits before the point
    /// (a SQZ or DIF letter's digit included) and 7 after it, and no exponent. Stops before anything else (a
    /// line break, DUP, a DIF value with no Y before it, a longer number, an `E`, ...), which the general loop
    /// then decodes, when `out` is full, or when fewer than `usualTokenBytes` bytes from a token may be read
    /// (`p[..<readable]`). Returns whether it decoded a value. Its values are finite when the Y before a DIF value
    /// is (a finite value plus one below 10^16 cannot overflow).
    ///
    /// A token's digits (a SQZ or DIF letter replaced by its digit) are read as one 8-byte word, the fraction's
    /// as a second; the mantissa is checked to be at most 2^53, so it and the power of ten are exact and the
    /// one division rounds as `strtod` does: the value `DecimalScanner.scan` gives for the same token.
    @inline(never)
    static func decodeUsualTokens(_ p: UnsafePointer<UInt8>, from i: inout Int, end: Int, readable: Int,
                                  into out: UnsafeMutablePointer<Double>, count n: inout Int, capacity: Int,
                                  lastWasDifference: inout Bool, lastDifference: inout Double) -> Bool {
        let first = n
        let stop = min(end, readable &- usualTokenBytes &+ 1)
        while i < stop, n < capacity {
            let c = p[i]
            if c == 32 { i &+= 1; continue }
            var base = i
            var negative = false
            var isDifference = false
            var word: UInt64
            if c &- 48 < 10 {
                word = load(p + i)
            } else if c == 45 || c == 43 {
                base = i &+ 1
                negative = c == 45
                word = load(p + base)
            } else {
                var digit: UInt8
                if c &- 64 < 10 { digit = c &- 64 }             // SQZ @ A-I
                else if c &- 96 < 10, c != 96 { digit = c &- 96; negative = true } // SQZ a-i
                else if c &- 73 < 10, c != 73 { digit = c &- 73; isDifference = true } // DIF J-R
                else if c &- 105 < 10, c != 105 { digit = c &- 105; negative = true; isDifference = true } // DIF j-r
                else if c == 37 { digit = 0; isDifference = true } // DIF %
                else { break }
                // The letter's digit takes the letter's place in the word.
                word = (load(p + i) & ~0xFF) | UInt64(digit | 0x30)
            }
            let digits = word &- 0x3030_3030_3030_3030
            let nonDigit = ((word &+ 0x4646_4646_4646_4646) | digits) & 0x8080_8080_8080_8080
            let count = nonDigit.trailingZeroBitCount &>> 3 // 8 when all 8 bytes are digits
            var next = base &+ count
            guard count != 0, next <= end, count < 8 || p[next] &- 48 >= 10 else { break }
            var mantissa = DecimalScanner.eightDigitValue(digits &<< UInt64(truncatingIfNeeded: (64 &- 8 &* count) & 63))
            var value: Double
            var after = p[next]
            if after == 46, next < end { // '.'
                let word2 = load(p + (next &+ 1))
                let digits2 = word2 &- 0x3030_3030_3030_3030
                let nonDigit2 = ((word2 &+ 0x4646_4646_4646_4646) | digits2) & 0x8080_8080_8080_8080
                let count2 = nonDigit2.trailingZeroBitCount &>> 3
                guard count2 < 8 else { break }
                let fraction = count2 == 0 ? 0 : DecimalScanner.eightDigitValue(digits2 &<< UInt64(truncatingIfNeeded: (64 &- 8 &* count2) & 63))
                let scale = DecimalScanner.exactPower(count2)
                mantissa = mantissa &* UInt64(Int64(scale)) &+ fraction
                next = next &+ 1 &+ count2
                guard next <= end, mantissa <= 1 << 53 else { break }
                value = Double(Int64(bitPattern: mantissa)) / scale
                after = p[next]
            } else {
                value = Double(Int64(bitPattern: mantissa))
            }
            guard after | 0x20 != 101 else { break } // 'e' / 'E' may be an exponent
            if negative { value = -value }
            if isDifference {
                guard n >= 2 else { break }
                out[n] = out[n &- 1] + value
                lastDifference = value
            } else {
                out[n] = value
            }
            lastWasDifference = isDifference
            n &+= 1
            i = next
        }
        return n > first
    }

    /// The 8 bytes at `p` as a little-endian word.
    @inline(__always)
    static func load(_ p: UnsafePointer<UInt8>) -> UInt64 {
        UInt64(littleEndian: UnsafeRawPointer(p).loadUnaligned(as: UInt64.self))
    }
}

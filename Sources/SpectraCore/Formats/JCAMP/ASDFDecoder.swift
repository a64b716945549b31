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
}

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
struct ASDFDecoder {
    /// The current line's values after DIF/DUP expansion: `[X, Y1, Y2, ...]`.
    private(set) var values: [Double] = []
    /// True when the current line's last Y came from a DIF token (so the next line starts with a Y-check).
    private(set) var endsWithDifference = false

    /// Largest DUP count accepted; a larger one is certainly corruption.
    static let maximumDuplicateCount = 1_000_000
    /// Largest number of values one line may expand to (DUP counts add up); guards memory.
    static let maximumLineValues = 10_000_000

    /// Decodes one line (`p[start..<end]`); returns nil on success or the reason it is malformed.
    mutating func decodeLine(_ p: UnsafeBufferPointer<UInt8>, start: Int, end: Int) -> String? {
        values.removeAll(keepingCapacity: true)
        var lastWasDifference = false
        var lastWasDuplicate = false
        var lastDifference = 0.0
        var i = start
        while i < end {
            let c = p[i]
            switch c {
            case 32, 9, 44, 59, 0x0B, 0x0C: // blank, tab, comma, semicolon, VT, FF
                i += 1
            case 36: // '$'
                if i + 1 < end, p[i + 1] == 36 { i = end; continue } // $$ comment to end of line
                return "unexpected character '$' in data"
            case 43, 45, 46, 48...57: // + - . digits: AFFN
                var negative = false
                var from = i
                if c == 43 || c == 45 { negative = c == 45; from = i + 1 }
                guard let (v, next) = DecimalScanner.scanUnsigned(p, from: from, end: end, negative: negative,
                                                                  exponentNeedsSign: true) else {
                    return "'\(Character(Unicode.Scalar(c)))' is not followed by a number"
                }
                values.append(v)
                lastWasDifference = false
                lastWasDuplicate = false
                i = next
            case 64, 65...73, 97...105: // SQZ @ A-I a-i
                let digit: Int
                let negative: Bool
                if c == 64 { digit = 0; negative = false } else if c <= 73 { digit = Int(c) - 64; negative = false } else { digit = Int(c) - 96; negative = true }
                guard let (v, next) = DecimalScanner.scanUnsigned(p, from: i + 1, end: end, negative: negative,
                                                                  leadingDigit: digit, exponentNeedsSign: true) else {
                    return "malformed SQZ value"
                }
                values.append(v)
                lastWasDifference = false
                lastWasDuplicate = false
                i = next
            case 37, 74...82, 106...114: // DIF % J-R j-r
                let digit: Int
                let negative: Bool
                if c == 37 { digit = 0; negative = false } else if c <= 82 { digit = Int(c) - 73; negative = false } else { digit = Int(c) - 105; negative = true }
                guard let (d, next) = DecimalScanner.scanUnsigned(p, from: i + 1, end: end, negative: negative,
                                                                  leadingDigit: digit, exponentNeedsSign: true) else {
                    return "malformed DIF value"
                }
                guard values.count >= 2, let previous = values.last else {
                    return "DIF value '\(Character(Unicode.Scalar(c)))' has no Y value before it on its line"
                }
                values.append(previous + d)
                lastDifference = d
                lastWasDifference = true
                lastWasDuplicate = false
                i = next
            case 83...90, 115: // DUP S-Z s
                var count = c == 115 ? 9 : Int(c) - 82
                var j = i + 1
                while j < end, p[j] &- 48 < 10 {
                    count = count * 10 + Int(p[j] &- 48)
                    if count > ASDFDecoder.maximumDuplicateCount {
                        return "DUP count is larger than \(ASDFDecoder.maximumDuplicateCount)"
                    }
                    j += 1
                }
                guard values.count >= 2, let previous = values.last else {
                    return "DUP value '\(Character(Unicode.Scalar(c)))' has no Y value before it on its line"
                }
                guard !lastWasDuplicate else { return "DUP value follows another DUP value" }
                guard values.count + count <= ASDFDecoder.maximumLineValues else {
                    return "the line expands to more than \(ASDFDecoder.maximumLineValues) values"
                }
                var v = previous
                for _ in 1..<max(count, 1) {
                    if lastWasDifference { v += lastDifference }
                    values.append(v)
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
        endsWithDifference = lastWasDifference
        return nil
    }
}

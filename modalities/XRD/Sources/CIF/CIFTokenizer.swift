/// One CIF token with the 1-based line it starts on.
struct CIFToken: Equatable {
    enum Kind: Equatable {
        /// `data_NAME`; the payload is NAME.
        case dataBlock
        /// `loop_`.
        case loop
        /// `_tag.name`; the payload is the tag, lowercased.
        case tag
        /// An unquoted, quoted or semicolon-delimited value; `quoted` is true for the last two.
        case value(quoted: Bool)
        /// `save_`, `global_`, `stop_`: reserved words this reader skips.
        case reserved
    }
    var kind: Kind
    var text: String
    var line: Int
}

/// Splits CIF 1.1 bytes into tokens, tracking line numbers.
///
/// Handles `#` comments, `'…'` and `"…"` strings (a quote closes only when followed by
/// whitespace, as CIF 1.1 says, so `'O'Brien'` is one value), and `;` text fields at the start of
/// a line. Never loops without consuming a byte, so malformed input ends.
struct CIFTokenizer {
    let bytes: [UInt8]
    let file: String

    func tokens() throws -> [CIFToken] {
        var result: [CIFToken] = []
        var i = 0
        var line = 1
        let n = bytes.count
        @inline(__always) func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }
        while i < n {
            let b = bytes[i]
            if b == 0x0A { line += 1; i += 1; continue }
            if b == 0x20 || b == 0x09 || b == 0x0D { i += 1; continue }
            if b == UInt8(ascii: "#") {
                while i < n && bytes[i] != 0x0A { i += 1 }
                continue
            }
            if b == UInt8(ascii: ";") && (i == 0 || bytes[i - 1] == 0x0A) {
                // Text field: runs until a line that starts with ';'.
                let startLine = line
                i += 1
                let start = i
                var text: [UInt8] = []
                var closed = false
                while i < n {
                    if bytes[i] == 0x0A {
                        line += 1
                        if i + 1 < n && bytes[i + 1] == UInt8(ascii: ";") {
                            text += bytes[start..<i]
                            i += 2
                            closed = true
                            break
                        }
                    }
                    i += 1
                }
                if !closed {
                    throw CIFError(file: file, line: startLine, reason: "text field opened with ';' is never closed")
                }
                result.append(CIFToken(kind: .value(quoted: true), text: String(decoding: text, as: UTF8.self), line: startLine))
                continue
            }
            if b == UInt8(ascii: "'") || b == UInt8(ascii: "\"") {
                let quote = b
                let startLine = line
                var j = i + 1
                var closed = false
                while j < n && bytes[j] != 0x0A {
                    if bytes[j] == quote && (j + 1 == n || isSpace(bytes[j + 1])) { closed = true; break }
                    j += 1
                }
                var next = j + 1
                if !closed {
                    // Lenient like pymatgen: `'text',` (a quote followed by junk) closes at the line's
                    // last quote; the junk up to the next blank is dropped.
                    var last = j - 1
                    while last > i && bytes[last] != quote { last -= 1 }
                    guard last > i else {
                        throw CIFError(file: file, line: startLine, reason: "quoted value is not closed on its line")
                    }
                    j = last
                    next = last + 1
                    while next < n && !isSpace(bytes[next]) { next += 1 }
                }
                result.append(CIFToken(kind: .value(quoted: true), text: String(decoding: bytes[(i + 1)..<j], as: UTF8.self), line: startLine))
                i = next
                continue
            }
            var j = i
            while j < n && !isSpace(bytes[j]) { j += 1 }
            let word = String(decoding: bytes[i..<j], as: UTF8.self)
            i = j
            let lower = word.lowercased()
            if lower.hasPrefix("data_") {
                result.append(CIFToken(kind: .dataBlock, text: String(word.dropFirst(5)), line: line))
            } else if lower == "loop_" {
                result.append(CIFToken(kind: .loop, text: word, line: line))
            } else if word.hasPrefix("_") {
                result.append(CIFToken(kind: .tag, text: lower, line: line))
            } else if lower.hasPrefix("save_") || lower == "global_" || lower == "stop_" {
                result.append(CIFToken(kind: .reserved, text: word, line: line))
            } else {
                result.append(CIFToken(kind: .value(quoted: false), text: word, line: line))
            }
        }
        return result
    }
}

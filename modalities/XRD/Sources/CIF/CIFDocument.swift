/// A value in a CIF data block, with the line it came from.
public struct CIFValue: Sendable, Equatable {
    /// The raw text (quotes removed).
    public var text: String
    /// 1-based line number.
    public var line: Int
    /// True for quoted and semicolon values, which are never `?`/`.` placeholders.
    public var quoted: Bool

    /// True for the CIF placeholders `?` (unknown) and `.` (inapplicable).
    public var isPlaceholder: Bool { !quoted && (text == "?" || text == ".") }

    /// The number with its standard uncertainty dropped (`1.234(5)` → 1.234); nil for placeholders and text.
    public var number: Double? {
        if isPlaceholder { return nil }
        var t = Substring(text)
        if let paren = t.firstIndex(of: "(") { t = t[..<paren] }
        return Double(t)
    }
}

/// A `loop_` table: column tags (lowercased) and rows of values.
public struct CIFLoop: Sendable, Equatable {
    public var tags: [String]
    public var rows: [[CIFValue]]
    /// 1-based line of the `loop_` keyword.
    public var line: Int

    /// Column index of `tag`, or nil.
    public func column(_ tag: String) -> Int? { tags.firstIndex(of: tag) }
}

/// One `data_` block: single-valued items and loops.
public struct CIFBlock: Sendable, Equatable {
    /// The block name after `data_`.
    public var name: String
    /// 1-based line of the `data_` keyword.
    public var line: Int
    /// Single items by lowercased tag.
    public var items: [String: CIFValue] = [:]
    /// Loops in file order.
    public var loops: [CIFLoop] = []

    /// The loop that has a column named `tag`.
    public func loop(containing tag: String) -> CIFLoop? { loops.first { $0.tags.contains(tag) } }

    /// The first of `tags` present as an item or as the first row of a loop.
    public func value(_ tags: String...) -> CIFValue? {
        for tag in tags {
            if let v = items[tag] { return v }
            if let loop = loop(containing: tag), let c = loop.column(tag), let first = loop.rows.first { return first[c] }
        }
        return nil
    }
}

/// A parsed CIF 1.1 file: its data blocks.
public struct CIFDocument: Sendable, Equatable {
    public var blocks: [CIFBlock]

    /// Parses CIF bytes; `file` names the input in errors.
    public static func parse(_ bytes: [UInt8], file: String) throws -> CIFDocument {
        let tokens = try CIFTokenizer(bytes: bytes, file: file).tokens()
        var blocks: [CIFBlock] = []
        var i = 0
        func fail(_ line: Int, _ reason: String) -> CIFError { CIFError(file: file, line: line, reason: reason) }
        while i < tokens.count {
            let token = tokens[i]
            switch token.kind {
            case .dataBlock:
                blocks.append(CIFBlock(name: token.text, line: token.line))
                i += 1
            case .reserved:
                i += 1
            case .value:
                throw fail(token.line, "value '\(token.text.prefix(40))' without a tag")
            case .tag:
                guard !blocks.isEmpty else { throw fail(token.line, "tag \(token.text) before any data_ block") }
                guard i + 1 < tokens.count, case .value(let quoted) = tokens[i + 1].kind else {
                    throw fail(token.line, "tag \(token.text) has no value")
                }
                let v = tokens[i + 1]
                blocks[blocks.count - 1].items[token.text] = CIFValue(text: v.text, line: v.line, quoted: quoted)
                i += 2
            case .loop:
                guard !blocks.isEmpty else { throw fail(token.line, "loop_ before any data_ block") }
                var tags: [String] = []
                var j = i + 1
                while j < tokens.count, tokens[j].kind == .tag { tags.append(tokens[j].text); j += 1 }
                guard !tags.isEmpty else { throw fail(token.line, "loop_ without tags") }
                var values: [CIFValue] = []
                while j < tokens.count, case .value(let quoted) = tokens[j].kind {
                    values.append(CIFValue(text: tokens[j].text, line: tokens[j].line, quoted: quoted))
                    j += 1
                }
                guard values.count % tags.count == 0 else {
                    throw fail(token.line, "loop_ with \(tags.count) columns has \(values.count) values, not a multiple of \(tags.count)")
                }
                var rows: [[CIFValue]] = []
                rows.reserveCapacity(values.count / tags.count)
                var k = 0
                while k < values.count { rows.append(Array(values[k..<(k + tags.count)])); k += tags.count }
                blocks[blocks.count - 1].loops.append(CIFLoop(tags: tags, rows: rows, line: token.line))
                i = j
            }
        }
        return CIFDocument(blocks: blocks)
    }
}

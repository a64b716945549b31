import Foundation

/// Reads JCAMP-DX 4.24 and 5.x spectra (IUPAC / McDonald & Wilks 1988).
///
/// - Tables: `##XYDATA=(X++(Y..Y))` in AFFN or any ASDF form (SQZ, DIF, DUP, PAC; see `ASDFDecoder`),
///   `##XYDATA=(XY..XY)`, `##XYPOINTS=(XY..XY)` and `##PEAK TABLE=(XY..XY)` / `(XYW..XYW)` / `(XYM..XYM)`
///   (the first two variables are x and y; the rest are ignored).
/// - Values are the file's raw values times `XFACTOR` / `YFACTOR`; nothing else is changed (no sorting,
///   no unit conversion). For `(X++(Y..Y))` the abscissas are, as the standard says,
///   `FIRSTX + i·(LASTX − FIRSTX)/(NPOINTS − 1)` (the last one exactly `LASTX`), as numpy's `linspace`;
///   the X at the start of each line only serves as a check.
/// - Checks: the DIF Y-check (a line following one that ends in DIF form must start with the previous
///   line's last Y; a mismatch is an error naming the line), the X-check (a line's X times `XFACTOR`, or the
///   X itself from writers that do not scale it, must lie within `|XFACTOR| + 2·|Δx|` of the abscissa its
///   first Y is at; this tolerates X written rounded or truncated to whole units and catches lost or
///   repeated lines), `NPOINTS` against the decoded count, and finite values after the factors.
/// - Multi-block files (`##DATA TYPE=LINK`, `##BLOCKS=`): every block that holds a table becomes one spectrum,
///   in file order; structure and assignment-only blocks are skipped (listed in the first spectrum's metadata
///   under `skippedBlocks`). `NTUPLES` blocks give one spectrum per `##PAGE=` (see `decodeNTuples`).
/// - Robust to lower-case and spaced labels (`##Data Type =`), `$$` comments, CR/LF/CRLF line ends, a final
///   0x1A byte and a missing `##END=`.
///
/// Each spectrum's metadata holds the block's header fields: standard ones under their standard labels
/// whatever the spelling (`TITLE`, `DATA TYPE`, `ORIGIN`, `OWNER`, `XUNITS`, ...; see `standardLabels`),
/// others under their labels as written, upper-cased; plus `format` = `jcamp-dx` and `jcampTable`.
public struct JCAMPReader: SpectrumReader {
    public init() {}

    public var formatName: String { "jcamp-dx" }
    public var fileExtensions: [String] { ["jdx", "dx", "jcm", "jcamp"] }

    public func sniff(head: [UInt8], fileExtension: String) -> Int {
        // Any "##TITLE" (ASCII letters in any case) in the first 1024 bytes is the signature.
        let signature = Array("##TITLE".utf8)
        let text = head.prefix(1024)
        if text.count >= signature.count {
            search: for start in text.startIndex...(text.endIndex - signature.count) {
                for (k, expected) in signature.enumerated() {
                    let byte = text[start + k]
                    guard byte == expected || (expected >= 65 && byte == expected + 32) else { continue search }
                }
                return 100
            }
        }
        if text.starts(with: [35, 35]) { return 60 }
        return fileExtensions.contains(fileExtension) ? 10 : 0
    }

    public func read(_ bytes: [UInt8], file: String) throws -> SpectrumDocument {
        do {
            return try bytes.withUnsafeBufferPointer { p in try read(p, file: file) }
        } catch var error as SpectrumReadError {
            // Reasons quote header values, which may span continuation lines; errors are one line.
            error.reason = error.reason.split(whereSeparator: { $0 == "\n" || $0 == "\r" }).joined(separator: " ")
            throw error
        }
    }

    /// A block under construction: its records and whether it is a LINK container.
    private struct Block {
        var records: [JCAMPRecord] = []
        var isLink = false
    }

    private func read(_ p: UnsafeBufferPointer<UInt8>, file: String) throws -> SpectrumDocument {
        let records = JCAMPRecord.records(in: p)
        guard !records.isEmpty else {
            if p.allSatisfy({ $0 == 32 || $0 == 9 || $0 == 10 || $0 == 13 || $0 == 0x1A }) {
                throw SpectrumReadError(file: file, reason: "empty file")
            }
            throw SpectrumReadError(file: file, line: 1, reason: "not a JCAMP-DX file: no ##LABEL= records")
        }
        guard records.contains(where: { $0.key == "TITLE" }) else {
            throw SpectrumReadError(file: file, line: records[0].line, reason: "not a JCAMP-DX file: no ##TITLE= record")
        }
        var stack: [Block] = []
        var closed: [Block] = []          // leaf blocks in the order they end
        func close() {
            guard let block = stack.popLast() else { return }
            if !block.isLink { closed.append(block) }
        }
        for record in records {
            switch record.key {
            case "TITLE":
                if let top = stack.last, !top.isLink { close() } // a block missing its ##END=
                stack.append(Block(records: [record]))
            case "END":
                close()
            default:
                if stack.isEmpty { stack.append(Block()) }
                stack[stack.count - 1].records.append(record)
                if record.key == "BLOCKS" || (record.key == "DATATYPE" && record.value.uppercased() == "LINK") {
                    stack[stack.count - 1].isLink = true
                }
            }
        }
        while !stack.isEmpty { close() }

        var spectra: [Spectrum] = []
        var descriptions: [String] = []
        var skipped: [String] = []
        for block in closed {
            let decoded = block.records.contains(where: { $0.key == "NTUPLES" })
                ? try decodeNTuples(block.records, p, file: file)
                : try decode(block.records, p, file: file).map { [$0] } ?? []
            if !decoded.isEmpty {
                for spectrum in decoded {
                    spectra.append(spectrum)
                    let parts = [spectrum.title ?? "", spectrum.metadata["DATA TYPE"] ?? "", spectrum.metadata["VAR_NAME"] ?? ""]
                    descriptions.append(parts.filter { !$0.isEmpty }.joined(separator: " — "))
                }
            } else {
                let title = block.records.first { $0.key == "TITLE" }?.value ?? ""
                let tables = block.records.filter { JCAMPRecord.tableKeys.contains($0.key) }.map(\.label)
                skipped.append("\(title.isEmpty ? "(untitled)" : title)\(tables.isEmpty ? "" : " [\(tables.joined(separator: ", "))]")")
            }
        }
        guard !spectra.isEmpty else {
            let line = records.first { JCAMPRecord.tableKeys.contains($0.key) }?.line
            let what = skipped.isEmpty ? "" : " (blocks: \(skipped.joined(separator: "; ")))"
            throw SpectrumReadError(file: file, line: line,
                                    reason: "no XYDATA, XYPOINTS or PEAK TABLE to read; structure and assignment blocks are not spectra\(what)")
        }
        if !skipped.isEmpty { spectra[0].metadata["skippedBlocks"] = skipped.joined(separator: "; ") }
        return SpectrumDocument(format: formatName, blocks: spectra, blockDescriptions: descriptions)
    }

    /// Decodes one block into a spectrum, or nil when it holds no spectral table.
    private func decode(_ records: [JCAMPRecord], _ p: UnsafeBufferPointer<UInt8>, file: String) throws -> Spectrum? {
        guard let table = records.first(where: { ["XYDATA", "XYPOINTS", "PEAKTABLE"].contains($0.key) }) else { return nil }
        var fields: [String: JCAMPRecord] = [:]
        var metadata: [String: String] = ["format": formatName]
        fields.reserveCapacity(records.count)
        metadata.reserveCapacity(records.count + 2)
        for r in records where !JCAMPRecord.tableKeys.contains(r.key) {
            if fields[r.key] == nil { fields[r.key] = r }
            let name = JCAMPReader.standardLabels[r.key] ?? r.label
            if metadata[name] == nil { metadata[name] = r.value }
        }
        func number(_ key: String) throws -> Double? {
            guard let r = fields[key], !r.value.isEmpty else { return nil }
            let text = r.value.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).first.map(String.init) ?? ""
            guard let v = Double(text), v.isFinite else {
                throw SpectrumReadError(file: file, line: r.line, reason: "##\(r.label)= '\(r.value)' is not a number")
            }
            return v
        }
        let xFactor = try number("XFACTOR") ?? 1
        let yFactor = try number("YFACTOR") ?? 1
        let firstX = try number("FIRSTX")
        let lastX = try number("LASTX")
        let deltaX = try number("DELTAX")
        var declaredPoints: Int?
        if let n = try number("NPOINTS") {
            guard n >= 0, n <= 100_000_000, n == n.rounded() else {
                throw SpectrumReadError(file: file, line: fields["NPOINTS"]?.line, reason: "##NPOINTS= \(n) is not a valid point count")
            }
            declaredPoints = Int(n)
        }
        guard xFactor != 0, yFactor != 0 else {
            throw SpectrumReadError(file: file, line: fields[xFactor == 0 ? "XFACTOR" : "YFACTOR"]?.line, reason: "a zero XFACTOR or YFACTOR cannot encode data")
        }
        let form = String(table.value.uppercased().unicodeScalars.filter { $0 != " " && $0 != "\t" }.map(Character.init))
        let dataType = fields["DATATYPE"]?.value ?? ""
        var x: [Double]
        var y: [Double]
        var allFinite: Bool
        if form.hasPrefix("(X++(Y..Y))") {
            guard table.key == "XYDATA" else {
                throw SpectrumReadError(file: file, line: table.line, reason: "##\(table.label)= \(table.value) is not a valid table form")
            }
            let raw = try decodeEquallySpaced(table, in: p, file: file, firstX: firstX, lastX: lastX, deltaX: deltaX,
                                              xFactor: xFactor, declaredPoints: declaredPoints)
            guard let firstX else {
                throw SpectrumReadError(file: file, line: table.line, reason: "(X++(Y..Y)) data needs ##FIRSTX=")
            }
            let n = raw.count
            guard n == 1 || lastX != nil || deltaX != nil else {
                throw SpectrumReadError(file: file, line: table.line, reason: "(X++(Y..Y)) data needs ##LASTX= or ##DELTAX=")
            }
            // One pass: the abscissas, the scaled ordinates, and whether all are finite (x·0 + y·0 is NaN when
            // either is infinite or NaN, and a NaN stays).
            let step = n > 1 ? lastX.map { ($0 - firstX) / Double(n - 1) } ?? deltaX ?? 0 : 0
            var finite = 0.0
            var ordinates: [Double] = []
            x = [Double](unsafeUninitializedCapacity: n) { abscissas, xCount in
                ordinates = raw.withValues { values in [Double](unsafeUninitializedCapacity: n) { ordinates, yCount in
                    for i in 0..<n {
                        let (a, o) = (Double(i) * step + firstX, values[i] * yFactor)
                        abscissas[i] = a
                        ordinates[i] = o
                        finite += a * 0 + o * 0
                    }
                    yCount = n
                } }
                if n == 1 { abscissas[0] = firstX } else if let lastX { abscissas[n - 1] = lastX }
                xCount = n
            }
            y = ordinates
            allFinite = !finite.isNaN
        } else if let arity = JCAMPReader.groupArity(form) {
            (x, y) = try decodeGroups(table, in: p, file: file, arity: arity)
            if let declaredPoints, declaredPoints != x.count, table.key != "PEAKTABLE" {
                throw SpectrumReadError(file: file, line: table.line,
                                        reason: "##\(table.label)= holds \(x.count) points but ##NPOINTS= says \(declaredPoints)")
            }
            for i in 0..<x.count { x[i] *= xFactor; y[i] *= yFactor }
            allFinite = false // checked below
        } else {
            throw SpectrumReadError(file: file, line: table.line, reason: "unsupported table form ##\(table.label)= \(table.value)")
        }
        if !allFinite, let bad = (0..<x.count).first(where: { !x[$0].isFinite || !y[$0].isFinite }) {
            throw SpectrumReadError(file: file, line: table.line,
                                    reason: "point \(bad + 1) is not finite after applying XFACTOR/YFACTOR (x = \(x[bad]), y = \(y[bad]))")
        }
        let title = fields["TITLE"]?.value.trimmingBlanks
        metadata["jcampTable"] = "\(table.label)=\(table.value)"
        return Spectrum(x: x, y: y,
                        xUnit: UnitVocabulary.axisUnit(fields["XUNITS"]?.value ?? "", dataType: dataType),
                        yUnit: UnitVocabulary.intensityUnit(fields["YUNITS"]?.value ?? ""),
                        title: title.flatMap { $0.isEmpty ? nil : String($0) }, metadata: metadata)
    }

    /// Decodes an `NTUPLES` block: each `##PAGE=` with a `##DATA TABLE=` becomes one spectrum (an NMR
    /// spectrum's real and imaginary parts, a mass spectrum per retention time). Variables are described by
    /// the comma-separated `SYMBOL`, `VAR_NAME`, `VAR_DIM`, `UNITS`, `FIRST`, `LAST` and `FACTOR` lists;
    /// `(X++(R..R))` tables are equally spaced from `FIRST` to `LAST` of X (like `XYDATA`), `(XY..XY)` tables
    /// are pairs; every value is the raw value times its variable's `FACTOR`.
    private func decodeNTuples(_ records: [JCAMPRecord], _ p: UnsafeBufferPointer<UInt8>, file: String) throws -> [Spectrum] {
        var fields: [String: JCAMPRecord] = [:]
        var metadata: [String: String] = ["format": formatName]
        for r in records where !JCAMPRecord.tableKeys.contains(r.key) && r.key != "PAGE" && r.key != "NPOINTS" {
            if fields[r.key] == nil { fields[r.key] = r }
            let name = JCAMPReader.standardLabels[r.key] ?? r.label
            if metadata[name] == nil { metadata[name] = r.value }
        }
        let ntuples = fields["NTUPLES"]
        func list(_ key: String) -> [String] {
            (fields[key]?.value ?? "").split(separator: ",", omittingEmptySubsequences: false).map { String($0.trimmingBlanks) }
        }
        func number(_ key: String, _ index: Int) throws -> Double? {
            let values = list(key)
            guard index < values.count, !values[index].isEmpty else { return nil }
            guard let v = Double(values[index]), v.isFinite else {
                throw SpectrumReadError(file: file, line: fields[key]?.line, reason: "##\(fields[key]?.label ?? key)= entry \(index + 1) '\(values[index])' is not a number")
            }
            return v
        }
        let symbols = list("SYMBOL").map { $0.uppercased() }
        guard let xIndex = symbols.firstIndex(of: "X") else {
            throw SpectrumReadError(file: file, line: ntuples?.line, reason: "NTUPLES without an X variable in ##SYMBOL= are not supported")
        }
        let names = list("VARNAME")
        let units = list("UNITS")
        let dataType = fields["DATATYPE"]?.value ?? ""
        var spectra: [Spectrum] = []
        var page: JCAMPRecord?
        var pagePoints: Int?
        for r in records {
            switch r.key {
            case "PAGE":
                page = r
                pagePoints = nil
            case "NPOINTS":
                pagePoints = Int(r.value.trimmingBlanks)
            case "DATATABLE":
                let formText = String(r.value.split(separator: ",", maxSplits: 1).first ?? "")
                let form = String(formText.uppercased().unicodeScalars.filter { $0 != " " && $0 != "\t" }.map(Character.init))
                var x: [Double]
                var y: [Double]
                var yIndex: Int
                if form.hasPrefix("(X++("), form.hasSuffix("))"), form.count >= 11 {
                    let symbol = String(form.dropFirst(5).prefix(1))
                    guard let index = symbols.firstIndex(of: symbol) else {
                        throw SpectrumReadError(file: file, line: r.line, reason: "variable '\(symbol)' of \(formText) is not in ##SYMBOL=")
                    }
                    yIndex = index
                    guard let firstX = try number("FIRST", xIndex), let lastX = try number("LAST", xIndex) else {
                        throw SpectrumReadError(file: file, line: r.line, reason: "\(formText) needs FIRST and LAST of X in the NTUPLES header")
                    }
                    let dims = list("VARDIM")
                    let declared = pagePoints ?? (yIndex < dims.count ? Int(dims[yIndex]) : nil)
                    y = try decodeEquallySpaced(r, in: p, file: file, firstX: firstX, lastX: lastX, deltaX: nil,
                                                xFactor: try number("FACTOR", xIndex) ?? 1, declaredPoints: declared)
                        .withValues { Array($0) }
                    let n = y.count
                    x = (0..<n).map { n > 1 ? Double($0) * ((lastX - firstX) / Double(n - 1)) + firstX : firstX }
                    if n > 1 { x[n - 1] = lastX }
                } else if let arity = JCAMPReader.groupArity(form) {
                    let letters = Array(form.dropFirst().prefix(2)).map(String.init)
                    guard let index = symbols.firstIndex(of: letters[1]) else {
                        throw SpectrumReadError(file: file, line: r.line, reason: "variable '\(letters[1])' of \(formText) is not in ##SYMBOL=")
                    }
                    yIndex = index
                    (x, y) = try decodeGroups(r, in: p, file: file, arity: arity)
                    if let n = pagePoints, n != x.count {
                        throw SpectrumReadError(file: file, line: r.line, reason: "##\(r.label)= holds \(x.count) points but ##NPOINTS= says \(n)")
                    }
                    let xFactor = try number("FACTOR", xIndex) ?? 1
                    for i in 0..<x.count { x[i] *= xFactor }
                } else {
                    throw SpectrumReadError(file: file, line: r.line, reason: "unsupported NTUPLES table form ##\(r.label)= \(r.value)")
                }
                let yFactor = try number("FACTOR", yIndex) ?? 1
                for i in 0..<y.count { y[i] *= yFactor }
                if let bad = (0..<x.count).first(where: { !x[$0].isFinite || !y[$0].isFinite }) {
                    throw SpectrumReadError(file: file, line: r.line, reason: "point \(bad + 1) is not finite after applying FACTOR")
                }
                var m = metadata
                m["PAGE"] = page?.value
                if yIndex < names.count { m["VAR_NAME"] = names[yIndex] }
                m["jcampTable"] = "\(r.label)=\(r.value)"
                let title = fields["TITLE"]?.value.trimmingBlanks
                spectra.append(Spectrum(x: x, y: y,
                                        xUnit: UnitVocabulary.axisUnit(xIndex < units.count ? units[xIndex] : "", dataType: dataType),
                                        yUnit: UnitVocabulary.intensityUnit(yIndex < units.count ? units[yIndex] : ""),
                                        title: title.flatMap { $0.isEmpty ? nil : String($0) }, metadata: m))
            default:
                continue
            }
        }
        guard !spectra.isEmpty else {
            throw SpectrumReadError(file: file, line: ntuples?.line, reason: "NTUPLES block without any ##DATA TABLE=")
        }
        return spectra
    }

    /// Decodes an `(X++(Y..Y))` table into raw Y values (before `YFACTOR`), running the Y-, X- and count checks.
    private func decodeEquallySpaced(_ table: JCAMPRecord, in p: UnsafeBufferPointer<UInt8>, file: String,
                                     firstX: Double?, lastX: Double?, deltaX: Double?, xFactor: Double,
                                     declaredPoints: Int?) throws -> DoubleBuffer {
        var decoder = ASDFDecoder()
        let ys = DoubleBuffer(capacity: min(declaredPoints ?? 1024, 1 << 20))
        var checkStep: Double?
        if let firstX, let lastX, let n = declaredPoints, n > 1 { checkStep = (lastX - firstX) / Double(n - 1) } else { checkStep = deltaX }
        let cap = max(declaredPoints ?? 0, 1) * 2 + 10_000_000
        var previousEndedInDIF = false
        // The decoder finds each line's end (as `TextLines` would), so the data is read once.
        let limit = table.data.range.upperBound
        var start = table.data.range.lowerBound
        var number = table.data.firstNumber - 1
        while start < limit, let base = p.baseAddress {
            number += 1
            let failure = decoder.decodeLine(p, start: start, limit: limit)
            start = TextLines.lineStart(after: decoder.lineEnd, in: base, limit: limit)
            if let reason = failure {
                throw SpectrumReadError(file: file, line: number, reason: reason)
            }
            let values = decoder.values
            if values.isEmpty { continue } // blank or comment-only line
            if !decoder.valuesAreFinite {
                throw SpectrumReadError(file: file, line: number, reason: "a value is too large to represent (overflows to infinity)")
            }
            guard values.count >= 2 else {
                throw SpectrumReadError(file: file, line: number, reason: "line has an X value but no Y values")
            }
            var firstNew = 1
            var abscissaIndex = ys.count
            if previousEndedInDIF, ys.count > 0 {
                let last = ys.base[ys.count - 1]
                // The Y-check: this line repeats the previous line's last Y.
                let check = values[1]
                guard abs(check - last) <= 1e-9 * max(1, abs(last)) else {
                    throw SpectrumReadError(file: file, line: number,
                                            reason: "DIF Y-check failed: the line starts with Y = \(JCAMPReader.format(check)), but the previous line ended with Y = \(JCAMPReader.format(last))")
                }
                firstNew = 2
                abscissaIndex = ys.count - 1
            }
            if let firstX, let step = checkStep {
                let expected = firstX + Double(abscissaIndex) * step
                let found = values[0] * xFactor
                let tolerance = abs(xFactor) + 2 * abs(step) + 1e-9 * abs(expected)
                // Some writers put the unscaled abscissa at the line start; accept that too.
                guard abs(found - expected) <= tolerance || abs(values[0] - expected) <= tolerance else {
                    throw SpectrumReadError(file: file, line: number,
                                            reason: "X-check failed: the line's X is \(JCAMPReader.format(found)) but its first Y is point \(abscissaIndex + 1), at X = \(JCAMPReader.format(expected)) (a line is missing or repeated?)")
                }
            }
            if firstNew < values.count { ys.append(contentsOf: UnsafeBufferPointer(rebasing: values[firstNew...])) }
            guard ys.count <= cap else {
                throw SpectrumReadError(file: file, line: number, reason: "more than \(cap) values; the data is corrupt")
            }
            previousEndedInDIF = decoder.endsWithDifference
        }
        guard ys.count > 0 else {
            throw SpectrumReadError(file: file, line: table.line, reason: "##\(table.label)= has no data lines (truncated file?)")
        }
        if let n = declaredPoints, n != ys.count {
            throw SpectrumReadError(file: file, line: table.data.lastNumber ?? table.line,
                                    reason: "##\(table.label)= holds \(ys.count) points but ##NPOINTS= says \(n) (truncated file?)")
        }
        return ys
    }

    /// Decodes an `(XY..XY)`-style table: AFFN numbers in groups of `arity`; x and y are the first two of each.
    private func decodeGroups(_ table: JCAMPRecord, in p: UnsafeBufferPointer<UInt8>, file: String,
                              arity: Int) throws -> ([Double], [Double]) {
        var x: [Double] = []
        var y: [Double] = []
        var count = 0  // numbers read; the k-th is x when k % arity == 0, y when k % arity == 1
        for line in table.data.lines(in: p) {
            var i = line.start
            let end = line.end
            while i < end {
                let c = p[i]
                if c == 32 || c == 9 || c == 44 || c == 59 { i += 1; continue }
                if c == 36, i + 1 < end, p[i + 1] == 36 { break }
                if c == 63 {
                    throw SpectrumReadError(file: file, line: line.number, reason: "missing values ('?') are not supported")
                }
                var negative = false
                var from = i
                if c == 43 || c == 45 { negative = c == 45; from = i + 1 }
                guard let (v, next) = DecimalScanner.scanUnsigned(p, from: from, end: end, negative: negative) else {
                    let shown = c >= 32 && c < 127 ? "'\(Character(Unicode.Scalar(c)))'" : "byte 0x\(String(c, radix: 16, uppercase: true))"
                    throw SpectrumReadError(file: file, line: line.number, reason: "unexpected \(shown) in an (XY..XY) table")
                }
                switch count % arity {
                case 0: x.append(v)
                case 1: y.append(v)
                default: break
                }
                count += 1
                i = next
            }
        }
        guard count > 0 else {
            throw SpectrumReadError(file: file, line: table.line, reason: "##\(table.label)= has no data lines (truncated file?)")
        }
        guard count % arity == 0 else {
            throw SpectrumReadError(file: file, line: table.data.lastNumber ?? table.line,
                                    reason: "##\(table.label)= holds \(count) numbers, not a whole number of \(arity)-value groups")
        }
        return (x, y)
    }

    /// Shortest round-trip text of a value, for messages.
    static func format(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : String(v)
    }

    /// Standard labels by normalised key, so metadata names do not depend on how a file spells them
    /// (`##DATATYPE=`, `##Data_Type=` → `DATA TYPE`).
    static let standardLabels: [String: String] = [
        "TITLE": "TITLE", "JCAMPDX": "JCAMP-DX", "DATATYPE": "DATA TYPE", "DATACLASS": "DATA CLASS", "ORIGIN": "ORIGIN",
        "OWNER": "OWNER", "BLOCKID": "BLOCK_ID", "LONGDATE": "LONG DATE", "DATE": "DATE", "XUNITS": "XUNITS", "YUNITS": "YUNITS",
        "SPECTROMETERDATASYSTEM": "SPECTROMETER/DATA SYSTEM", "CASREGISTRYNO": "CAS REGISTRY NO", "MOLFORM": "MOLFORM",
        "NAMES": "NAMES", "FIRSTX": "FIRSTX", "LASTX": "LASTX", "DELTAX": "DELTAX", "NPOINTS": "NPOINTS",
        "XFACTOR": "XFACTOR", "YFACTOR": "YFACTOR", "FIRSTY": "FIRSTY", "MINY": "MINY", "MAXY": "MAXY",
    ]

    /// The group size of a `(XY..XY)`-style form: 2 for `(XY..XY)`, 3 for `(XYW..XYW)`; nil otherwise.
    static func groupArity(_ form: String) -> Int? {
        // The standard library's search: Foundation's `range(of:)` first loads its locale machinery (ICU), a cost
        // one file with an XYPOINTS table paid for a whole batch conversion.
        guard form.hasPrefix("("), let dots = form.firstRange(of: "..") else { return nil }
        let first = form[form.index(after: form.startIndex)..<dots.lowerBound]
        guard first.count >= 2, first.hasPrefix("XY"), first.allSatisfy({ $0.isLetter }),
              form[dots.upperBound...].hasPrefix(first + ")") else { return nil }
        return first.count
    }
}

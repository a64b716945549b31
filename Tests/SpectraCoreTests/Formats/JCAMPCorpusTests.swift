import Foundation
import Testing
@testable import SpectraCore

/// Every file under ../shared/data/jcamp either parses or is refused with a specific reason, and parsed
/// files agree with the check values their own headers state (NPOINTS, FIRSTX, LASTX, FIRSTY, MINY, MAXY).
/// The header values are read here by a separate minimal line parser, not by `JCAMPReader`.
@Suite struct JCAMPCorpusTests {
    enum Outcome {
        /// Parses into this many spectra.
        case spectra(Int)
        /// Refused at this line (nil: no line) with a reason containing this text.
        case refused(line: Int?, reason: String)
    }

    /// The expected outcome of every file in the folder (paths relative to shared/data/jcamp).
    static let table: [String: Outcome] = [
        "format-tests/jcamp-dx.org/BRUKAFFN.DX": .spectra(1),
        "format-tests/jcamp-dx.org/BRUKDIF.DX": .spectra(1),
        "format-tests/jcamp-dx.org/BRUKER1.JCM": .spectra(1),
        "format-tests/jcamp-dx.org/BRUKER2.JCM": .spectra(1),
        "format-tests/jcamp-dx.org/BRUKNTUP.DX": .spectra(2),
        "format-tests/jcamp-dx.org/BRUKPAC.DX": .spectra(1),
        "format-tests/jcamp-dx.org/BRUKSQZ.DX": .spectra(1),
        // A directory listing in prose, not JCAMP-DX.
        "format-tests/jcamp-dx.org/DX-DIR.TXT": .refused(line: 1, reason: "not a JCAMP-DX file"),
        "format-tests/jcamp-dx.org/IMSDEMO.DX": .spectra(1),
        "format-tests/jcamp-dx.org/IMS_TEST1.DX": .spectra(1),
        // LINK file: a structure block (XY_RASTER) and NMR PEAK ASSIGNMENTS only.
        "format-tests/jcamp-dx.org/ISAS_CDX.DX": .refused(line: 59, reason: "no XYDATA, XYPOINTS or PEAK TABLE to read"),
        "format-tests/jcamp-dx.org/ISAS_MS1.DX": .spectra(1),
        "format-tests/jcamp-dx.org/ISAS_MS2.DX": .spectra(1),
        "format-tests/jcamp-dx.org/ISAS_MS3.DX": .spectra(3),
        "format-tests/jcamp-dx.org/LABCALC.DX": .spectra(1),
        "format-tests/jcamp-dx.org/PE1800.DX": .spectra(1),
        // The last line "31999@" claims Y = 0 where the previous DIF line ended at 26506.
        "format-tests/jcamp-dx.org/SPECFILE.DX": .refused(line: 107, reason: "DIF Y-check failed"),
        "format-tests/jcamp-dx.org/TEST32.DX": .spectra(1),
        "format-tests/jcamp-dx.org/TESTFID.DX": .spectra(2),
        "format-tests/jcamp-dx.org/TESTNTUP.DX": .spectra(2),
        "format-tests/jcamp-dx.org/TESTSPEC.DX": .spectra(1),
        "format-tests/lancashire/blckpac1.jdx": .spectra(5),
        "format-tests/lancashire/blckpkt1.jdx": .spectra(6),
        "format-tests/lancashire/coffhd.jdx": .spectra(1),
        "format-tests/lancashire/compound.jdx": .spectra(5),
        "format-tests/lancashire/dupdec1.jdx": .spectra(1),
        "format-tests/lancashire/dupdec2.jdx": .spectra(1),
        "format-tests/lancashire/dupinc1.jdx": .spectra(1),
        "format-tests/lancashire/dupinc2.jdx": .spectra(1),
        "format-tests/lancashire/fixdec1.jdx": .spectra(1),
        "format-tests/lancashire/fixdec2.jdx": .spectra(1),
        "format-tests/lancashire/fixdec3.jdx": .spectra(1),
        "format-tests/lancashire/fixinc1.jdx": .spectra(1),
        "format-tests/lancashire/fixinc2.jdx": .spectra(1),
        "format-tests/lancashire/fixinc3.jdx": .spectra(1),
        "format-tests/lancashire/fixinc4.jdx": .spectra(1),
        "format-tests/lancashire/fixinc5.jdx": .spectra(1),
        "format-tests/lancashire/jtpolys.jdx": .spectra(1),
        "format-tests/lancashire/jtpolysd.jdx": .spectra(1),
        "format-tests/lancashire/mactab1.jdx": .spectra(1),
        "format-tests/lancashire/mactab2.jdx": .spectra(1),
        "format-tests/lancashire/o01.jdx": .spectra(1),
        "format-tests/lancashire/o02.jdx": .spectra(1),
        "format-tests/lancashire/o03.jdx": .spectra(1),
        "format-tests/lancashire/o04.jdx": .spectra(1),
        "format-tests/lancashire/o05.jdx": .spectra(1),
        "format-tests/lancashire/o06.jdx": .spectra(2),
        "format-tests/lancashire/o07.jdx": .spectra(2),
        "format-tests/lancashire/o08.jdx": .spectra(2),
        "format-tests/lancashire/o09.jdx": .spectra(2),
        "format-tests/lancashire/o10.jdx": .spectra(2),
        "format-tests/lancashire/ofid1.jdx": .spectra(2),
        "format-tests/lancashire/ofid2.jdx": .spectra(2),
        "format-tests/lancashire/ofid3.jdx": .spectra(2),
        "format-tests/lancashire/ofid4.jdx": .spectra(2),
        "format-tests/lancashire/pacdec1.jdx": .spectra(1),
        "format-tests/lancashire/pktab1.jdx": .spectra(1),
        "format-tests/lancashire/pktab2.jdx": .spectra(1),
        "format-tests/lancashire/sqzdec1.jdx": .spectra(1),
        "format-tests/lancashire/sqzdupd1.jdx": .spectra(1),
        "format-tests/lancashire/xyinc1.jdx": .spectra(1),
        // Lines 35-37 are pieces of another (SQZ) spectrum pasted into this XY file: X jumps from 2810 to 28.
        "format-tests/lancashire/xyinc2.jdx": .refused(line: 35, reason: "X-check failed"),
        "infrared/1,1,1-trichloroethane.jdx": .spectra(1),
        "infrared/1,2-dichloroethane.jdx": .spectra(1),
        "infrared/1,3-butadiene.jdx": .spectra(1),
        "infrared/1,4-dimethylbenzene.jdx": .spectra(1),
        "infrared/1-butene.jdx": .spectra(1),
        "infrared/acetone.jdx": .spectra(1),
        "infrared/acrylonitrile.jdx": .spectra(1),
        "infrared/benzene.jdx": .spectra(1),
        "infrared/butane.jdx": .spectra(1),
        "infrared/carbon monoxide.jdx": .spectra(1),
        "infrared/chlorobenzene.jdx": .spectra(1),
        "infrared/cis-butene.jdx": .spectra(1),
        "infrared/dichloromethane.jdx": .spectra(1),
        "infrared/ethanol.jdx": .spectra(1),
        "infrared/ethyl acetate.jdx": .spectra(1),
        "infrared/ethyl benzene.jdx": .spectra(1),
        "infrared/ethylene oxide.jdx": .spectra(1),
        "infrared/example_compound_file.jdx": .spectra(2),
        "infrared/heptane-2,3-dimethylpentane.jdx": .spectra(1),
        "infrared/hydrogen sulfide.jdx": .spectra(1),
        "infrared/iso-butylene.jdx": .spectra(1),
        "infrared/isopropanol_ASDF.jdx": .spectra(1),
        "infrared/m-xylene.jdx": .spectra(1),
        "infrared/methanol.jdx": .spectra(1),
        "infrared/methyl tert-butyl ether.jdx": .spectra(1),
        "infrared/n-butane.jdx": .spectra(1),
        "infrared/n-pentane.jdx": .spectra(1),
        "infrared/ozone.jdx": .spectra(1),
        "infrared/penta fluoroethane.jdx": .spectra(1),
        "infrared/propylene oxide.jdx": .spectra(1),
        "infrared/sulfur dioxide.jdx": .spectra(1),
        "infrared/tetrachloroethene.jdx": .spectra(1),
        "infrared/trans-butene.jdx": .spectra(1),
        "infrared/vinyl chloride.jdx": .spectra(1),
    ]

    /// Header check values a file states wrongly (so they cannot be used), keyed `file#block`, with the evidence.
    static let wrongStatements: [String: Set<String>] = {
        var table: [String: Set<String>] = [
            // Line 28 starts `700.000000  -51473`: −51473 × YFACTOR 1.192e-7 = −0.006136, the value the file
            // gives as MAXY; its FIRSTY (.19), MINY (.19) and MAXY (−.006136) are mixed up in all five blocks.
            "format-tests/lancashire/blckpac1.jdx#0": ["FIRSTY", "MINY", "MAXY"],
            // MINY 0.0604, but the Python `jcamp` package decodes the same values (minimum 0.0769 at 374.5 nm).
            "format-tests/lancashire/dupinc1.jdx#0": ["MINY"],
            // MINY 0.5 and MAXY 80 are loose: the data (3734 = NPOINTS values, every Y- and X-check passing)
            // spans −0.23 to 79.45.
            "format-tests/lancashire/dupinc2.jdx#0": ["MINY", "MAXY"],
            // YFACTOR 2.3884185791e-09 is a typo of jtpolys.jdx's 2.384185791e-09 (same raw values, see
            // JCAMPReaderTests.sqzDifLineMatchesTheAffnFile), so FIRSTY and MAXY, computed with the right
            // factor, are 0.18 % off.
            "format-tests/lancashire/jtpolysd.jdx#0": ["FIRSTY", "MAXY"],
            // FIRSTY=0, but the first value is `A058` = 1058 × 2.84e-5 = 0.030; MINY/MAXY are rounded to 0.01.
            "infrared/isopropanol_ASDF.jdx#0": ["FIRSTY", "MINY", "MAXY"],
        ]
        for block in 1..<5 { table["format-tests/lancashire/blckpac1.jdx#\(block)"] = ["FIRSTY", "MINY", "MAXY"] }
        return table
    }()

    /// Files whose MINY/MAXY are in percent while the data (and FIRSTY) are fractions: MAXY = 100 × max(y).
    /// dupdec2: MAXY 79.17, data maximum 0.7917; compound.jdx, e.g. block 1: MAXY 49.32, maximum 0.4932
    /// (compound.jdx's are only within 0.3 %, so percent files get a 0.5 % tolerance).
    static let percentMinMax: Set<String> = ["format-tests/lancashire/dupdec2.jdx", "format-tests/lancashire/compound.jdx"]

    /// All files in the folder, relative paths.
    static func corpusFiles() -> [String] {
        let root = SharedData.path("jcamp")
        let enumerator = FileManager.default.enumerator(atPath: root)
        var files: [String] = []
        while let next = enumerator?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: root + "/" + next, isDirectory: &isDirectory), !isDirectory.boolValue {
                files.append(next)
            }
        }
        return files.sorted()
    }

    @Test func theTableCoversEveryFileInTheFolder() {
        let files = Self.corpusFiles()
        #expect(files.count == Self.table.count)
        #expect(Set(files) == Set(Self.table.keys))
    }

    @Test(arguments: corpusFiles())
    func fileParsesOrIsRefusedAsTabled(_ relative: String) throws {
        let outcome = try #require(Self.table[relative], "\(relative) is missing from the table")
        let bytes = try SharedData.bytes("jcamp/" + relative)
        switch outcome {
        case let .refused(line, reason):
            #expect {
                _ = try JCAMPReader().read(bytes, file: relative)
            } throws: { error in
                guard let error = error as? SpectrumReadError else { return false }
                return error.file == relative && error.line == line && error.reason.contains(reason)
            }
        case let .spectra(count):
            let document = try JCAMPReader().read(bytes, file: relative)
            #expect(document.blocks.count == count)
            let text = String(decoding: bytes, as: UTF8.self)
            if text.contains("##NTUPLES") {
                checkNTuples(document.blocks, against: StatedBlock.parse(text, keepingAll: true)[0], name: relative)
                return
            }
            let stated = StatedBlock.parse(text)
            try #require(stated.count == document.blocks.count)
            for (index, (block, header)) in zip(document.blocks, stated).enumerated() {
                check(block, against: header, skipping: Self.wrongStatements["\(relative)#\(index)"] ?? [],
                      minMaxScale: Self.percentMinMax.contains(relative) ? 100 : 1, name: "\(relative) block \(index)")
            }
        }
    }

    /// Compares a decoded spectrum with the check values its header states.
    func check(_ s: Spectrum, against header: StatedBlock, skipping: Set<String>, minMaxScale: Double, name: String) {
        func stated(_ key: String) -> Double? { skipping.contains(key) ? nil : header.number(key) }
        let isTable = header.values["PEAKTABLE"] != nil || header.values["XYPOINTS"] != nil
        if let n = stated("NPOINTS") { #expect(s.count == Int(n), "\(name): NPOINTS") }
        guard let firstX = s.x.first, let lastX = s.x.last, let firstY = s.y.first,
              let minY = s.y.min(), let maxY = s.y.max() else {
            Issue.record("\(name): empty spectrum")
            return
        }
        // (X++(Y..Y)) abscissas are FIRSTX..LASTX by definition; tables state them to their printed precision.
        let xTolerance = isTable ? 1e-3 : 1e-9
        if let v = stated("FIRSTX") { #expect(abs(firstX - v) <= xTolerance * max(1, abs(v)), "\(name): FIRSTX \(v) vs \(firstX)") }
        if let v = stated("LASTX") { #expect(abs(lastX - v) <= xTolerance * max(1, abs(v)), "\(name): LASTX \(v) vs \(lastX)") }
        // Y check values are printed with 4-7 significant digits.
        let scale = max(abs(minY), abs(maxY))
        let yTolerance = (minMaxScale == 1 ? 1e-3 : 5e-3) * scale + (header.number("YFACTOR") ?? 0)
        if let v = stated("FIRSTY") { #expect(abs(firstY - v) <= yTolerance, "\(name): FIRSTY \(v) vs \(firstY)") }
        if let v = stated("MINY") { #expect(abs(minY * minMaxScale - v) <= yTolerance * minMaxScale, "\(name): MINY \(v) vs \(minY)") }
        if let v = stated("MAXY") { #expect(abs(maxY * minMaxScale - v) <= yTolerance * minMaxScale, "\(name): MAXY \(v) vs \(maxY)") }
    }
}

extension JCAMPCorpusTests {
    /// NTUPLES files state, per variable (comma-separated lists in SYMBOL order), VAR_DIM, FIRST, LAST,
    /// MIN and MAX; page k (0-based) holds the k-th DEPENDENT variable (R then I). ISAS_MS3.DX's pages are a
    /// series of one variable, so only its page count is checked.
    func checkNTuples(_ blocks: [Spectrum], against header: StatedBlock, name: String) {
        func list(_ key: String) -> [Double?] {
            (header.values[key] ?? "").split(separator: ",", omittingEmptySubsequences: false)
                .map { Double($0.replacingOccurrences(of: " ", with: "")) }
        }
        let dims = list("VARDIM"), first = list("FIRST"), last = list("LAST"), minima = list("MIN"), maxima = list("MAX")
        let types = (header.values["VARTYPE"] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).uppercased() }
        let dependent = types.indices.filter { types[$0] == "DEPENDENT" }
        // Pages per dependent variable (NMR real/imaginary); a series of pages of one variable is not checked.
        guard dependent.count == blocks.count else { return }
        for (k, s) in blocks.enumerated() {
            let v = dependent[k]
            guard v < first.count, let firstY = first[v] else { continue }
            if v < dims.count, let n = dims[v] { #expect(s.count == Int(n), "\(name) page \(v): VAR_DIM") }
            if let x0 = first[0] { #expect(abs(s.x[0] - x0) <= 1e-9 * max(1, abs(x0)), "\(name) page \(v): FIRST X") }
            if let x1 = last[0] { #expect(abs(s.x[s.count - 1] - x1) <= 1e-9 * max(1, abs(x1)), "\(name) page \(v): LAST X") }
            guard let lo = s.y.min(), let hi = s.y.max() else { continue }
            // These files print FIRST/MIN/MAX of R and I rounded to integers (ofid1: FIRST −422, decoded −421.748).
            let tolerance = 1e-6 * max(abs(lo), abs(hi)) + 1
            #expect(abs(s.y[0] - firstY) <= tolerance, "\(name) page \(v): FIRST \(firstY) vs \(s.y[0])")
            if v < minima.count, let m = minima[v] { #expect(abs(lo - m) <= tolerance, "\(name) page \(v): MIN \(m) vs \(lo)") }
            if v < maxima.count, let m = maxima[v] { #expect(abs(hi - m) <= tolerance, "\(name) page \(v): MAX \(m) vs \(hi)") }
        }
    }
}

/// The labelled values of one data-bearing block, read by a deliberately simple line parser:
/// every `##LABEL=value` line, label normalised (spaces, dashes, slashes, underscores removed; upper case),
/// `$$` comments dropped; a new block starts at each `##TITLE=`; blocks without a data table are dropped.
struct StatedBlock {
    var values: [String: String] = [:]

    /// The value as a number; blanks inside are dropped (IMS_TEST1.DX writes FIRSTY as `0. 4491087E+01`).
    func number(_ key: String) -> Double? {
        guard let text = values[key]?.replacingOccurrences(of: " ", with: "") else { return nil }
        return Double(text)
    }

    static func parse(_ text: String, keepingAll: Bool = false) -> [StatedBlock] {
        var blocks: [StatedBlock] = []
        var current: StatedBlock?
        let lines = text.split(omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" })
        for raw in lines {
            let line = raw.trimmingCharacters(in: .whitespaces)
            guard line.hasPrefix("##"), let eq = line.firstIndex(of: "=") else { continue }
            let key = line[line.index(line.startIndex, offsetBy: 2)..<eq].uppercased()
                .replacingOccurrences(of: " ", with: "").replacingOccurrences(of: "-", with: "")
                .replacingOccurrences(of: "/", with: "").replacingOccurrences(of: "_", with: "")
            var value = String(line[line.index(after: eq)...])
            if let comment = value.range(of: "$$") { value = String(value[..<comment.lowerBound]) }
            value = value.trimmingCharacters(in: .whitespaces)
            if key == "TITLE" {
                if let c = current { blocks.append(c) }
                current = StatedBlock()
            }
            if current?.values[key] == nil { current?.values[key] = value }
        }
        if let c = current { blocks.append(c) }
        if keepingAll { return blocks }
        return blocks.filter { $0.values["XYDATA"] != nil || $0.values["XYPOINTS"] != nil || $0.values["PEAKTABLE"] != nil }
    }
}

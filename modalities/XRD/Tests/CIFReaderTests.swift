import Foundation
import Testing
@testable import XRDModality

/// Paths of committed fixtures and of the shared real data beside the package.
enum XRDTestFiles {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures").path
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let paperMOFs = packageRoot.appendingPathComponent("../shared/data/xrd/paper-mofs").standardizedFileURL.path

    static func fixture(_ name: String) -> String { fixtures + "/" + name }
    static func paperMOF(_ label: String) -> String { paperMOFs + "/" + label + ".cif" }
}

/// Reads CIF text given inline.
func readCIF(_ text: String, file: String = "test.cif") throws -> CrystalStructure {
    try CIFReader().read(Array(text.utf8), file: file)
}

/// Expects a CIFError naming `file` and `line`, whose reason contains `words`.
func expectCIFError(_ text: String, line: Int?, _ words: String, sourceLocation: SourceLocation = #_sourceLocation) {
    do {
        let structure = try readCIF(text, file: "bad.cif")
        _ = try PowderPatternSimulator().peaks(for: structure)
        Issue.record("no error for a CIF that should fail with '\(words)'", sourceLocation: sourceLocation)
    } catch let error as CIFError {
        #expect(error.file == "bad.cif", sourceLocation: sourceLocation)
        #expect(error.line == line, "\(error)", sourceLocation: sourceLocation)
        #expect(error.reason.contains(words), "\(error)", sourceLocation: sourceLocation)
    } catch {
        Issue.record("unexpected error type \(error)", sourceLocation: sourceLocation)
    }
}

private let goodCell = """
data_x
_cell_length_a 4.0
_cell_length_b 4.0
_cell_length_c 4.0
_cell_angle_alpha 90
_cell_angle_beta 90
_cell_angle_gamma 90

"""

private let oneAtom = """
loop_
_atom_site_label
_atom_site_fract_x
_atom_site_fract_y
_atom_site_fract_z
Cu1 0 0 0

"""

@Suite("CIF tokenizer and document")
struct CIFDocumentTests {
    @Test func readsQuotedSemicolonAndPlaceholderValues() throws {
        let text = """
        data_demo
        _a 'it''s here'
        _b "O'Brien"
        _c
        ;
        line one
        line two
        ;
        _d ?
        _e .
        _f '?'
        _g 1.234(5)
        # comment _h 3
        loop_ _k _l
        1 'two words'
        3 4
        """
        let doc = try CIFDocument.parse(Array(text.utf8), file: "demo.cif")
        let block = try #require(doc.blocks.first)
        #expect(block.name == "demo")
        // CIF 1.1: a quote closes only when followed by whitespace.
        #expect(block.items["_a"]?.text == "it''s here")
        #expect(block.items["_b"]?.text == "O'Brien")
        #expect(block.items["_c"]?.text == "\nline one\nline two")
        #expect(block.items["_c"]?.line == 5)
        #expect(block.items["_d"]?.isPlaceholder == true)
        #expect(block.items["_e"]?.number == nil)
        #expect(block.items["_f"]?.isPlaceholder == false)
        #expect(block.items["_g"]?.number == 1.234)
        #expect(block.items["_h"] == nil)
        let loop = try #require(block.loop(containing: "_l"))
        #expect(loop.rows.count == 2)
        #expect(loop.rows[0][1].text == "two words")
        #expect(loop.rows[1][1].line == 16)
    }

    @Test func unclosedTextFieldIsAnErrorWithItsLine() {
        expectCIFError("data_x\n_a 1\n;\nnever closed\n", line: 3, "never closed")
    }

    @Test func loopWithMissingValuesIsAnError() {
        expectCIFError("data_x\nloop_\n_a\n_b\n1 2 3\n", line: 2, "not a multiple of 2")
    }
}

@Suite("Symmetry operations")
struct SymmetryOperationTests {
    @Test func parsesTheCommonNotations() throws {
        // Expected images of r = (0.1, 0.2, 0.3), worked out by hand.
        let r = SIMD3(0.1, 0.2, 0.3)
        let cases: [(String, SIMD3<Double>)] = [
            ("x,y,z", SIMD3(0.1, 0.2, 0.3)),
            ("-x+1/2,y,-z", SIMD3(0.4, 0.2, -0.3)),
            ("1/2+x, 1/2+Y, z", SIMD3(0.6, 0.7, 0.3)),
            ("x-y,x,-z+0.5", SIMD3(-0.1, 0.1, 0.2)),
            ("-y+x, 2*x, z-1/4", SIMD3(-0.1, 0.2, 0.05)),
            ("+x, +y, +z+3/4", SIMD3(0.1, 0.2, 1.05)),
        ]
        for (text, expected) in cases {
            let op = try #require(SymmetryOperation.parse(text), "\(text)")
            let image = op.apply(r)
            for i in 0..<3 { #expect(abs(image[i] - expected[i]) < 1e-12, "\(text)") }
        }
    }

    @Test func rejectsMalformedOperations() {
        for text in ["x,y", "x,y,z,x", "x,,z", "a,b,c", "x,y,1/2", "x,y,z/", "x,y,z+1/0", "x+*,y,z"] {
            #expect(SymmetryOperation.parse(text) == nil, "\(text)")
        }
    }

    @Test func spaceGroupNamesExpandToTheirOrder() throws {
        // Orders from the International Tables (conventional cells).
        let orders = ["P 1": 1, "P -1": 2, "P 21/c": 4, "P 1 21/n 1": 4, "F m -3 m": 192, "R -3": 18, "I a -3 d": 96, "Fd-3m": 192, "P 63/m m c": 24]
        for (name, order) in orders {
            let ops = try #require(SpaceGroupTable.operations(hermannMauguin: name), "\(name)")
            #expect(ops.count == order, "\(name)")
        }
        #expect(SpaceGroupTable.operations(hermannMauguin: "Q 42") == nil)
    }
}

@Suite("CIF reader")
struct CIFReaderTests {
    @Test func rockSaltFromTheSpaceGroupNameHasFourFormulaUnits() throws {
        let s = try CIFReader().read(path: XRDTestFiles.fixture("CIF-NaCl-name-only.cif"))
        #expect(s.cell.aAngstrom == 5.6402)
        #expect(s.sites.filter { $0.element.symbol == "Na" }.count == 4)
        #expect(s.sites.filter { $0.element.symbol == "Cl" }.count == 4)
        // Face-centring: Na at (0,0,0), (0,½,½), (½,0,½), (½,½,0).
        let na = Set(s.sites.filter { $0.element.symbol == "Na" }.map { [$0.fractional.x, $0.fractional.y, $0.fractional.z] })
        #expect(na == [[0, 0, 0], [0, 0.5, 0.5], [0.5, 0, 0.5], [0.5, 0.5, 0]])
    }

    @Test func disorderedFixtureMatchesPymatgensComposition() throws {
        // pymatgen 2026.10 CifParser(primitive=False): 12 sites, composition Mn1 Co1 Fe1 O8.25.
        let s = try CIFReader().read(path: XRDTestFiles.fixture("CIF-disordered-oxide.cif"))
        var amount: [String: Double] = [:]
        for site in s.sites { amount[site.element.symbol, default: 0] += site.occupancy }
        #expect(abs((amount["Fe"] ?? 0) - 1) < 1e-12)
        #expect(abs((amount["Mn"] ?? 0) - 1) < 1e-12)
        #expect(abs((amount["Co"] ?? 0) - 1) < 1e-12)
        #expect(abs((amount["O"] ?? 0) - 8.25) < 1e-12)
        // Uiso 0.010 Å² → B = 8π²·0.010 = 0.78957 Å².
        let fe = try #require(s.sites.first { $0.element.symbol == "Fe" })
        #expect(abs((fe.bIsoSquareAngstrom ?? 0) - 0.789568352087149) < 1e-9)
    }

    @Test func paperMOFsExpandToPymatgensAtomCounts() throws {
        // Atom counts printed by pymatgen 2026.10 CifParser(primitive=False) for the shared CIFs.
        let counts = ["MOF-199": 624, "MOF-2": 68, "MOF-5": 424, "MOF-74": 162, "ZIF-67": 138,
                      "ZIF-7": 522, "ZIF-71": 816, "ZIF-8": 276, "ZIF-9": 522, "ZIF-90": 252]
        for (label, count) in counts {
            let s = try CIFReader().read(path: XRDTestFiles.paperMOF(label))
            #expect(s.sites.count == count, "\(label)")
        }
    }

    @Test func elementsAreInferredFromLabelsAndTypeSymbols() {
        let cases = ["Zn1": "Zn", "ZN2": "Zn", "C12": "C", "O2-": "O", "Cu2+": "Cu", "N1A": "N", "Ow": "O", "D1": "H", "Cl3": "Cl"]
        for (text, symbol) in cases { #expect(ChemicalElement.infer(from: text)?.symbol == symbol, "\(text)") }
        #expect(ChemicalElement.infer(from: "Qq1") == nil)
        #expect(ChemicalElement.infer(from: "1") == nil)
    }

    @Test func duplicateRowsOnOnePositionShareTheSite() throws {
        let text = goodCell + oneAtom + "Cu2 0.00001 0 1.0\n"
        let s = try readCIF(text)
        #expect(s.sites.count == 2)
        #expect(s.sites.map(\.occupancy) == [0.5, 0.5])
    }

    @Test func missingCell() {
        expectCIFError("data_x\n_cell_length_a 4\n" + oneAtom, line: 1, "missing cell")
    }

    @Test func unknownElement() {
        expectCIFError(goodCell + oneAtom + "Xq9 0.5 0.5 0.5\n", line: 14, "unknown element 'Xq9'")
    }

    @Test func unparsableSymmetryOperation() {
        expectCIFError(goodCell + "loop_\n_symmetry_equiv_pos_as_xyz\n'x,y,z'\n'x,y,w'\n" + oneAtom, line: 11, "cannot parse symmetry operation 'x,y,w'")
    }

    @Test func absurdNumberOfSymmetryOperations() {
        let ops = String(repeating: "'x,y,z'\n", count: 1600)
        expectCIFError(goodCell + "loop_\n_symmetry_equiv_pos_as_xyz\n" + ops + oneAtom, line: 10, "1600 symmetry operations")
    }

    @Test func unknownSpaceGroupWithoutOperations() {
        expectCIFError(goodCell + "_symmetry_space_group_name_H-M 'Q 1'\n" + oneAtom, line: 8, "not in the built-in table")
    }

    @Test func zeroVolumeCell() {
        let flat = goodCell.replacingOccurrences(of: "_cell_angle_gamma 90", with: "_cell_angle_gamma 90")
            .replacingOccurrences(of: "_cell_angle_alpha 90", with: "_cell_angle_alpha 120")
            .replacingOccurrences(of: "_cell_angle_beta 90", with: "_cell_angle_beta 120")
            .replacingOccurrences(of: "_cell_angle_gamma 90", with: "_cell_angle_gamma 120")
        // 1 − 3·(¼) + 2·(−⅛) = 0: three 120° angles close flat.
        expectCIFError(flat + oneAtom, line: 5, "zero volume")
    }

    @Test func occupancyAboveOne() {
        let text = goodCell + "loop_\n_atom_site_label\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\n_atom_site_occupancy\nCu1 0 0 0 1.5\n"
        expectCIFError(text, line: 14, "occupancy 1.5")
    }

    @Test func noAtoms() {
        expectCIFError(goodCell, line: 1, "no atoms")
        expectCIFError("", line: nil, "no data_ block")
    }

    @Test func absurdCellSize() {
        expectCIFError(goodCell.replacingOccurrences(of: "_cell_length_b 4.0", with: "_cell_length_b 4000") + oneAtom, line: 3, "outside 0.5–1000.0 Å")
        expectCIFError(goodCell.replacingOccurrences(of: "_cell_length_c 4.0", with: "_cell_length_c 0.01") + oneAtom, line: 4, "outside")
    }

    @Test func nonNumericCoordinate() {
        expectCIFError(goodCell + oneAtom + "Cu2 0.5 abc 0.5\n", line: 14, "not a number")
    }

    @Test func elementWithoutScatteringFactorsFailsInTheSimulator() {
        // Es (Z = 99) is not in pymatgen's scattering table.
        expectCIFError(goodCell + oneAtom + "Es1 0.5 0.5 0.5\n", line: nil, "no X-ray scattering factors")
    }

    @Test func garbageBytesEndWithAnError() {
        var bytes = [UInt8](repeating: 0x27, count: 500)  // a line of quotes
        bytes += Array("\n;\n".utf8)
        #expect(throws: CIFError.self) { try CIFReader().read(bytes, file: "junk.cif") }
    }
}

import Foundation
import Testing
@testable import SpectraCore

/// Values decoded by hand from raw JCAMP-DX lines, agreement between encodings of one spectrum,
/// robustness to odd but legal files, and typed errors for bad ones.
@Suite struct JCAMPReaderTests {
    func read(_ relative: String) throws -> SpectrumDocument {
        try JCAMPReader().read(try SharedData.bytes("jcamp/" + relative), file: relative)
    }

    func read(text: String, file: String = "t.jdx") throws -> SpectrumDocument {
        try JCAMPReader().read(Array(text.utf8), file: file)
    }

    // MARK: Values decoded by hand

    /// dupdec1.jdx line 25: `4400H225J3RJ1MmRj2rK0k9TJ5...`, YFACTOR 0.01, FIRSTX 4400, LASTX 450, NPOINTS 3951.
    /// By hand: H225 = SQZ +8225; J3 = DIF +13 → 8238; R = +9 → 8247; J1 = +11 → 8258; M = +4 → 8262;
    /// m = −4 → 8258; R = +9 → 8267; j2 = −12 → 8255; r = −9 → 8246; K0 = +20 → 8266; k9 = −29 → 8237;
    /// T = DUP 2: the DIF −29 once more → 8208; J5 = +15 → 8223. x step = (450 − 4400)/3950 = −1.
    @Test func difDupLineDecodesAsByHand() throws {
        let s = try read("format-tests/lancashire/dupdec1.jdx").blocks[0]
        let raw: [Double] = [8225, 8238, 8247, 8258, 8262, 8258, 8267, 8255, 8246, 8266, 8237, 8208, 8223]
        for (i, r) in raw.enumerated() {
            #expect(abs(s.y[i] - r * 0.01) < 1e-12)
            #expect(abs(s.x[i] - (4400 - Double(i))) < 1e-9)
        }
        #expect(s.x.last == 450)
        #expect(s.xUnit == .wavenumberPerCm)
        #expect(s.yUnit == .transmittance)
    }

    /// jtpolysd.jdx line 22 (SQZ+DIF) against jtpolys.jdx line 21 (AFFN) of the same polystyrene spectrum:
    /// D11726930 = +411726930; M56289 = DIF +456289 → 412183219; m23498 = −423498 → 411759721,
    /// the AFFN file's first three values `411726930 412183219 411759721`. The two files state different
    /// YFACTORs (2.3884185791e-09 vs 2.384185791e-09, a typo in one), so raw values are compared.
    @Test func sqzDifLineMatchesTheAffnFile() throws {
        let dif = try read("format-tests/lancashire/jtpolysd.jdx").blocks[0]
        let affn = try read("format-tests/lancashire/jtpolys.jdx").blocks[0]
        let raw: [Double] = [411726930, 412183219, 411759721]
        for i in 0..<3 {
            #expect(abs(dif.y[i] - raw[i] * 2.3884185791e-09) < 1e-15)
            #expect(abs(affn.y[i] - raw[i] * 2.384185791e-09) < 1e-15)
        }
        #expect(dif.count == 1844 && affn.count == 1844)
        for i in 0..<dif.count {
            #expect((dif.y[i] / 2.3884185791e-09).rounded() == (affn.y[i] / 2.384185791e-09).rounded())
        }
    }

    /// pacdec1.jdx line 25: `4000 +10160+10159+10159+10158`, YFACTOR 0.01 → 101.60, 101.59, 101.59, 101.58.
    /// PE1800.DX is the same spectrum with YFACTOR 0.0001, so its values are 1/100 of these.
    @Test func pacLineDecodesAndAgreesWithTheOtherScale() throws {
        let pac = try read("format-tests/lancashire/pacdec1.jdx").blocks[0]
        let pe = try read("format-tests/jcamp-dx.org/PE1800.DX").blocks[0]
        #expect(Array(pac.y.prefix(4)).map { ($0 * 100).rounded() } == [10160, 10159, 10159, 10158])
        #expect(pac.count == 3301 && pe.count == 3301)
        #expect(pac.x == pe.x)
        for i in 0..<pac.count { #expect(abs(pac.y[i] - 100 * pe.y[i]) < 1e-9) }
    }

    /// dichloromethane.jdx line 39: `575.17 875960 1467924 2741751-1710834-156327 670978` (AFFN where a minus
    /// sign also separates), YFACTOR 9.0949E-13.
    @Test func affnWithSignsAsSeparators() throws {
        let s = try read("infrared/dichloromethane.jdx").blocks[0]
        let raw: [Double] = [875960, 1467924, 2741751, -1710834, -156327, 670978]
        for (i, r) in raw.enumerated() { #expect(abs(s.y[i] - r * 9.0949e-13) < 1e-22) }
        #expect(s.x[0] == 575.17)
    }

    /// example_compound_file.jdx: a LINK file whose two blocks are `XYPOINTS=(XY..XY)`; first pairs
    /// `11995.21, 32112; 11991.36, 32505` with XFACTOR 1.0 and YFACTOR 0.000001.
    @Test func xyPointsInLinkBlocks() throws {
        let d = try read("infrared/example_compound_file.jdx")
        #expect(d.blocks.count == 2)
        let s = d.blocks[0]
        #expect(s.x[0] == 11995.21 && s.x[1] == 11991.36)
        #expect(abs(s.y[0] - 0.032112) < 1e-15 && abs(s.y[1] - 0.032505) < 1e-15)
        #expect(s.yUnit == .absorbance)
    }

    /// blckpkt1.jdx block 1: `PEAK TABLE=(XY..XY)` starting `10, 0 12, 5856.77 13, 13313`.
    @Test func peakTable() throws {
        let d = try read("format-tests/lancashire/blckpkt1.jdx")
        let s = d.blocks[0]
        #expect(Array(s.x.prefix(3)) == [10, 12, 13])
        #expect(Array(s.y.prefix(3)) == [0, 5856.77, 13313])
        #expect(s.xUnit == .massToCharge)
        #expect(s.title == "1-Propanol (70 eV EI)")
        #expect(s.metadata["DATA TYPE"] == "MASS SPECTRUM")
    }

    // MARK: Encodings of one spectrum agree

    /// The jcamp-dx.org Bruker set: AFFN, SQZ and PAC hold the same 16384 values. BRUKDIF.DX is titled
    /// "testspec" and states FIRSTY 2254931 and MINY −27593239 (AFFN: 2259260, −27593530): it holds the
    /// 16-bit TESTSPEC.DX spectrum, so it is compared with TESTSPEC (YFACTOR 29670.15003), whose values it
    /// truncates to integers (every difference is below 1).
    @Test func brukerEncodingsDecodeToIdenticalValues() throws {
        let affn = try read("format-tests/jcamp-dx.org/BRUKAFFN.DX").blocks[0]
        let sqz = try read("format-tests/jcamp-dx.org/BRUKSQZ.DX").blocks[0]
        let pac = try read("format-tests/jcamp-dx.org/BRUKPAC.DX").blocks[0]
        let dif = try read("format-tests/jcamp-dx.org/BRUKDIF.DX").blocks[0]
        let testspec = try read("format-tests/jcamp-dx.org/TESTSPEC.DX").blocks[0]
        #expect(affn.count == 16384)
        #expect(sqz.y == affn.y && pac.y == affn.y)
        #expect(sqz.x == affn.x && pac.x == affn.x && dif.x == affn.x)
        #expect(Array(affn.y.prefix(3)) == [2259260, -5242968, -7176216]) // BRUKAFFN.DX line 258
        #expect(dif.count == testspec.count)
        for i in 0..<dif.count { #expect(abs(dif.y[i] - testspec.y[i]) < 1) }
    }

    /// o01–o05.jdx: one NMR spectrum as AFFN, DIF, AFFN with separators, SQZ and DIFDUP.
    @Test func lancashireEncodingsAgree() throws {
        let reference = try read("format-tests/lancashire/o01.jdx").blocks[0]
        #expect(reference.count == 8192)
        for name in ["o02", "o03", "o04", "o05"] {
            let other = try read("format-tests/lancashire/\(name).jdx").blocks[0]
            #expect(other.x == reference.x, "\(name)")
            #expect(other.y == reference.y, "\(name)")
        }
    }

    /// NTUPLES: o06–o10.jdx hold o01.jdx's spectrum as pages (real, imaginary) in AFFN, DIF, SQZ, ... forms;
    /// their real page equals o01's XYDATA (x differs below 4e-5 Hz: FIRST 2391.2974 vs FIRSTX 2391.297363).
    /// ofid1–4.jdx are one FID in four encodings; TESTNTUP.DX's real page is TESTSPEC.DX's spectrum;
    /// ISAS_MS3.DX's second page (T=301 s) is ISAS_MS1.DX's 2-chlorophenol peak table.
    @Test func ntuplesPagesAgreeWithTheSameDataElsewhere() throws {
        let o01 = try read("format-tests/lancashire/o01.jdx").blocks[0]
        let o06 = try read("format-tests/lancashire/o06.jdx")
        #expect(o06.blocks.count == 2)
        #expect(o06.blocks[0].metadata["VAR_NAME"] == "SPECTRUM/REAL" && o06.blocks[1].metadata["VAR_NAME"] == "SPECTRUM/IMAG")
        for name in ["o06", "o07", "o08", "o09", "o10"] {
            let d = try read("format-tests/lancashire/\(name).jdx")
            #expect(d.blocks[0].y == o01.y, "\(name)")
            #expect(d.blocks[1].y == o06.blocks[1].y, "\(name)")
            #expect(zip(d.blocks[0].x, o01.x).allSatisfy { abs($0 - $1) < 4e-5 }, "\(name)")
        }
        let fid = try read("format-tests/lancashire/ofid1.jdx")
        #expect(fid.blocks[0].xUnit == .seconds)
        // ofid1.jdx line 25: `0.0000  -501  -9843  -22791  8262`, FACTOR of R 0.841812.
        #expect(Array(fid.blocks[0].y.prefix(4)) == [-501, -9843, -22791, 8262].map { $0 * 0.841812 })
        for name in ["ofid2", "ofid3", "ofid4"] {
            let d = try read("format-tests/lancashire/\(name).jdx")
            #expect(d.blocks[0].y == fid.blocks[0].y && d.blocks[1].y == fid.blocks[1].y, "\(name)")
        }
        #expect(try read("format-tests/jcamp-dx.org/TESTNTUP.DX").blocks[0].y == read("format-tests/jcamp-dx.org/TESTSPEC.DX").blocks[0].y)
        let ms3 = try read("format-tests/jcamp-dx.org/ISAS_MS3.DX").blocks[1]
        let ms1 = try read("format-tests/jcamp-dx.org/ISAS_MS1.DX").blocks[0]
        #expect(ms3.x == ms1.x && ms3.y == ms1.y)
    }

    /// sqzdec1.jdx is BRUKSQZ.DX's data with one character changed: its line 257 writes the second value as
    /// `E242968` (+5242968) where BRUKSQZ writes `e242968` (−5242968). Everything else agrees.
    @Test func sqzdecMatchesBrukerSqzExceptItsAlteredValue() throws {
        let sqzdec = try read("format-tests/lancashire/sqzdec1.jdx").blocks[0]
        let bruker = try read("format-tests/jcamp-dx.org/BRUKSQZ.DX").blocks[0]
        #expect(sqzdec.count == bruker.count)
        #expect(sqzdec.y[1] == 5242968 && bruker.y[1] == -5242968)
        var differing = 0
        for i in 0..<sqzdec.count where sqzdec.y[i] != bruker.y[i] { differing += 1 }
        #expect(differing == 1)
    }

    /// mactab2.jdx (old-Mac CR line ends) and pktab1.jdx (LF) hold the same 46-peak cholesterol table.
    @Test func crLineEndsReadLikeLf() throws {
        let mac = try read("format-tests/lancashire/mactab2.jdx").blocks[0]
        let unix = try read("format-tests/lancashire/pktab1.jdx").blocks[0]
        #expect(mac.count == 46)
        #expect(mac.x == unix.x && mac.y == unix.y)
    }

    // MARK: Odd but legal files

    static let small = """
    ##TITLE= small
    ##JCAMP-DX= 4.24
    ##DATA TYPE= INFRARED SPECTRUM
    ##XUNITS= 1/CM
    ##YUNITS= ABSORBANCE
    ##XFACTOR= 2
    ##YFACTOR= 0.5
    ##FIRSTX= 100
    ##LASTX= 114
    ##NPOINTS= 8
    ##XYDATA= (X++(Y..Y))
    50 10 12 14 16
    54 18 20 22 24
    ##END=
    """

    @Test func affnWithFactors() throws {
        let s = try read(text: Self.small).blocks[0]
        #expect(s.x == [100, 102, 104, 106, 108, 110, 112, 114])
        #expect(s.y == [5, 6, 7, 8, 9, 10, 11, 12])
        #expect(s.title == "small")
        #expect(s.metadata["JCAMP-DX"] == "4.24")
    }

    @Test func crlfLowercaseLabelsCommentsEofByteAndNoEnd() throws {
        var text = Self.small.replacingOccurrences(of: "##END=", with: "")
            .replacingOccurrences(of: "##xunits", with: "##xunits")
            .replacingOccurrences(of: "##DATA TYPE=", with: "##data_type =")
            .replacingOccurrences(of: "##XYDATA=", with: "$$ a comment line\n  ##xy data=")
            .replacingOccurrences(of: "\n", with: "\r\n")
        text += "\r\n\u{1A}garbage after the end-of-file byte"
        let s = try read(text: text).blocks[0]
        #expect(s.y == [5, 6, 7, 8, 9, 10, 11, 12])
        #expect(s.metadata["DATA TYPE"] == "INFRARED SPECTRUM")
    }

    /// DIF form with a Y-check on the second line: `50A0KKK` = 10, 12, 14, 16 (A0 = SQZ +10, K = DIF +2);
    /// `53A6KKKK` = check value 16 at point 4 (X 53 × XFACTOR 2 = 106), then 18, 20, 22, 24.
    @Test func difWithYCheck() throws {
        let text = Self.small.replacingOccurrences(of: "50 10 12 14 16\n54 18 20 22 24", with: "50A0KKK\n53A6KKKK")
        let s = try read(text: text).blocks[0]
        #expect(s.y == [5, 6, 7, 8, 9, 10, 11, 12])
    }

    // MARK: Bad input

    func expectRefusal(_ text: String, line: Int?, _ reason: String) {
        #expect {
            _ = try read(text: text)
        } throws: { error in
            guard let e = error as? SpectrumReadError else { return false }
            return e.file == "t.jdx" && e.line == line && e.reason.contains(reason)
        }
    }

    @Test func difYCheckMismatchNamesTheLine() {
        let text = Self.small.replacingOccurrences(of: "50 10 12 14 16\n54 18 20 22 24", with: "50A0KKK\n53A7KKKK")
        expectRefusal(text, line: 13, "DIF Y-check failed")
    }

    @Test func truncatedDataIsRefused() {
        let text = Self.small.replacingOccurrences(of: "54 18 20 22 24\n##END=", with: "")
        expectRefusal(text, line: 12, "holds 4 points but ##NPOINTS= says 8")
    }

    @Test func missingLineIsCaughtByTheXCheck() {
        let text = Self.small.replacingOccurrences(of: "50 10 12 14 16\n54", with: "58")
        expectRefusal(text, line: 12, "X-check failed")
    }

    @Test func garbageInDataIsRefused() {
        let text = Self.small.replacingOccurrences(of: "54 18 20 22 24", with: "54 18 20 \u{7F}22 24")
        expectRefusal(text, line: 13, "unexpected byte 0x7F")
    }

    @Test func dupWithoutValueIsRefused() {
        expectRefusal(Self.small.replacingOccurrences(of: "50 10 12 14 16", with: "50 S3 12 14 16"), line: 12, "DUP value")
    }

    @Test func emptyAndNonJcampFilesAreRefused() {
        expectRefusal("", line: nil, "empty file")
        expectRefusal("hello\nworld\n", line: 1, "not a JCAMP-DX file")
        expectRefusal("##TITLE= t\n##NPOINTS= 3\n##END=\n", line: nil, "no XYDATA")
        expectRefusal("##TITLE= t\n##XYDATA= (X++(Y..Y))\n##END=\n", line: 2, "has no data lines")
        expectRefusal("##TITLE= t\n##XYDATA= (X++(Y..Y))\n1 2 3\n##END=\n", line: 2, "needs ##FIRSTX=")
    }

    @Test func errorsQuotingMultiLineValuesStayOnOneLine() {
        expectRefusal(Self.small.replacingOccurrences(of: "##YFACTOR= 0.5", with: "##YFACTOR= 0.5x\n  continued"), line: 7,
                      "##YFACTOR= '0.5x continued' is not a number")
    }

    @Test func badHeaderNumberIsRefused() {
        expectRefusal(Self.small.replacingOccurrences(of: "##YFACTOR= 0.5", with: "##YFACTOR= half"), line: 7, "is not a number")
    }

    @Test func normalisesLabels() {
        #expect(JCAMPRecord.normalise("Data Type") == "DATATYPE")
        #expect(JCAMPRecord.normalise("BLOCK_ID") == "BLOCKID")
        #expect(JCAMPRecord.normalise("JCAMP-DX") == "JCAMPDX")
        #expect(JCAMPRecord.normalise("SPECTROMETER/DATA SYSTEM") == "SPECTROMETERDATASYSTEM")
    }

    @Test func sniffsTheTitleSignature() {
        #expect(JCAMPReader().sniff(head: Array("  ##title= x\n".utf8), fileExtension: "txt") == 100)
        #expect(JCAMPReader().sniff(head: Array("1 2\n".utf8), fileExtension: "txt") == 0)
    }
}

/// The JCAMP and column-header unit words map to the axis and intensity units.
@Suite struct UnitVocabularyTests {
    @Test func jcampUnitWords() {
        let axes: [(String, AxisUnit)] = [("1/CM", .wavenumberPerCm), ("cm-1", .wavenumberPerCm), ("MICROMETERS", .wavelengthMicrometers),
                                          ("NANOMETERS", .wavelengthNanometers), ("nm", .wavelengthNanometers), ("2THETA", .twoThetaDegrees),
                                          ("DEGREES", .twoThetaDegrees), ("PPM", .ppm), ("HZ", .hertz), ("SECONDS", .seconds),
                                          ("M/Z", .massToCharge), ("GAUSS", .arbitrary), ("", .arbitrary)]
        for (word, unit) in axes { #expect(UnitVocabulary.axisUnit(word) == unit, "\(word)") }
        #expect(UnitVocabulary.axisUnit("1/CM", dataType: "RAMAN SPECTRUM") == .ramanShiftPerCm)
        let intensities: [(String, IntensityUnit)] = [("TRANSMITTANCE", .transmittance), ("ABSORBANCE", .absorbance), ("A", .absorbance),
                                                      ("COUNTS", .counts), ("ARBITRARY UNITS", .arbitrary), ("REFLECTANCE", .reflectance),
                                                      ("KUBELKA-MUNK", .kubelkaMunk), ("pH", .arbitrary)]
        for (word, unit) in intensities { #expect(UnitVocabulary.intensityUnit(word) == unit, "\(word)") }
    }
}

extension JCAMPReaderTests {
    @Test func overflowingValuesAreRefused() {
        expectRefusal(Self.small.replacingOccurrences(of: "54 18 20 22 24", with: "54 18 20 1E+999 24"), line: 13, "overflows to infinity")
        expectRefusal(Self.small.replacingOccurrences(of: "##YFACTOR= 0.5", with: "##YFACTOR= 1e308"), line: 11, "not finite after applying")
    }

    @Test func hugeDupCountsAreRefused() {
        let line = "50 10" + String(repeating: "S99999", count: 200)
        expectRefusal(Self.small.replacingOccurrences(of: "50 10 12 14 16", with: line), line: 12, "DUP value follows another DUP value")
        let spread = "50 10" + String(repeating: " 1S99999", count: 60)
        expectRefusal(Self.small.replacingOccurrences(of: "50 10 12 14 16", with: spread), line: 12, "more than 10000000 values")
    }
}

extension JCAMPReaderTests {
    /// Line X written already scaled (100, 108 instead of 50, 54 with XFACTOR 2) passes the X-check.
    @Test func xCheckAcceptsUnscaledLineAbscissas() throws {
        let text = Self.small.replacingOccurrences(of: "50 10", with: "100 10").replacingOccurrences(of: "54 18", with: "108 18")
        #expect(try read(text: text).blocks[0].y == [5, 6, 7, 8, 9, 10, 11, 12])
    }
}

extension UnitVocabularyTests {
    /// Words with non-ASCII letters take String's comparisons (the ASCII ones compare bytes): `µm` upper-cases
    /// to Greek `ΜM`, `2θ` to `2Θ`, and a no-break space is not squeezed away but does not hide the word.
    @Test func nonASCIIUnitWords() {
        #expect(UnitVocabulary.axisUnit("µm") == .wavelengthMicrometers)
        #expect(UnitVocabulary.axisUnit("2θ (°)") == .twoThetaDegrees)
        #expect(UnitVocabulary.intensityUnit("Absorbance\u{A0}") == .absorbance)
        #expect(UnitVocabulary.axisUnit("Raman shift (cm⁻¹)") == .ramanShiftPerCm)
        #expect(UnitVocabulary.axisUnit("wavelength (nm)") == .wavelengthNanometers)
    }
}

import Foundation
import Testing

/// `spectra convert` and `spectra inspect` run as a user runs them: the built executable, real files.
@Suite struct ConvertInspectEndToEndTests {
    let dupdec1 = SpectraExecutable.sharedData("jcamp/format-tests/lancashire/dupdec1.jdx")

    /// dupdec1.jdx: FIRSTX 4400, LASTX 450, NPOINTS 3951, YFACTOR 0.01; line 25 starts `4400H225J3RJ1`
    /// = raw 8225, 8238 (+13), 8247 (+9), 8258 (+11) by hand.
    @Test func convertJcampToCsvOnStandardOutput() throws {
        let r = try SpectraExecutable.run(["convert", dupdec1, "--to", "csv"])
        #expect(r.status == 0)
        let lines = r.stdoutText.split(separator: "\n").map(String.init)
        #expect(lines.count == 3952)
        #expect(lines.first == "x,y")
        let rows = lines.dropFirst().map { $0.split(separator: ",").compactMap { Double($0) } }
        #expect(rows[0] == [4400, 82.25])
        #expect(rows[1] == [4399, 82.38])
        #expect(rows[2] == [4398, 82.47])
        #expect(rows[3] == [4397, 82.58])
        #expect(rows.last?.first == 450)
    }

    /// The .npy is (N, 2) float64 with columns x, y; its header and bytes are read here directly.
    @Test func convertToNpyFile() throws {
        let folder = try SpectraExecutable.temporaryFolder()
        let out = folder + "/d.npy"
        let r = try SpectraExecutable.run(["convert", dupdec1, "--to", "npy", "--out", out])
        #expect(r.status == 0)
        let npy = try NpyFile(path: out)
        #expect(npy.header.contains("'descr': '<f8'") && npy.header.contains("'shape': (3951, 2)"))
        #expect(npy.float64(0) == 4400 && npy.float64(1) == 82.25 && npy.float64(2) == 4399 && npy.float64(3) == 82.38)
        #expect(npy.data.count == 3951 * 16)
    }

    /// compound.jdx has 5 blocks (##BLOCKS=5); block 1 (0-based) is "block 2": FIRSTX 4400, NPOINTS 1976.
    @Test func inspectListsBlocksAndConvertPicksOne() throws {
        let file = SpectraExecutable.sharedData("jcamp/format-tests/lancashire/compound.jdx")
        let r = try SpectraExecutable.run(["inspect", file, "--json"])
        #expect(r.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout)) as? [String: Any])
        #expect(json["format"] as? String == "jcamp-dx")
        #expect(json["blockCount"] as? Int == 5)
        let blocks = try #require(json["blocks"] as? [[String: Any]])
        #expect(blocks[1]["title"] as? String == "block 2")
        #expect(blocks[1]["xUnit"] as? String == "wavenumberPerCm")
        #expect(blocks[1]["yUnit"] as? String == "transmittance")
        let c = try SpectraExecutable.run(["convert", file, "--block", "1"])
        #expect(c.status == 0)
        let lines = c.stdoutText.split(separator: "\n")
        #expect(lines.count == 1977)
        #expect(lines[1].hasPrefix("4400.0,"))
        let text = try SpectraExecutable.run(["inspect", file])
        #expect(text.status == 0 && text.stdoutText.contains("blocks: 5"))
        let missing = try SpectraExecutable.run(["convert", file, "--block", "7"])
        #expect(missing.status == 1 && missing.stderr.contains("block 7 does not exist"))
    }

    /// Several inputs in one process, one output per input named after it.
    @Test func batchConvertWritesOneFilePerInput() throws {
        let folder = try SpectraExecutable.temporaryFolder()
        let inputs = ["benzene.jdx", "ethanol.jdx", "1-butene.jdx"].map { SpectraExecutable.sharedData("jcamp/infrared/" + $0) }
        let r = try SpectraExecutable.run(["convert"] + inputs + ["--to", "csv", "--out", folder])
        #expect(r.status == 0)
        // NPOINTS from the headers: benzene 3343, ethanol 3570, 1-butene 880.
        for (name, points) in [("benzene", 3343), ("ethanol", 3570), ("1-butene", 880)] {
            let text = try String(contentsOfFile: folder + "/\(name).csv", encoding: .utf8)
            #expect(text.split(separator: "\n").count == points + 1, "\(name)")
        }
    }

    /// Column text: the XRD pattern's first lines are `10.0\t1838\t1796` and `10.01\t1803\t1796`
    /// (x, y, and a third column that is ignored).
    @Test func convertXyText() throws {
        let file = SpectraExecutable.sharedData("xrd/experimental/Li2MnO3+MnO+TiO2.xy")
        let r = try SpectraExecutable.run(["convert", file])
        #expect(r.status == 0)
        let lines = r.stdoutText.split(separator: "\n")
        #expect(lines[1] == "10.0,1838.0")
        #expect(lines[2] == "10.01,1803.0")
    }

    // MARK: Bad input: exit status 1, one line `error: FILE:LINE: reason`, no output file

    static let badInputs: [(name: String, content: [UInt8], line: Int?, reason: String)] = [
        ("garbage.xy", [0x00, 0xFF, 0x13, 0x37, 0x42, 0x00, 0x01], 1, "not a text file"),
        ("truncated.jdx", Array("##TITLE= t\n##FIRSTX= 1\n##LASTX= 4\n##NPOINTS= 4\n##XYDATA= (X++(Y..Y))\n1 10 11\n".utf8), 6, "holds 2 points but ##NPOINTS= says 4"),
        ("comma.csv", Array("x;y\n1,5;2,5\n".utf8), 2, "decimal commas are not supported"),
        ("empty.xy", [], nil, "empty file"),
        ("nan.xy", Array("1 2\n2 NaN\n".utf8), 2, "not a finite number"),
    ]

    @Test(arguments: 0..<badInputs.count)
    func badFileFailsWithOneLocatedLine(_ index: Int) throws {
        let bad = Self.badInputs[index]
        let folder = try SpectraExecutable.temporaryFolder()
        let input = folder + "/" + bad.name
        try Data(bad.content).write(to: URL(fileURLWithPath: input))
        let outFolder = folder + "/out"
        try FileManager.default.createDirectory(atPath: outFolder, withIntermediateDirectories: false)
        for target in ["csv", "npy"] {
            let r = try SpectraExecutable.run(["convert", input, "--to", target, "--out", outFolder + "/result." + target])
            #expect(r.status == 1)
            let lines = r.stderr.split(separator: "\n")
            #expect(lines.count == 1)
            let location = bad.line.map { "\(input):\($0): " } ?? "\(input): "
            #expect(r.stderr.hasPrefix("error: " + location), "\(r.stderr)")
            #expect(r.stderr.contains(bad.reason), "\(r.stderr)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: outFolder).isEmpty)
            #expect(r.stdout.isEmpty)
        }
        let inspect = try SpectraExecutable.run(["inspect", input])
        #expect(inspect.status == 1 && inspect.stderr.hasPrefix("error: \(input)"))
    }

    @Test func convertNeverOverwritesAnInput() throws {
        let folder = try SpectraExecutable.temporaryFolder()
        let input = folder + "/a.csv"
        try Data("x,y\n1,2\n".utf8).write(to: URL(fileURLWithPath: input))
        let r = try SpectraExecutable.run(["convert", input, "--out", folder])
        #expect(r.status == 1)
        #expect(r.stderr == "error: \(input): the output would overwrite an input file\n")
        #expect(try String(contentsOfFile: input, encoding: .utf8) == "x,y\n1,2\n")
    }

    @Test func batchWithABadFileConvertsTheOthersAndFails() throws {
        let folder = try SpectraExecutable.temporaryFolder()
        let bad = folder + "/bad.xy"
        try Data("1 2\n3\n".utf8).write(to: URL(fileURLWithPath: bad))
        let good = SpectraExecutable.sharedData("jcamp/infrared/benzene.jdx")
        let out = folder + "/out"
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: false)
        let r = try SpectraExecutable.run(["convert", bad, good, "--out", out])
        #expect(r.status == 1)
        #expect(r.stderr == "error: \(bad):2: ragged row: 1 column(s) where the data has 2\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: out) == ["benzene.csv"])
    }
}

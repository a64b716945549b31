import ArgumentParser
import Foundation
import Testing
@testable import spectra

/// `ConvertCommand.parsedDirectly` (the start-up fast path) against ArgumentParser, the reference: every form
/// it accepts must give the command ArgumentParser gives, and everything else must be left to ArgumentParser.
@Suite struct ConvertArgumentTests {
    struct Parsed: Equatable {
        var files: [String], to: ConvertCommand.Target, block: Int, format: String?, out: String?
        init(_ c: ConvertCommand) { (files, to, block, format, out) = (c.files, c.to, c.block, c.format, c.out) }
    }

    static let accepted: [[String]] = [
        ["convert", "a.jdx"],
        ["convert", "a.jdx", "--to", "npy"],
        ["convert", "a.jdx", "--to=npy", "--out=a.npy"],
        ["convert", "--to", "csv", "a.jdx", "--out", "a.csv"],
        ["convert", "a.jdx", "b.dx", "c.jdx", "--to", "npy", "--out", "folder/"],
        ["convert", "--out", "folder", "a.jdx", "b.jdx"],
        ["convert", "multi.jdx", "--block", "2", "--format", "jcamp-dx"],
        ["convert", "multi.jdx", "--block=+3"],
        ["convert", "a b.jdx", "x=1.txt", "--out", "out dir"],
    ]

    static let refused: [[String]] = [
        ["convert"],                                          // no file: validate() fails
        ["convert", "a.jdx", "b.jdx"],                        // several inputs need --out
        ["convert", "a.jdx", "--block", "-1"],
        ["convert", "a.jdx", "--block", "two"],
        ["convert", "a.jdx", "--to", "xml"],
        ["convert", "a.jdx", "--to"],
        ["convert", "a.jdx", "--out="],
        ["convert", "a.jdx", "--to", "csv", "--to", "npy"],   // repeated
        ["convert", "a.jdx", "--help"],
        ["convert", "-h"],
        ["convert", "a.jdx", "--", "-b.jdx"],
        ["convert", "-"],
        ["convert", "a.jdx", "--output", "x"],
        ["convert", "a.jdx", "-o", "x"],
        ["inspect", "a.jdx"],
        [],
    ]

    @Test(arguments: accepted)
    func acceptedFormsMatchArgumentParser(_ arguments: [String]) throws {
        let direct = try #require(ConvertCommand.parsedDirectly(arguments))
        let reference = try #require(try Spectra.parseAsRoot(arguments) as? ConvertCommand)
        #expect(Parsed(direct) == Parsed(reference))
    }

    static let paths: [(file: String, folder: String)] = [
        ("a.jdx", "out"), ("dir/sub/b.dx", "out/"), ("c", "out"), (".hidden", "/"), ("x.y.z", "o//"),
        ("/abs/path/d.jdx", "/tmp/o"), ("e.jdx/", "."), ("name.", "out"), ("../up/f g.jdx", "../out dir/"),
    ]

    /// Output names against NSString's path methods (the reference the batch naming follows).
    @Test func outputNamesMatchNSString() {
        for (file, folder) in Self.paths {
            let reference = (folder as NSString).appendingPathComponent(((file as NSString).lastPathComponent as NSString).deletingPathExtension + ".npy")
            #expect(ConvertCommand.outputPath(for: file, in: folder, extension: "npy") == reference, "\(file) in \(folder)")
        }
    }

    @Test(arguments: refused)
    func everythingElseIsLeftToArgumentParser(_ arguments: [String]) {
        #expect(ConvertCommand.parsedDirectly(arguments) == nil)
    }
}

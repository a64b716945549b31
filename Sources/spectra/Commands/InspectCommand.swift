import ArgumentParser
import SpectraCommandLine
import SpectraCore

struct InspectCommand: SpectraCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Describe a spectrum file: format, blocks, points, axis range and units, title.",
        discussion: "Example: spectra inspect benzene.jdx --json"
    )

    @Argument(help: "A spectrum file (JCAMP-DX, XY/CSV, NPY, or a modality's instrument format).")
    var file: String

    @Option(help: "Force a format instead of sniffing it (see `spectra inspect --help`).")
    var format: String?

    @Flag(help: "Print JSON.")
    var json = false

    struct BlockSummary: Encodable {
        var index: Int
        var title: String?
        var description: String
        var points: Int
        var xMin: Double?
        var xMax: Double?
        var xUnit: String
        var yUnit: String
        /// The file's own unit words (JCAMP `XUNITS`/`YUNITS`, column headers) when it has them.
        var xUnitInFile: String?
        var yUnitInFile: String?
    }

    struct Summary: Encodable {
        var file: String
        var format: String
        var blockCount: Int
        var blocks: [BlockSummary]
        /// Blocks that hold no spectrum (JCAMP structure or assignment blocks), by title.
        var skippedBlocks: String?
    }

    func execute() throws {
        let registry = makeReaderRegistry()
        let document = try registry.readDocument(atPath: file, format: format)
        let blocks = document.blocks.enumerated().map { index, s in
            BlockSummary(index: index, title: s.title, description: document.blockDescriptions[index], points: s.count,
                         xMin: s.xRange?.lowerBound, xMax: s.xRange?.upperBound,
                         xUnit: s.xUnit.rawValue, yUnit: s.yUnit.rawValue,
                         xUnitInFile: s.metadata["XUNITS"] ?? s.metadata["xColumn"],
                         yUnitInFile: s.metadata["YUNITS"] ?? s.metadata["yColumn"])
        }
        let summary = Summary(file: file, format: document.format, blockCount: blocks.count, blocks: blocks,
                              skippedBlocks: document.blocks.first?.metadata["skippedBlocks"])
        if json {
            writeStandardOutput(jsonText(summary))
            return
        }
        print("file:   \(file)")
        print("format: \(document.format)")
        print("blocks: \(blocks.count)")
        for (b, s) in zip(blocks, document.blocks) {
            let range = b.xMin.map { "\($0) – \(b.xMax ?? $0)" } ?? "empty"
            let heading = b.description.isEmpty ? (b.title ?? "(untitled)") : b.description
            print("  [\(b.index)] \(heading)")
            let xFile = b.xUnitInFile.map { " [\($0)]" } ?? ""
            let yFile = b.yUnitInFile.map { " [\($0)]" } ?? ""
            print("      points: \(b.points)  x: \(range) \(s.xUnit.label)\(xFile)  y: \(s.yUnit.label)\(yFile)")
        }
        if let skipped = summary.skippedBlocks { print("skipped (no spectrum): \(skipped)") }
    }
}

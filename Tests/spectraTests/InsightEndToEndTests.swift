import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// Whether `path` holds well-formed XML with an `<svg>` root.
private func isSVG(_ path: String) -> Bool {
    guard let data = FileManager.default.contents(atPath: path) else { return false }
    final class Root: NSObject, XMLParserDelegate {
        var name: String?
        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) { if self.name == nil { self.name = name } }
    }
    let parser = XMLParser(data: data), root = Root()
    parser.delegate = root
    return parser.parse() && root.name == "svg"
}

private func jsonObject(_ path: String) throws -> [String: Any] {
    let data = try #require(FileManager.default.contents(atPath: path))
    return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
}

/// Tiny models: 1 block, 16 channels, segments of 25 points (2251 → 90 segments + CLS, 1 point dropped).
private let vitArguments = ["--modality", "xrd", "--epochs", "2", "--repeats", "2", "--batch-size", "8", "--depth", "1",
                            "--embed-dim", "16", "--heads", "2", "--segment-length", "25", "--no-augment", "--seed", "5"]

@Test func explainATinyViTWritesFiguresAndTheNumbersBehindThem() throws {
    let dir = try SpectraExecutable.temporaryFolder()
    try writePatternFolder(dir + "/data", classes: 2, perClass: 3)
    let trained = try SpectraExecutable.run(["train", "--data", dir + "/data", "--out", dir + "/vit.safetensors.zst",
                                             "--log", dir + "/log.jsonl"] + vitArguments)
    #expect(trained.status == 0, "\(trained.stderr)")
    let files = [dir + "/data/phase-0/0.xy", dir + "/data/phase-1/0.xy"]
    let run = try SpectraExecutable.run(["explain", "--model", dir + "/vit.safetensors.zst", "--out", dir + "/explain", "--json", "--top", "2"] + files)
    #expect(run.status == 0, "\(run.stderr)")
    let summary = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout)) as? [String: Any])
    #expect(summary["comparison"] as? String == dir + "/explain/comparison.svg")
    for stem in ["0", "0-2"] {
        let base = dir + "/explain/" + stem
        for figure in [".maps.svg", ".attention.svg"] { #expect(isSVG(base + figure), "\(stem)\(figure)") }
        let j = try jsonObject(base + ".json")
        #expect(j["architecture"] as? String == "vit")
        #expect((j["top"] as? [Any])?.count == 2)
        // (layers, heads, T, T) = (1, 2, 91, 91), every attention row a softmax.
        let attention = try #require(j["attention"] as? [[[[Double]]]])
        #expect(attention.count == 1 && attention[0].count == 2 && attention[0][0].count == 91 && attention[0][0][0].count == 91)
        #expect(attention[0][1].allSatisfy { abs($0.reduce(0, +) - 1) < 1e-4 })
        // The CLS map is the mean over heads of row 0 of the last layer, recomputed here from the JSON.
        let cls = try #require(j["clsMap"] as? [Double])
        for k in [0, 1, 45, 90] { #expect(abs(cls[k] - (attention[0][0][0][k] + attention[0][1][0][k]) / 2) < 1e-6) }
        let rollout = try #require(j["rollout"] as? [Double])
        #expect(rollout.count == 91 && abs(rollout.reduce(0, +) - 1) < 1e-5)
        let segments = try #require(j["segments"] as? [[String: Any]])
        #expect(segments.count == 90 && j["droppedPoints"] as? Int == 1)
        // Segment 2 (token 3) covers grid points 50–74, i.e. 6.00–6.48° on 5–50° at 0.02°.
        #expect(segments[2]["token"] as? Int == 3 && segments[2]["firstPoint"] as? Int == 50)
        #expect(abs((segments[2]["start"] as? Double ?? 0) - 6.0) < 1e-9 && abs((segments[2]["end"] as? Double ?? 0) - 6.48) < 1e-9)
    }
    #expect(isSVG(dir + "/explain/comparison.svg"))
    // Attention is the same for every class: asking for one is an error naming the file.
    let classed = try SpectraExecutable.run(["explain", "--model", dir + "/vit.safetensors.zst", "--out", dir + "/explain",
                                             "--class", "phase-0", files[0]])
    #expect(classed.status == 1 && classed.stderr.hasPrefix("error: \(files[0]): "))

    // The same model's training curves and confusion matrix.
    let curves = try SpectraExecutable.run(["plot", "--training-log", dir + "/log.jsonl", "--out", dir + "/curves.svg"])
    #expect(curves.status == 0, "\(curves.stderr)")
    #expect(isSVG(dir + "/curves.svg"))
    let evaluated = try SpectraExecutable.run(["evaluate", "--model", dir + "/vit.safetensors.zst", "--data", dir + "/data", "--json"])
    try Data(evaluated.stdout).write(to: URL(fileURLWithPath: dir + "/eval.json"))
    let matrix = try SpectraExecutable.run(["plot", "--confusion", dir + "/eval.json", "--out", dir + "/confusion.svg"])
    #expect(matrix.status == 0, "\(matrix.stderr)")
    #expect(isSVG(dir + "/confusion.svg"))
    let cells = try jsonObject(dir + "/eval.json")["confusionCounts"] as? [[String: Any]]
    #expect(cells?.reduce(0) { $0 + ($1["count"] as? Int ?? 0) } == 6)

    // t-SNE of the CLS embeddings of the 6 spectra.
    let tsne = try SpectraExecutable.run(["tsne", "--model", dir + "/vit.safetensors.zst", "--data", dir + "/data",
                                          "--out", dir + "/tsne.svg", "--perplexity", "2", "--highlight", "phase-1", "--json"])
    #expect(tsne.status == 0, "\(tsne.stderr)")
    #expect(isSVG(dir + "/tsne.svg"))
    let report = try #require(try JSONSerialization.jsonObject(with: Data(tsne.stdout)) as? [String: Any])
    #expect((report["points"] as? [Any])?.count == 6)
    #expect(report["method"] as? String == "exact")
}

@Test func explainATinyCNNGivesCAMAndGradCAM() throws {
    let dir = try SpectraExecutable.temporaryFolder()
    try writePatternFolder(dir + "/data", classes: 2, perClass: 3)
    let trained = try SpectraExecutable.run(["train", "--modality", "xrd", "--data", dir + "/data", "--model", "cnn", "--epochs", "1",
                                             "--batch-size", "6", "--no-augment", "--out", dir + "/cnn.safetensors.zst"])
    #expect(trained.status == 0, "\(trained.stderr)")
    let run = try SpectraExecutable.run(["explain", "--model", dir + "/cnn.safetensors.zst", "--out", dir + "/out",
                                         "--class", "phase-1", dir + "/data/phase-0/2.xy"])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(isSVG(dir + "/out/2.maps.svg"))
    #expect(!FileManager.default.fileExists(atPath: dir + "/out/2.attention.svg"))
    let j = try jsonObject(dir + "/out/2.json")
    #expect(j["explainedClass"] as? String == "phase-1")
    // 2251 points → 1123 → 559 → 277 → 136 positions after the four blocks, centred at 16p + 37.5.
    let cam = try #require(j["cam"] as? [String: Any])
    #expect((cam["values"] as? [Any])?.count == 136)
    #expect((cam["centres"] as? [Double])?.last == 16 * 135 + 37.5)
    let grad = try #require(j["gradCAM"] as? [String: Any])
    #expect((grad["values"] as? [Double])?.allSatisfy { $0 >= 0 } == true)
    let maps = try #require(j["pointMaps"] as? [[String: Any]])
    #expect(maps.map { $0["name"] as? String } == ["CAM", "Grad-CAM"])
    #expect((maps[0]["values"] as? [Any])?.count == 2251)
}

@Test func insightCommandsRefuseBadInputWithOneLineErrors() throws {
    let dir = try SpectraExecutable.temporaryFolder()
    try writePatternFolder(dir + "/data", classes: 2, perClass: 3)
    let knn = try SpectraExecutable.run(["train", "--modality", "xrd", "--data", dir + "/data", "--model", "knn", "--out", dir + "/knn.safetensors.zst"])
    #expect(knn.status == 0, "\(knn.stderr)")
    // A classical baseline has no attention or feature maps.
    let baseline = try SpectraExecutable.run(["explain", "--model", dir + "/knn.safetensors.zst", "--out", dir + "/o", dir + "/data/phase-0/0.xy"])
    #expect(baseline.status == 1)
    #expect(baseline.stderr.hasPrefix("error: \(dir)/knn.safetensors.zst: ") && baseline.stderr.split(separator: "\n").count == 1)
    // Perplexity too large for 6 spectra; unknown class to highlight; missing model/modality is bad usage.
    let perplexity = try SpectraExecutable.run(["tsne", "--modality", "xrd", "--raw", "--data", dir + "/data", "--out", dir + "/t.svg"])
    #expect(perplexity.status == 1 && perplexity.stderr.hasPrefix("error: \(dir)/data: "))
    let unknown = try SpectraExecutable.run(["tsne", "--modality", "xrd", "--raw", "--data", dir + "/data", "--out", dir + "/t.svg",
                                             "--perplexity", "1", "--highlight", "ZIF-8"])
    #expect(unknown.status == 1 && unknown.stderr.contains("ZIF-8"))
    #expect(!FileManager.default.fileExists(atPath: dir + "/t.svg"))
    let usage = try SpectraExecutable.run(["tsne", "--data", dir + "/data", "--out", dir + "/t.svg"])
    #expect(usage.status == 2)
    let badLog = dir + "/bad.jsonl"
    try "{\"epoch\": 1}\n".write(toFile: badLog, atomically: true, encoding: .utf8)
    let plot = try SpectraExecutable.run(["plot", "--training-log", badLog, "--out", dir + "/c.svg"])
    #expect(plot.status == 1 && plot.stderr == "error: \(badLog):1: not a training-log record (a JSON object with epoch, trainLoss, validationLoss, validationTop1/3/5)\n")
}

import Foundation
import Testing

/// `spectra embed`: the CLS embeddings it writes, put through the head's weights (read from `zoo export`'s
/// safetensors and multiplied out here), must give the probabilities `spectra predict` reports.
@Suite struct EmbedEndToEndTests {
    /// A 2-D little-endian float32 .npy file.
    static func readMatrix(_ path: String) throws -> (rows: Int, columns: Int, values: [Float]) {
        let npy = try NpyFile(path: path)
        #expect(npy.header.contains("'descr': '<f4'") && npy.header.contains("'fortran_order': False"))
        let shape = try #require(npy.header.range(of: #"\((\d+), (\d+)\)"#, options: .regularExpression).map { npy.header[$0] })
        let dims = shape.dropFirst().dropLast().split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        return (dims[0], dims[1], (0..<(npy.data.count / 4)).map(npy.float32))
    }

    /// One F16 or F32 tensor of a safetensors file (8-byte header length, JSON header, raw data), as Doubles.
    static func tensor(_ name: String, in bytes: [UInt8]) throws -> [Double] {
        let length = (0..<8).reduce(0) { $0 | Int(bytes[$1]) << (8 * $1) }
        let header = try #require(try JSONSerialization.jsonObject(with: Data(bytes[8..<(8 + length)])) as? [String: Any])
        let entry = try #require(header[name] as? [String: Any])
        let offsets = try #require(entry["data_offsets"] as? [Int])
        let raw = bytes[(8 + length + offsets[0])..<(8 + length + offsets[1])]
        switch entry["dtype"] as? String {
        case "F16":
            return stride(from: raw.startIndex, to: raw.endIndex, by: 2).map { Double(Float16(bitPattern: UInt16(raw[$0]) | UInt16(raw[$0 + 1]) << 8)) }
        case "F32":
            return stride(from: raw.startIndex, to: raw.endIndex, by: 4).map { i in
                Double(Float(bitPattern: UInt32(raw[i]) | UInt32(raw[i + 1]) << 8 | UInt32(raw[i + 2]) << 16 | UInt32(raw[i + 3]) << 24))
            }
        default:
            Issue.record("unexpected dtype of \(name)")
            return []
        }
    }

    @Test func embeddingsThroughTheHeadGivePredictsProbabilities() throws {
        let dir = try SpectraExecutable.temporaryFolder()
        let examples = SpectraExecutable.packageRoot.appendingPathComponent("examples/xrd").path
        let embedded = try SpectraExecutable.run(["embed", "--model", "vit-xrd-mof", "--data", examples + "/measured-like.csv",
                                                  "--out", dir + "/e.npy", "--labels", dir + "/e.csv"])
        try #require(embedded.status == 0, "\(embedded.stderr)")
        let exported = try SpectraExecutable.run(["zoo", "export", "vit-xrd-mof", "--out", dir + "/export"])
        try #require(exported.status == 0, "\(exported.stderr)")

        let matrix = try Self.readMatrix(dir + "/e.npy")
        let rows = try String(contentsOfFile: dir + "/e.csv", encoding: .utf8).split(separator: "\n").dropFirst()
            .map { $0.split(separator: ",").map(String.init) }
        let manifest = Array(try String(contentsOfFile: examples + "/measured-like.csv", encoding: .utf8).split(separator: "\n").dropFirst())
        try #require(matrix.rows == manifest.count && rows.count == manifest.count && matrix.columns == 120)
        let labels = try String(contentsOfFile: dir + "/export/labels.txt", encoding: .utf8).split(separator: "\n").map(String.init)
        let weights = try [UInt8](Data(contentsOf: URL(fileURLWithPath: dir + "/export/vit-xrd-mof.safetensors")))
        let w = try Self.tensor("head.weight", in: weights), b = try Self.tensor("head.bias", in: weights)
        try #require(w.count == labels.count * matrix.columns && b.count == labels.count)

        for row in [0, 7, matrix.rows - 1] {
            let file = rows[row][0]
            #expect(rows[row][1] == String(manifest[row].split(separator: ",")[1]))
            let e = matrix.values[(row * matrix.columns)..<((row + 1) * matrix.columns)].map(Double.init)
            let logits = (0..<labels.count).map { k in zip(w[(k * e.count)..<((k + 1) * e.count)], e).reduce(b[k]) { $0 + $1.0 * $1.1 } }
            let top = logits.max()!
            let total = logits.reduce(0) { $0 + exp($1 - top) }
            let best = logits.indices.sorted { logits[$0] > logits[$1] }.prefix(2)

            let predicted = try SpectraExecutable.run(["predict", "--model", "vit-xrd-mof", "--top", "2", "--json", file])
            #expect(predicted.status == 0, "\(predicted.stderr)")
            let json = try #require(try JSONSerialization.jsonObject(with: Data(predicted.stdout)) as? [[String: Any]])
            let reported = try #require(json.first?["top"] as? [[String: Any]])
            for (entry, k) in zip(reported, best) {
                #expect(entry["label"] as? String == labels[k])
                let probability = try #require(entry["probability"] as? Double)
                #expect(abs(probability - exp(logits[k] - top) / total) < 1e-4, "\(file): \(labels[k])")
            }
        }
    }

    @Test func embedRefusesBadInputWithOneLineErrors() throws {
        let dir = try SpectraExecutable.temporaryFolder()
        let missing = try SpectraExecutable.run(["embed", "--model", "vit-xrd-mof", "--data", dir + "/none.csv", "--out", dir + "/e.npy"])
        #expect(missing.status == 1 && missing.stderr.hasPrefix("error: \(dir)/none.csv"), "\(missing.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/e.npy"))
        let same = try SpectraExecutable.run(["embed", "--model", "vit-xrd-mof", "--data", dir + "/none.csv", "--out", dir + "/e.npy",
                                              "--labels", dir + "/e.npy"])
        #expect(same.status == 2)
    }
}

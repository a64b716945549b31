/// Reads NumPy `.npy` arrays (see `NumpyArray`) as spectra.
///
/// Layouts: the longer dimension is the points axis; along the shorter one, the first entry is x and
/// each further one a y sharing that x (one block each):
/// - `(N,)` → one spectrum, y = the values, x = 0, 1, …, N−1 (unit arbitrary);
/// - `(N, 2)` → columns x, y (what `spectra convert --to npy` writes); `(2, N)` → rows x, y;
/// - `(N, K)` with N ≥ K > 2 → x = column 0 and K−1 blocks; `(K, N)` with N > K > 2 → x = row 0 and K−1 blocks;
/// - `(N, 1)` / `(1, N)` → like `(N,)`. A square array is read by columns.
/// NaN or infinite values are refused.
public struct NumpySpectrumReader: SpectrumReader {
    public init() {}

    public var formatName: String { "npy" }
    public var fileExtensions: [String] { ["npy"] }

    public func sniff(head: [UInt8], fileExtension: String) -> Int {
        if head.count >= 6, head[0] == 0x93, Array(head[1...5]) == Array("NUMPY".utf8) { return 100 }
        return fileExtension == "npy" ? 10 : 0
    }

    public func read(_ bytes: [UInt8], file: String) throws -> SpectrumDocument {
        if bytes.isEmpty { throw SpectrumReadError(file: file, reason: "empty file") }
        let array: NumpyArray
        do {
            array = try NumpyArray.decode(bytes, file: file)
        } catch var error as SpectrumReadError {
            // Reasons may quote header text; errors are one line.
            error.reason = error.reason.split(whereSeparator: { $0 == "\n" || $0 == "\r" }).joined(separator: " ")
            throw error
        }
        if let bad = array.values.firstIndex(where: { !$0.isFinite }) {
            throw SpectrumReadError(file: file, reason: "value \(bad) (C order) is \(array.values[bad]); NaN and infinite values are not allowed")
        }
        let rows = array.shape[0]
        let columns = array.shape.count == 2 ? array.shape[1] : 1
        // variables × points, whichever way the array is stored
        let byColumns = array.shape.count == 1 || rows >= columns
        let points = byColumns ? rows : columns
        let variables = byColumns ? columns : rows
        guard points > 0, variables > 0 else {
            throw SpectrumReadError(file: file, reason: "the array has no values (shape \(array.shape))")
        }
        func value(variable v: Int, point i: Int) -> Double {
            byColumns ? array.values[i * columns + v] : array.values[v * columns + i]
        }
        let metadata = ["format": formatName, "shape": "(" + array.shape.map(String.init).joined(separator: ", ") + ")",
                        "dtype": array.elementType.rawValue]
        if variables == 1 {
            let y = (0..<points).map { value(variable: 0, point: $0) }
            return SpectrumDocument(format: formatName, blocks: [Spectrum(x: (0..<points).map(Double.init), y: y, metadata: metadata)])
        }
        let x = (0..<points).map { value(variable: 0, point: $0) }
        let blocks = (1..<variables).map { v in
            Spectrum(x: x, y: (0..<points).map { value(variable: v, point: $0) }, metadata: metadata)
        }
        let descriptions = (1..<variables).map { byColumns ? "column \($0)" : "row \($0)" }
        return SpectrumDocument(format: formatName, blocks: blocks, blockDescriptions: descriptions)
    }
}

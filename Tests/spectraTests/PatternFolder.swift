import Foundation

/// A folder of per-label subfolders of `.xy` patterns on 5–50° 2θ: class c has peaks at class-specific
/// angles, each file with its own small shift and noise (deterministic).
func writePatternFolder(_ root: String, classes: Int, perClass: Int) throws {
    var state: UInt64 = 12345
    func uniform() -> Double {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Double(state >> 11) / Double(1 << 53)
    }
    for c in 0..<classes {
        let folder = root + "/phase-\(c)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for i in 0..<perClass {
            let shift = 0.1 * (uniform() - 0.5)
            var text = ""
            for k in 0..<2251 {
                let x = 5 + 0.02 * Double(k)
                var y = 100 + 20 * uniform()
                for centre in [8 + 4 * Double(c), 40 - 3 * Double(c)] {
                    let d = (x - centre - shift) / 0.1
                    y += 5000 * exp(-d * d / 2)
                }
                text += "\(x) \(y)\n"
            }
            try text.write(toFile: folder + "/\(i).xy", atomically: true, encoding: .utf8)
        }
    }
}

// Times SpectraCore's XRD "measured" preprocessing (Savitzky–Golay 11/3 → SNIP 3° → linear resample
// onto 5–50° at 0.02° → min–max) and the XRD augmentation (block elimination, block scaling, shift,
// min–max) on the measured patterns in ../shared/data/xrd/experimental. Parsing is not timed.
// Built and run by run.sh against the release build's SpectraCore objects; prints one JSON line.
import Foundation
import SpectraCore

func readXY(_ path: String) -> Spectrum? {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
    var x: [Double] = [], y: [Double] = []
    for line in text.split(whereSeparator: \.isNewline) {
        let f = line.split(whereSeparator: { $0.isWhitespace || $0 == "," }).compactMap { Double($0) }
        if f.count >= 2 { x.append(f[0]); y.append(f[1]) }
    }
    return Spectrum(x: x, y: y, xUnit: .twoThetaDegrees, yUnit: .counts)
}

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

let folder = CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : "../shared/data/xrd/experimental"
let repetitions = CommandLine.arguments.count > 2 ? Int(CommandLine.arguments[2]) ?? 20 : 20
let files = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".xy") }.sorted()
let spectra = files.compactMap { readXY(folder + "/" + $0) }
guard !spectra.isEmpty else { print("no .xy files in \(folder)"); exit(1) }

do {
    let preprocess = CompiledPipeline(steps: [
        try SavitzkyGolay(window: 11, order: 3), try BaselineSNIP(width: 3),
        try Resample(start: 5, stop: 50, step: 0.02), NormalizeMinMax(),
    ])
    let augment = CompiledPipeline(steps: [
        try BlockElimination(), try BlockScaling(), try Shift(), NormalizeMinMax(),
    ])
    var canonical: [Spectrum] = []
    var checksum = 0.0
    let pre = try seconds {
        for _ in 0..<repetitions {
            canonical = try spectra.map { try preprocess.apply(to: $0) }
            checksum += canonical.reduce(0) { $0 + $1.y.reduce(0, +) }
        }
    }
    var rng = SeededGenerator(seed: 1)
    let aug = try seconds {
        for _ in 0..<(repetitions * 20) {
            for s in canonical { checksum += try augment.apply(to: s, using: &rng).y[1000] }
        }
    }
    let n = Double(spectra.count * repetitions)
    print(#"{"tool": "spectrakit", "spectra": \#(spectra.count), "points": \#(spectra.map(\.count).reduce(0, +)), "preprocess_ms_per_spectrum": \#(pre / n * 1e3), "augment_us_per_spectrum": \#(aug / (n * 20) * 1e6), "checksum": \#(checksum)}"#)
} catch {
    print("error: \(error)")
    exit(1)
}

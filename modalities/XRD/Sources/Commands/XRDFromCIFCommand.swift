import ArgumentParser
import Foundation
import SpectraCommandLine
import SpectraCore

/// `spectra dataset xrd-from-cif`: one simulated pattern per CIF, packed for training.
public struct XRDFromCIFCommand: SpectraCommand {
    public static let configuration = CommandConfiguration(
        commandName: "xrd-from-cif",
        abstract: "Simulate every CIF in one or more folders and pack the patterns as a labelled dataset.",
        discussion: """
        Each pattern is simulated (Cu Kα by default), put on the XRD canonical grid (5–50° 2θ, step 0.02°)
        and scaled 0–1; its stick list is kept in peaks.npy for physics-aware augmentation. The label is
        the CIF's base name unless --classes lists `file<TAB>label` lines (file relative to a CIF folder);
        then exactly the listed CIFs are used. CIFs that fail are listed with their error and skipped.

        Examples:
          spectra dataset xrd-from-cif cifs/ --out mofs.dataset
          spectra dataset xrd-from-cif ../shared/data/xrd/paper-mofs ~/.cache/spectrakit/core-mof \\
              --classes modalities/XRD/mof-2000-classes.tsv --out mof-2000.dataset
        """
    )

    @Argument(help: "Folders of CIF files (searched recursively).")
    var cifFolders: [String]

    @Option(help: "Output dataset folder.")
    var out: String

    @Option(help: "Use only the first N CIFs (in sorted order, or classes-file order).")
    var limit: Int?

    @Option(help: "TSV of `file<TAB>label` lines selecting CIFs and naming their classes.")
    var classes: String?

    @Option(help: "Radiation name or wavelength in Å.")
    var wavelength = "CuKa"

    @Option(help: "Gaussian peak FWHM, degrees 2θ.")
    var fwhm = 0.1

    public init() {}

    /// (path, sample name, label) of each CIF to simulate.
    func selection() throws -> [(path: String, name: String, label: String)] {
        let fm = FileManager.default
        for folder in cifFolders {
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw DatasetError(file: folder, reason: "is not a folder")
            }
        }
        var chosen: [(path: String, name: String, label: String)] = []
        if let classes {
            guard let data = fm.contents(atPath: classes) else { throw DatasetError(file: classes, reason: "cannot read the classes file") }
            let text = String(decoding: data, as: UTF8.self)
            for (number, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
                if line.isEmpty || line.hasPrefix("#") { continue }
                let fields = line.split(separator: "\t").map { $0.trimmingCharacters(in: .whitespaces) }
                if number == 0 && fields.first?.lowercased() == "file" { continue }
                guard fields.count >= 2, !fields[0].isEmpty, !fields[1].isEmpty else {
                    throw DatasetError(file: classes, line: number + 1, reason: "expected `file<TAB>label`")
                }
                guard let path = cifFolders.map({ $0 + "/" + fields[0] }).first(where: { fm.fileExists(atPath: $0) }) else {
                    throw DatasetError(file: classes, line: number + 1, reason: "\(fields[0]) is in none of the CIF folders")
                }
                chosen.append((path, ((fields[0] as NSString).lastPathComponent as NSString).deletingPathExtension, fields[1]))
            }
        } else {
            for folder in cifFolders {
                guard let walker = fm.enumerator(atPath: folder) else { continue }
                var files: [String] = []
                while let relative = walker.nextObject() as? String {
                    if relative.lowercased().hasSuffix(".cif") { files.append(relative) }
                }
                for relative in files.sorted() {
                    let name = ((relative as NSString).lastPathComponent as NSString).deletingPathExtension
                    chosen.append((folder + "/" + relative, name, name))
                }
            }
        }
        if let limit { chosen = Array(chosen.prefix(max(limit, 0))) }
        guard !chosen.isEmpty else { throw DatasetError(file: cifFolders.first, reason: "no CIF files found") }
        return chosen
    }


    public func execute() throws {
        guard let radiation = Radiation(wavelength) else { throw ValidationError("unknown wavelength '\(wavelength)'") }
        guard fwhm > 0 else { throw ValidationError("--fwhm must be positive") }
        // The modality's own canonical grid (modality.json), so a changed grid changes the datasets too.
        let axis = try XRDSpectraModality().definition.axis
        let simulation = PatternSimulation(simulator: PowderPatternSimulator(radiation: radiation, twoThetaRangeDegrees: axis.start...axis.stop),
                                           profile: PeakProfile(shape: .gaussian, width: .fixed(fwhm)), stepDegrees: axis.step)
        let items = try selection()
        let started = Date()
        // A live line on a terminal; otherwise one line per tenth, so logs stay readable.
        let terminal = isatty(STDERR_FILENO) != 0
        let results = simulation.map(items.map(\.path), progress: { done, total in
            let every = terminal ? 20 : max(1, total / 10)
            if done % every == 0 || done == total {
                let seconds = Date().timeIntervalSince(started)
                let line = "simulated \(done)/\(total) CIFs, \(String(format: "%.1f", seconds)) s"
                FileHandle.standardError.write(Data((terminal ? "\r" + line : line + "\n").utf8))
                if terminal && done == total { FileHandle.standardError.write(Data("\n".utf8)) }
            }
        }) { sim, path -> ([Double], [DiffractionPeak]) in
            let peaks = try sim.peaks(cifPath: path)
            return (sim.profile.profile(of: peaks, at: sim.gridDegrees), peaks)
        }
        var labels: [String] = []
        var labelIndex: [String: Int] = [:]
        var sampleLabels: [Int] = [], names: [String] = [], spectra: [Float] = [], peakLists: [[PackedDataset.Peak]] = []
        var failures = 0
        for (item, result) in zip(items, results) {
            switch result {
            case .failure(let error):
                failures += 1
                printError("error: \((error as? LocatedError)?.description ?? "\(item.path): \(error)")")
            case .success(let (profile, peaks)):
                guard profile.count == axis.count, let hi = profile.max(), let lo = profile.min(), hi > lo else {
                    failures += 1
                    printError("error: \(item.path): no peaks between 5 and 50° 2θ")
                    continue
                }
                if labelIndex[item.label] == nil { labelIndex[item.label] = labels.count; labels.append(item.label) }
                sampleLabels.append(labelIndex[item.label] ?? 0)
                names.append(item.name)
                spectra += profile.map { Float(($0 - lo) / (hi - lo)) }
                peakLists.append(peaks.map { PackedDataset.Peak(position: $0.twoThetaDegrees, intensity: $0.intensity) })
            }
        }
        guard !sampleLabels.isEmpty else { throw DatasetError(file: out, reason: "every CIF failed; nothing written") }
        let dataset = try PackedDataset(
            modality: "xrd", axis: axis, labels: labels, sampleLabels: sampleLabels, sampleNames: names,
            source: ["tool": "spectra dataset xrd-from-cif", "radiation": radiation.name, "profile": "gaussian, FWHM \(fwhm)°",
                     "folders": cifFolders.joined(separator: " "), "classes": classes ?? "", "simulator": "SpectraKit PowderPatternSimulator (kinematic, pymatgen-compatible)"],
            spectra: spectra, peaks: peakLists)
        try dataset.write(to: out)
        printError("wrote \(sampleLabels.count) patterns (\(labels.count) classes) to \(out); \(failures) failed; \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
    }
}

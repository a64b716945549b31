import ArgumentParser
import Dispatch
import Foundation
import SpectraCommandLine
import SpectraCore

/// `spectra simulate-xrd`: powder patterns from CIF files.
public struct SimulateXRDCommand: SpectraCommand {
    public static let configuration = CommandConfiguration(
        commandName: "simulate-xrd",
        abstract: "Simulate X-ray powder patterns from CIF crystal structures.",
        discussion: """
        Writes CSV `two_theta,intensity` (profile, max 100) or, with --peaks, `two_theta,intensity,h,k,l`
        (sticks, strongest 100). One CIF: to standard output or --out FILE. Several CIFs: --out DIR,
        one DIR/NAME.csv each; files that fail are listed and the others are still written.

        Examples:
          spectra simulate-xrd MOF-5.cif > MOF-5.csv
          spectra simulate-xrd ZIF-8.cif --peaks --wavelength MoKa --range 2,30
          spectra simulate-xrd cifs/*.cif --fwhm 0.05 --shape pseudo-voigt --out patterns/
          spectra simulate-xrd a.cif --fwhm 0.004,-0.002,0.01   # Caglioti U,V,W (deg²)
        """
    )

    @Argument(help: "CIF files.")
    var cifs: [String]

    @Option(help: "Radiation name (CuKa, CuKa1, MoKa, CoKa, FeKa, CrKa, AgKa, ...) or wavelength in Å.")
    var wavelength = "CuKa"

    @Option(help: "2θ range in degrees, START,STOP.")
    var range = "5,50"

    @Option(help: "Profile grid step, degrees 2θ.")
    var step = 0.02

    @Option(help: "Peak FWHM in degrees, or Caglioti U,V,W in degrees².")
    var fwhm = "0.1"

    @Option(help: "Peak shape: gaussian, lorentzian or pseudo-voigt.")
    var shape = "gaussian"

    @Option(help: "Lorentzian fraction of the pseudo-Voigt, 0–1.")
    var eta = 0.5

    @Flag(help: "Write the stick list (two_theta,intensity,h,k,l) instead of the profile.")
    var peaks = false

    @Flag(help: "Add the Kα2 line (half of Kα1) for a named Kα radiation.")
    var doublet = false

    @Flag(help: "Apply isotropic Debye–Waller factors from the CIF's Uiso/Biso.")
    var debyeWaller = false

    @Option(help: "Output file (one CIF) or folder (several CIFs).")
    var out: String?

    @Flag(help: .hidden)
    var timing = false

    public init() {}

    /// The simulation the options describe; usage errors are `ValidationError`s (exit 2).
    func makeSimulation() throws -> PatternSimulation {
        guard let radiation = Radiation(wavelength) else {
            throw ValidationError("unknown wavelength '\(wavelength)'; use a name (\(Radiation.table.keys.sorted().joined(separator: ", "))) or Å")
        }
        let bounds = range.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard bounds.count == 2, let lo = bounds[0], let hi = bounds[1], lo >= 0, hi > lo, hi < 180 else {
            throw ValidationError("--range must be START,STOP in degrees with 0 ≤ START < STOP < 180, got '\(range)'")
        }
        guard step > 0, (hi - lo) / step <= 10_000_000 else { throw ValidationError("--step must be positive and give at most 10⁷ points") }
        let widths = fwhm.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        let width: PeakProfile.Width
        if widths.count == 1, let h = widths[0], h > 0 {
            width = .fixed(h)
        } else if widths.count == 3, let u = widths[0], let v = widths[1], let w = widths[2] {
            width = .caglioti(u: u, v: v, w: w)
        } else {
            throw ValidationError("--fwhm must be a positive width in degrees or U,V,W, got '\(fwhm)'")
        }
        guard let peakShape = PeakProfile.Shape(rawValue: shape.lowercased()) else {
            throw ValidationError("--shape must be gaussian, lorentzian or pseudo-voigt, got '\(shape)'")
        }
        guard (0...1).contains(eta) else { throw ValidationError("--eta must be between 0 and 1") }
        if doublet && radiation.doubletAngstrom == nil {
            throw ValidationError("--doublet needs a named Kα radiation (CuKa, MoKa, ...), not '\(wavelength)'")
        }
        var simulator = PowderPatternSimulator(radiation: radiation, twoThetaRangeDegrees: lo...hi)
        simulator.kAlphaDoublet = doublet
        simulator.debyeWaller = debyeWaller
        return PatternSimulation(simulator: simulator, profile: PeakProfile(shape: peakShape, width: width, eta: eta), stepDegrees: step)
    }

    /// The CSV text for one CIF.
    static func csv(_ simulation: PatternSimulation, path: String, peaks: Bool) throws -> String {
        var text: String
        if peaks {
            text = "two_theta,intensity,h,k,l\n"
            for p in try simulation.peaks(cifPath: path) {
                text += "\(p.twoThetaDegrees),\(p.intensity),\(p.hkl.x),\(p.hkl.y),\(p.hkl.z)\n"
            }
        } else {
            text = "two_theta,intensity\n"
            let y = try simulation.profile(cifPath: path)
            for (x, v) in zip(simulation.gridDegrees, y) { text += "\(x),\(v)\n" }
        }
        return text
    }


    public func execute() throws {
        let simulation = try makeSimulation()
        if cifs.count == 1 {
            if timing {
                // For benchmarks/xrd: seconds for read + simulate + CSV text in a warm process (a first
                // run pays the one-time dynamic-linker and runtime set-up, as a Python import does).
                _ = try Self.csv(simulation, path: cifs[0], peaks: peaks)
                let started = DispatchTime.now().uptimeNanoseconds
                _ = try Self.csv(simulation, path: cifs[0], peaks: peaks)
                printError("timing_s \(Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9)")
                let t0 = DispatchTime.now().uptimeNanoseconds
                let structure = try simulation.reader.read(path: cifs[0])
                let t1 = DispatchTime.now().uptimeNanoseconds
                _ = try simulation.simulator.peaks(for: structure)
                let t2 = DispatchTime.now().uptimeNanoseconds
                printError("read_s \(Double(t1 - t0) / 1e9) simulate_s \(Double(t2 - t1) / 1e9)")
            }
            let text = try Self.csv(simulation, path: cifs[0], peaks: peaks)
            if let out {
                var isDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: out, isDirectory: &isDirectory), isDirectory.boolValue {
                    try AtomicFile.write(text, to: out + "/" + Self.outputName(cifs[0]))
                } else {
                    try AtomicFile.write(text, to: out)
                }
            } else {
                writeStandardOutput(text)
            }
            return
        }
        guard let out else { throw ValidationError("several CIFs need --out DIR (one CSV per CIF)") }
        var isDirectory: ObjCBool = false
        if !FileManager.default.fileExists(atPath: out, isDirectory: &isDirectory) {
            do { try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true) } catch {
                throw OutputError(file: out, reason: "cannot create folder: \(error.localizedDescription)")
            }
        } else if !isDirectory.boolValue {
            throw OutputError(file: out, reason: "is a file; several CIFs need a folder")
        }
        let names = cifs.map(Self.outputName)
        if Set(names).count != names.count {
            throw ValidationError("two CIFs have the same base name; their CSVs would overwrite each other")
        }
        let wantPeaks = peaks
        let results = simulation.map(cifs) { sim, path in
            let text = try Self.csv(sim, path: path, peaks: wantPeaks)
            try AtomicFile.write(text, to: out + "/" + Self.outputName(path))
        }
        var failures = 0
        for case .failure(let error) in results {
            failures += 1
            printError("error: \((error as? LocatedError)?.description ?? "\(error)")")
        }
        if failures > 0 {
            printError("\(failures) of \(cifs.count) CIFs failed; \(cifs.count - failures) written to \(out)")
            throw ExitCode(1)
        }
    }

    /// `DIR/NAME.csv` name for a CIF path.
    static func outputName(_ path: String) -> String {
        ((path as NSString).lastPathComponent as NSString).deletingPathExtension + ".csv"
    }
}

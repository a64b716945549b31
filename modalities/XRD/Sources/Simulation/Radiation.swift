/// X-ray wavelengths by name, in Å, as in pymatgen's `WAVELENGTHS` (pymatgen, MIT licence).
///
/// `CuKa` is the Kα1/Kα2 weighted mean (2·Kα1 + Kα2)/3 that pymatgen uses by default.
public struct Radiation: Sendable, Equatable {
    /// The name (`CuKa`) or a number as given.
    public var name: String
    /// Wavelength in Å used for single-line simulation.
    public var wavelengthAngstrom: Double
    /// Kα1 and Kα2 wavelengths in Å for the doublet, when the name is a Kα line of a known anode.
    public var doubletAngstrom: (kAlpha1: Double, kAlpha2: Double)?

    public static func == (l: Radiation, r: Radiation) -> Bool {
        l.name == r.name && l.wavelengthAngstrom == r.wavelengthAngstrom
            && l.doubletAngstrom?.kAlpha1 == r.doubletAngstrom?.kAlpha1 && l.doubletAngstrom?.kAlpha2 == r.doubletAngstrom?.kAlpha2
    }

    /// Named wavelengths in Å (pymatgen `WAVELENGTHS`).
    public static let table: [String: Double] = [
        "CuKa": 1.54184, "CuKa2": 1.54439, "CuKa1": 1.54056, "CuKb1": 1.39222,
        "MoKa": 0.71073, "MoKa2": 0.71359, "MoKa1": 0.70930, "MoKb1": 0.63229,
        "CrKa": 2.29100, "CrKa2": 2.29361, "CrKa1": 2.28970, "CrKb1": 2.08487,
        "FeKa": 1.93735, "FeKa2": 1.93998, "FeKa1": 1.93604, "FeKb1": 1.75661,
        "CoKa": 1.79026, "CoKa2": 1.79285, "CoKa1": 1.78896, "CoKb1": 1.63079,
        "AgKa": 0.560885, "AgKa2": 0.563813, "AgKa1": 0.559421, "AgKb1": 0.497082,
    ]

    /// Kα2/Kα1 intensity ratio used for the doublet (the usual value for all anodes).
    public static let kAlpha2Ratio = 0.5

    /// A named radiation (`CuKa`, `MoKa1`, … case-insensitive) or a wavelength in Å (`1.5406`).
    public init?(_ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let value = Double(trimmed) {
            guard value > 0.01, value < 20, value.isFinite else { return nil }
            name = trimmed
            wavelengthAngstrom = value
            doubletAngstrom = nil
            return
        }
        guard let key = Radiation.table.keys.first(where: { $0.lowercased() == trimmed.lowercased() }),
              let value = Radiation.table[key] else { return nil }
        name = key
        wavelengthAngstrom = value
        let anode = String(key.prefix(2))
        if key.hasSuffix("Ka"), let k1 = Radiation.table[anode + "Ka1"], let k2 = Radiation.table[anode + "Ka2"] {
            doubletAngstrom = (k1, k2)
        } else {
            doubletAngstrom = nil
        }
    }

    /// A wavelength in Å with no doublet.
    public init(wavelengthAngstrom: Double) {
        name = "\(wavelengthAngstrom)"
        self.wavelengthAngstrom = wavelengthAngstrom
        doubletAngstrom = nil
    }
}

import Foundation

/// One atom position in a crystal structure.
public struct AtomSite: Sendable, Equatable {
    /// The CIF label (`Zn1`).
    public var label: String
    /// Chemical element symbol (`Zn`), one of `ChemicalElement.all`.
    public var element: ChemicalElement
    /// Fractional coordinates.
    public var fractional: SIMD3<Double>
    /// Site occupancy, 0…1.
    public var occupancy: Double
    /// Isotropic displacement parameter B in Å² (B = 8π²·Uiso), nil when the CIF gives none.
    public var bIsoSquareAngstrom: Double?

    public init(label: String, element: ChemicalElement, fractional: SIMD3<Double>, occupancy: Double = 1,
                bIsoSquareAngstrom: Double? = nil) {
        self.label = label
        self.element = element
        self.fractional = fractional
        self.occupancy = occupancy
        self.bIsoSquareAngstrom = bIsoSquareAngstrom
    }
}

/// A crystal structure: cell and every atom of the full unit cell (symmetry already applied).
public struct CrystalStructure: Sendable, Equatable {
    /// The CIF data block name or file name.
    public var name: String
    public var cell: UnitCell
    /// All atoms in the unit cell.
    public var sites: [AtomSite]
    /// The file it was read from, for error messages.
    public var sourceFile: String?
    /// Rotation parts (row-major 3×3 integers) of the space-group operations the sites were expanded
    /// with; `[identity]` for P1. The simulator uses them to compute |F| once per set of
    /// symmetry-equivalent reflections, so they must map the structure onto itself.
    public var symmetryRotations: [[Int]]

    public init(name: String, cell: UnitCell, sites: [AtomSite], sourceFile: String? = nil,
                symmetryRotations: [[Int]] = [[1, 0, 0, 0, 1, 0, 0, 0, 1]]) {
        self.name = name
        self.cell = cell
        self.sites = sites
        self.sourceFile = sourceFile
        self.symmetryRotations = symmetryRotations
    }
}

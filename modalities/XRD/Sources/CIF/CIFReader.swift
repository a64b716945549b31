import Foundation

/// Reads crystal structures from CIF 1.1 files: cell, atom sites and symmetry, expanded to the
/// full unit cell with duplicate images of a site merged.
public struct CIFReader: Sendable {
    /// Two images of one site closer than this (fractional units, per axis, periodic) are one atom.
    /// Same value as pymatgen's `CifParser(site_tolerance=1e-4)`, so both count atoms alike.
    public var siteToleranceFractional = 1e-4
    /// Largest number of atoms in an expanded cell; beyond it the file is refused, so that
    /// a corrupt CIF cannot make simulation run for hours.
    public var maximumAtoms = 50_000

    public init() {}

    /// Reads the file at `path`.
    public func read(path: String) throws -> CrystalStructure {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CIFError(file: path, reason: "cannot read file")
        }
        return try read([UInt8](data), file: path)
    }

    /// Reads CIF bytes; `file` names the input in errors. Uses the first data block that has atom sites.
    public func read(_ bytes: [UInt8], file: String) throws -> CrystalStructure {
        let document = try CIFDocument.parse(bytes, file: file)
        guard let firstBlock = document.blocks.first else {
            throw CIFError(file: file, line: nil, reason: "no data_ block")
        }
        let block = document.blocks.first { $0.loop(containing: "_atom_site_fract_x") != nil || $0.items["_atom_site_fract_x"] != nil } ?? firstBlock
        return try structure(from: block, file: file)
    }

    /// Builds the full-cell structure of one data block.
    public func structure(from block: CIFBlock, file: String) throws -> CrystalStructure {
        func fail(_ line: Int?, _ reason: String) -> CIFError { CIFError(file: file, line: line, reason: reason) }
        let cell = try readCell(block, file: file)
        let operations = try readSymmetry(block, file: file)
        let asymmetric = try readSites(block, file: file)

        var sites: [AtomSite] = []
        for site in asymmetric {
            var images: [SIMD3<Double>] = []
            for op in operations {
                // Wrapped with floor and compared with a strict '<', exactly as pymatgen, so borderline
                // images (rounded CIF coordinates 1e-4 apart) are merged or kept alike.
                var image = op.apply(site.fractional)
                image -= image.rounded(.down)
                let duplicate = images.contains { other in
                    var d = image - other
                    d -= d.rounded(.toNearestOrEven)
                    return abs(d.x) < siteToleranceFractional && abs(d.y) < siteToleranceFractional && abs(d.z) < siteToleranceFractional
                }
                if !duplicate { images.append(image) }
            }
            for image in images {
                var s = site
                s.fractional = image
                sites.append(s)
            }
            guard sites.count <= maximumAtoms else {
                throw fail(nil, "the expanded cell has more than \(maximumAtoms) atoms; refusing to simulate it")
            }
        }
        // Integer rotations only: a non-integer matrix is not a crystallographic operation, so it is not
        // used for reflection symmetry (the sites were still expanded with it, as pymatgen does).
        var rotations: [[Int]] = []
        for op in operations {
            let r = op.rotation.map { Int($0.rounded()) }
            if zip(r, op.rotation).allSatisfy({ abs(Double($0) - $1) < 1e-9 }), !rotations.contains(r) { rotations.append(r) }
        }
        let merged = mergingCoincidentSites(sites)
        let identity = [[1, 0, 0, 0, 1, 0, 0, 0, 1]]
        // Rounded coordinates can leave a structure that is not quite symmetric (an image merged with
        // its neighbour in one place and not in another); then every reflection is summed, as pymatgen does.
        let symmetric = rotations.count > 1 && isInvariant(merged, under: operations)
        return CrystalStructure(name: block.name, cell: cell, sites: merged, sourceFile: file,
                                symmetryRotations: symmetric ? rotations : identity)
    }

    /// True when every operation maps the atoms one-to-one onto atoms of the same element and
    /// occupancy (nearest neighbour within 2·10⁻³ of the cell, periodic).
    func isInvariant(_ sites: [AtomSite], under operations: [SymmetryOperation]) -> Bool {
        // Bins of 1/20 of the cell, much wider than the tolerance: an image is compared with the atoms
        // of its own bin, and of a neighbouring bin only when it lies within the tolerance of that edge.
        let bins = 20
        let tolerance = 2e-3
        var grid = [[Int]](repeating: [], count: bins * bins * bins)
        func wrapped(_ f: SIMD3<Double>) -> SIMD3<Double> { f - f.rounded(.down) }
        func bin(_ x: Double) -> Int { min(Int(x * Double(bins)), bins - 1) }
        for (index, site) in sites.enumerated() {
            let w = wrapped(site.fractional)
            grid[(bin(w.x) * bins + bin(w.y)) * bins + bin(w.z)].append(index)
        }
        // Plain arrays: no AtomSite copies (and their String retains) in the hot loop.
        let positions = sites.map(\.fractional)
        let elements = sites.map(\.element.atomicNumber)
        let occupancies = sites.map(\.occupancy)
        var hit = [Int](repeating: -1, count: sites.count)
        for (opIndex, op) in operations.enumerated() {
            for source in 0..<positions.count {
                let image = wrapped(op.apply(positions[source]))
                var low = SIMD3<Int>(), high = SIMD3<Int>()
                for axis in 0..<3 {
                    let b = bin(image[axis])
                    low[axis] = image[axis] - Double(b) / Double(bins) < tolerance ? b - 1 : b
                    high[axis] = Double(b + 1) / Double(bins) - image[axis] < tolerance ? b + 1 : b
                }
                var best = -1
                var bestDistance = Double.infinity
                for i in low.x...high.x { for j in low.y...high.y { for k in low.z...high.z {
                    let cell = (((i + bins) % bins) * bins + (j + bins) % bins) * bins + (k + bins) % bins
                    for other in grid[cell] {
                        var d = image - positions[other]
                        d -= d.rounded(.toNearestOrAwayFromZero)
                        let distance = max(abs(d.x), abs(d.y), abs(d.z))
                        if distance < bestDistance { bestDistance = distance; best = other }
                    }
                } } }
                guard best >= 0, bestDistance <= tolerance, hit[best] != opIndex,
                      elements[best] == elements[source], abs(occupancies[best] - occupancies[source]) < 1e-9 else { return false }
                hit[best] = opIndex
            }
        }
        return true
    }

    /// Atoms of different CIF rows on one position (duplicated rows, or rows that are symmetry
    /// images of each other) share the site as pymatgen's CifParser does: occupancies add up, and
    /// a total above 1 is scaled back to 1.
    func mergingCoincidentSites(_ sites: [AtomSite]) -> [AtomSite] {
        let bins = 1000
        func key(_ i: Int, _ j: Int, _ k: Int) -> Int { ((i + bins) % bins * bins + (j + bins) % bins) * bins + (k + bins) % bins }
        var grid: [Int: [Int]] = [:]
        var groups: [[Int]] = []
        var groupOf: [Int: Int] = [:]
        for (index, site) in sites.enumerated() {
            let f = site.fractional
            let (i, j, k) = (Int(f.x * Double(bins)), Int(f.y * Double(bins)), Int(f.z * Double(bins)))
            var match: Int?
            search: for di in -1...1 { for dj in -1...1 { for dk in -1...1 {
                for other in grid[key(i + di, j + dj, k + dk)] ?? [] {
                    var d = f - sites[other].fractional
                    d -= d.rounded(.toNearestOrEven)
                    if abs(d.x) < siteToleranceFractional && abs(d.y) < siteToleranceFractional && abs(d.z) < siteToleranceFractional {
                        match = other
                        break search
                    }
                }
            } } }
            if let match, let g = groupOf[match] {
                groups[g].append(index)
                groupOf[index] = g
            } else {
                groupOf[index] = groups.count
                groups.append([index])
            }
            grid[key(i, j, k), default: []].append(index)
        }
        if groups.count == sites.count { return sites }
        var merged: [AtomSite] = []
        merged.reserveCapacity(groups.count)
        for group in groups {
            let total = group.reduce(0) { $0 + sites[$1].occupancy }
            let scale = total > 1 ? 1 / total : 1
            // The first row's position stands for the site, as in pymatgen.
            let position = sites[group[0]].fractional
            for index in group {
                var site = sites[index]
                site.fractional = position
                site.occupancy *= scale
                merged.append(site)
            }
        }
        return merged
    }

    private func readCell(_ block: CIFBlock, file: String) throws -> UnitCell {
        func number(_ tag: String) throws -> Double {
            guard let v = block.value(tag) else {
                throw CIFError(file: file, line: block.line, reason: "missing cell: no \(tag) in data_\(block.name)")
            }
            guard let x = v.number, x.isFinite else {
                throw CIFError(file: file, line: v.line, reason: "\(tag) is not a number: '\(v.text)'")
            }
            return x
        }
        let a = try number("_cell_length_a"), b = try number("_cell_length_b"), c = try number("_cell_length_c")
        let alpha = try number("_cell_angle_alpha"), beta = try number("_cell_angle_beta"), gamma = try number("_cell_angle_gamma")
        for (tag, x) in [("_cell_length_a", a), ("_cell_length_b", b), ("_cell_length_c", c)] {
            guard x >= UnitCell.minimumEdgeAngstrom, x <= UnitCell.maximumEdgeAngstrom else {
                throw CIFError(file: file, line: block.value(tag)?.line,
                               reason: "\(tag) = \(x) Å is outside \(UnitCell.minimumEdgeAngstrom)–\(UnitCell.maximumEdgeAngstrom) Å")
            }
        }
        for (tag, x) in [("_cell_angle_alpha", alpha), ("_cell_angle_beta", beta), ("_cell_angle_gamma", gamma)] {
            guard x > 0, x < 180 else {
                throw CIFError(file: file, line: block.value(tag)?.line, reason: "\(tag) = \(x)° is not between 0 and 180°")
            }
        }
        let cell = UnitCell(aAngstrom: a, bAngstrom: b, cAngstrom: c, alphaDegrees: alpha, betaDegrees: beta, gammaDegrees: gamma)
        // A cell flatter than 0.1 % of its box is a typo, not a crystal (and its reciprocal lattice explodes).
        guard cell.volumeCubicAngstrom > 1e-3 * a * b * c else {
            throw CIFError(file: file, line: block.value("_cell_angle_alpha")?.line ?? block.line,
                           reason: "the cell has zero volume (angles \(alpha)°, \(beta)°, \(gamma)° cannot close)")
        }
        return cell
    }

    private func readSymmetry(_ block: CIFBlock, file: String) throws -> [SymmetryOperation] {
        for tag in ["_symmetry_equiv_pos_as_xyz", "_space_group_symop_operation_xyz", "_space_group_symop.operation_xyz"] {
            let values: [CIFValue]
            if let loop = block.loop(containing: tag), let c = loop.column(tag) {
                values = loop.rows.map { $0[c] }
            } else if let v = block.items[tag] {
                values = [v]
            } else {
                continue
            }
            var operations: [SymmetryOperation] = []
            for v in values where !v.isPlaceholder {
                guard let op = SymmetryOperation.parse(v.text) else {
                    throw CIFError(file: file, line: v.line, reason: "cannot parse symmetry operation '\(v.text)'")
                }
                operations.append(op)
            }
            // 192 is the largest space group (conventional F-centred cell); a long list is a damaged file
            // and would make expansion quadratic.
            if operations.count > 1536, let v = values.first {
                throw CIFError(file: file, line: v.line, reason: "\(operations.count) symmetry operations; at most 1536 are accepted")
            }
            if !operations.isEmpty { return operations }
        }
        for tag in ["_symmetry_space_group_name_h-m", "_space_group_name_h-m_alt", "_space_group.name_h-m_alt"] {
            guard let v = block.items[tag], !v.isPlaceholder else { continue }
            guard let operations = SpaceGroupTable.operations(hermannMauguin: v.text) else {
                throw CIFError(file: file, line: v.line,
                               reason: "the CIF lists no symmetry operations and space group '\(v.text)' is not in the built-in table; add a _symmetry_equiv_pos_as_xyz loop")
            }
            return operations
        }
        // No operations and no space group: the coordinates are the whole cell (P1), as pymatgen assumes.
        return [.identity]
    }

    private func readSites(_ block: CIFBlock, file: String) throws -> [AtomSite] {
        guard let loop = block.loop(containing: "_atom_site_fract_x"),
              let cx = loop.column("_atom_site_fract_x"), let cy = loop.column("_atom_site_fract_y"), let cz = loop.column("_atom_site_fract_z") else {
            throw CIFError(file: file, line: block.line, reason: "no atoms: data_\(block.name) has no _atom_site_fract_x/y/z loop")
        }
        let cLabel = loop.column("_atom_site_label")
        let cType = loop.column("_atom_site_type_symbol")
        let cOcc = loop.column("_atom_site_occupancy")
        let cU = loop.column("_atom_site_u_iso_or_equiv")
        let cB = loop.column("_atom_site_b_iso_or_equiv")
        var sites: [AtomSite] = []
        for row in loop.rows {
            let line = row[cx].line
            let label = cLabel.map { row[$0].text } ?? ""
            var symbolSource = label
            if let cType, !row[cType].isPlaceholder { symbolSource = row[cType].text }
            guard let element = ChemicalElement.infer(from: symbolSource) else {
                throw CIFError(file: file, line: line, reason: "unknown element '\(symbolSource)' for atom '\(label)'")
            }
            var xyz = SIMD3<Double>.zero
            for (axis, c) in [cx, cy, cz].enumerated() {
                guard let v = row[c].number, v.isFinite, abs(v) < 1e6 else {
                    throw CIFError(file: file, line: row[c].line, reason: "atom '\(label)': fractional coordinate '\(row[c].text)' is not a number")
                }
                xyz[axis] = v
            }
            var occupancy = 1.0
            if let cOcc, !row[cOcc].isPlaceholder {
                guard let o = row[cOcc].number, o.isFinite else {
                    throw CIFError(file: file, line: row[cOcc].line, reason: "atom '\(label)': occupancy '\(row[cOcc].text)' is not a number")
                }
                // 1 + 1e-3 lets rounded values like 1.0001 through.
                guard o >= 0, o <= 1.001 else {
                    throw CIFError(file: file, line: row[cOcc].line, reason: "atom '\(label)': occupancy \(o) is not between 0 and 1")
                }
                occupancy = min(o, 1)
            }
            var b: Double?
            if let cB, let v = row[cB].number, v.isFinite { b = v }
            else if let cU, let v = row[cU].number, v.isFinite { b = 8 * Double.pi * Double.pi * v }
            sites.append(AtomSite(label: label, element: element, fractional: xyz, occupancy: occupancy, bIsoSquareAngstrom: b))
        }
        guard !sites.isEmpty else {
            throw CIFError(file: file, line: loop.line, reason: "no atoms: the atom-site loop is empty")
        }
        return sites
    }
}

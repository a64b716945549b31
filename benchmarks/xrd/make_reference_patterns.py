#!/usr/bin/env python3
"""Writes the pymatgen reference stick patterns used by SimulationTests (run once; output committed).

Usage: python3 benchmarks/xrd/make_reference_patterns.py
Each CSV: `two_theta,intensity` of every pymatgen peak with intensity >= 0.5 (Cu Ka, 5-50 deg, no Debye-Waller).
"""
import os, warnings
warnings.filterwarnings("ignore")
from importlib.metadata import version
from pymatgen.io.cif import CifParser
from pymatgen.analysis.diffraction.xrd import XRDCalculator

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
fixtures = os.path.join(root, "modalities/XRD/Tests/Fixtures")
shared = os.path.join(root, "../shared/data/xrd/paper-mofs")
cases = {
    "NaCl-name-only": os.path.join(fixtures, "CIF-NaCl-name-only.cif"),
    "disordered-oxide": os.path.join(fixtures, "CIF-disordered-oxide.cif"),
    "MOF-2": os.path.join(shared, "MOF-2.cif"),  # P21/n with symmetry operations
    "ZIF-8": os.path.join(shared, "ZIF-8.cif"),  # P1
}
for name, path in cases.items():
    s = CifParser(path).parse_structures(primitive=False)[0]
    p = XRDCalculator("CuKa").get_pattern(s, two_theta_range=(5, 50))
    with open(os.path.join(fixtures, f"Simulation-pymatgen-{name}.csv"), "w") as f:
        f.write(f"# pymatgen {version('pymatgen-core')} XRDCalculator('CuKa').get_pattern(two_theta_range=(5, 50)), peaks >= 0.5\n")
        f.write("two_theta,intensity\n")
        for x, y in zip(p.x, p.y):
            if y >= 0.5:
                f.write(f"{x:.8f},{y:.6f}\n")

"""Dev check (not a test): compare `spectra convert` output with the Python `jcamp` package, file by file.

Usage (from the package root): python3 benchmarks/jcamp/compare_with_jcamp.py [SPECTRA] [DATA_DIR]
For every JCAMP-DX file that `spectra` parses (first block), prints the largest x difference and the largest
y difference relative to max |y|; `<<<` marks a disagreement. Files `jcamp` cannot read are listed too.
"""
import contextlib
import glob
import io
import os
import subprocess
import sys

import jcamp
import numpy as np

read = getattr(jcamp, "jcamp_readfile", None) or jcamp.readfile
spectra = sys.argv[1] if len(sys.argv) > 1 else ".build/release/spectra"
data = sys.argv[2] if len(sys.argv) > 2 else "../shared/data/jcamp"

for f in sorted(glob.glob(os.path.join(data, "**", "*"), recursive=True)):
    if not os.path.isfile(f):
        continue
    r = subprocess.run([spectra, "convert", f], capture_output=True)
    if r.returncode != 0:
        print(f, "refused by spectra:", r.stderr.decode().strip())
        continue
    mine = np.loadtxt(io.BytesIO(r.stdout), delimiter=",", skiprows=1, ndmin=2)
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            d = read(f)
        if d.get("children"):
            d = d["children"][0]
        x, y = np.asarray(d["x"], float), np.asarray(d["y"], float)
    except Exception as e:  # the peer fails on some files
        print(f, "jcamp failed:", type(e).__name__)
        continue
    if len(x) != len(mine) or len(y) != len(mine):
        print(f, f"length differs: jcamp x {len(x)} y {len(y)}, spectra {len(mine)}  <<<")
        continue
    dx = np.max(np.abs(x - mine[:, 0]))
    dy = np.max(np.abs(y - mine[:, 1])) / max(np.max(np.abs(y)), 1e-300)
    flag = "" if dx <= 1e-6 * max(1, np.max(np.abs(x))) and dy < 1e-12 else "  <<<"
    print(f, f"max |dx| {dx:.3g}, max |dy|/max|y| {dy:.3g}{flag}")

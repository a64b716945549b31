"""Peer for PreprocessBench.swift: the same XRD preprocessing and augmentation in NumPy/SciPy.

Savitzky-Golay 11/3 (scipy.signal.savgol_filter, mode='interp') -> SNIP with the LLS transform,
half-widths 1..m (m = round(3 deg / median step / 2)) -> np.interp onto 5-50 deg at 0.02 (0 outside)
-> min-max; augmentation: 7-8 point blocks zeroed with p = 0.2, 15-point blocks scaled by U(0.5, 1.5),
shift by U{-25..25} points with edge fill, min-max. Prints one JSON line. Parsing is not timed.
"""
import json, os, sys, time
import numpy as np
from scipy.signal import savgol_filter

folder = sys.argv[1] if len(sys.argv) > 1 else "../shared/data/xrd/experimental"
repetitions = int(sys.argv[2]) if len(sys.argv) > 2 else 20
spectra = []
for name in sorted(f for f in os.listdir(folder) if f.endswith(".xy")):
    rows = []
    for line in open(os.path.join(folder, name)):
        values = []
        for field in line.replace(",", " ").split():
            try:
                values.append(float(field))
            except ValueError:
                pass
        if len(values) >= 2:
            rows.append(values[:2])
    data = np.array(rows)
    spectra.append((data[:, 0].copy(), data[:, 1].copy()))
grid = 5 + np.arange(2251) * 0.02

def snip(y, m):
    off = min(0.0, y.min())
    v = np.log(np.log(np.sqrt(y - off + 1) + 1) + 1)
    n = len(v)
    for p in range(1, m + 1):
        if p >= n:
            break
        prev = v.copy()
        v[p:n - p] = np.minimum(v[p:n - p], 0.5 * (prev[:n - 2 * p] + prev[2 * p:]))
    s = np.exp(np.exp(v) - 1) - 1
    return s * s - 1 + off

def preprocess(x, y):
    order = np.argsort(x, kind="stable")
    x, y = x[order], y[order]
    y = savgol_filter(y, 11, 3, mode="interp")
    step = np.median(np.diff(x))
    m = max(1, min(int(round(3 / step / 2)), (len(y) - 1) // 2))
    y = y - snip(y, m)
    y = np.interp(grid, x, y, left=0, right=0)
    lo, hi = y.min(), y.max()
    return (y - lo) / (hi - lo) if hi > lo else np.zeros_like(y)

rng = np.random.default_rng(1)
def augment(y):
    y = y.copy()
    n, i = len(y), 0
    while i < n:
        length = rng.integers(7, 9)
        if rng.random() < 0.2:
            y[i:i + length] = 0
        i += length
    for i in range(0, n, 15):
        y[i:i + 15] *= rng.uniform(0.5, 1.5)
    k = int(rng.integers(-25, 26))
    if k > 0:
        y = np.concatenate([np.full(k, y[0]), y[:-k]])
    elif k < 0:
        y = np.concatenate([y[-k:], np.full(-k, y[-1])])
    lo, hi = y.min(), y.max()
    return (y - lo) / (hi - lo) if hi > lo else np.zeros_like(y)

checksum = 0.0
t0 = time.perf_counter()
for _ in range(repetitions):
    canonical = [preprocess(x, y) for x, y in spectra]
    checksum += sum(c.sum() for c in canonical)
pre = time.perf_counter() - t0
t0 = time.perf_counter()
for _ in range(repetitions * 20):
    for c in canonical:
        checksum += augment(c)[1000]
aug = time.perf_counter() - t0
n = len(spectra) * repetitions
print(json.dumps({"tool": "numpy/scipy", "spectra": len(spectra), "points": int(sum(len(x) for x, _ in spectra)),
                  "preprocess_ms_per_spectrum": pre / n * 1e3, "augment_us_per_spectrum": aug / (n * 20) * 1e6,
                  "checksum": checksum}))

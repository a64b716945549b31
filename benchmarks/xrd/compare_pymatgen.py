#!/usr/bin/env python3
"""Correctness and speed of `spectra simulate-xrd` against pymatgen's XRDCalculator.

For every CIF, alternately: pymatgen (CifParser(primitive=False) + XRDCalculator("CuKa").get_pattern,
5-50 deg, no Debye-Waller factors), timed in-process; and `spectra simulate-xrd CIF --peaks --timing`
(a fresh process), timed in-process by itself (read CIF + simulate + CSV text, both cores, the second
of two runs so one-time dynamic-linker costs are excluded as pymatgen's import is) and as a whole
process (start-up + three runs; an upper bound).

Pass criteria (issue 4): every pymatgen peak with intensity >= 1 has one of ours within 0.01 deg 2theta,
and for pymatgen peaks >= 5 the matched intensity is within 2 on the 0-100 scale.

Usage: python3 benchmarks/xrd/compare_pymatgen.py --spectra .build/release/spectra CIF... [--json out.json]
"""
import argparse, json, statistics, subprocess, sys, time, warnings

warnings.filterwarnings("ignore")
from pymatgen.io.cif import CifParser
from pymatgen.analysis.diffraction.xrd import XRDCalculator


def pymatgen_peaks(path):
    structure = CifParser(path).parse_structures(primitive=False)[0]
    pattern = XRDCalculator("CuKa").get_pattern(structure, two_theta_range=(5, 50))
    return list(zip(pattern.x, pattern.y))


def our_peaks(spectra, path):
    """Our peaks, wall time of the whole process, and the in-process time it reports (--timing)."""
    t0 = time.perf_counter()
    out = subprocess.run([spectra, "simulate-xrd", path, "--peaks", "--timing"], capture_output=True, text=True)
    wall = time.perf_counter() - t0
    if out.returncode != 0:
        raise RuntimeError(out.stderr.strip())
    inner = float(next(l.split()[1] for l in out.stderr.splitlines() if l.startswith("timing_s")))
    rows = out.stdout.strip().split("\n")[1:]
    return [(float(r.split(",")[0]), float(r.split(",")[1])) for r in rows if r], wall, inner


def compare(reference, ours):
    """(missing peaks, intensity mismatches, max |d2theta|, max |dI| over I>=5)."""
    xs = [p[0] for p in ours]
    import bisect
    missing, mismatched, max_dx, max_di = [], [], 0.0, 0.0
    for x, y in reference:
        if y < 1:
            continue
        i = bisect.bisect_left(xs, x)
        best = None
        for j in (i - 1, i, i + 1):
            if 0 <= j < len(xs) and (best is None or abs(xs[j] - x) < abs(xs[best] - x)):
                best = j
        if best is None or abs(xs[best] - x) > 0.01:
            missing.append((x, y))
            continue
        max_dx = max(max_dx, abs(xs[best] - x))
        if y >= 5:
            di = abs(ours[best][1] - y)
            max_di = max(max_di, di)
            if di > 2:
                mismatched.append((x, y, ours[best][1]))
    return missing, mismatched, max_dx, max_di


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--spectra", required=True)
    parser.add_argument("--json")
    parser.add_argument("cifs", nargs="+")
    args = parser.parse_args()
    pymatgen_peaks(args.cifs[0])  # warm-up: the first call pays lazy imports, not counted
    results, ratios, t_pm, t_us, t_wall = [], [], [], [], []
    for path in args.cifs:
        record = {"cif": path}
        try:
            t0 = time.perf_counter(); ref = pymatgen_peaks(path); t1 = time.perf_counter()
        except Exception as error:  # pymatgen cannot read it: not a comparison case
            record["status"] = "pymatgen-failed"; record["error"] = str(error)[:200]
            results.append(record); print(f"SKIP {path}: pymatgen: {str(error)[:100]}"); continue
        try:
            ours, wall, inner = our_peaks(args.spectra, path)
        except Exception as error:
            record["status"] = "spectra-failed"; record["error"] = str(error)[:200]
            results.append(record); print(f"FAIL {path}: spectra: {str(error)[:200]}"); continue
        missing, mismatched, max_dx, max_di = compare(ref, ours)
        ok = not missing and not mismatched
        record.update(status="pass" if ok else "fail", peaks=len([p for p in ref if p[1] >= 1]),
                      missing=len(missing), mismatched=len(mismatched), max_dtwotheta=max_dx, max_dintensity=max_di,
                      pymatgen_s=t1 - t0, spectra_s=inner, spectra_process_s=wall)
        t_pm.append(t1 - t0); t_us.append(inner); t_wall.append(wall); ratios.append((t1 - t0) / inner)
        results.append(record)
        print(f"{'PASS' if ok else 'FAIL'} {path}: {record['peaks']} peaks>=1, missing {len(missing)}, "
              f"dI>2: {len(mismatched)}, max d2t {max_dx:.2e}, max dI {max_di:.3f}, "
              f"pymatgen {t1 - t0:.4f} s, spectra {inner:.4f} s (process {wall:.3f} s)" + ("" if ok else f" first: {(missing + mismatched)[:3]}"))
    compared = [r for r in results if r["status"] in ("pass", "fail", "spectra-failed")]
    passed = [r for r in compared if r["status"] == "pass"]
    print(f"\npass rate: {len(passed)}/{len(compared)} CIFs that pymatgen reads "
          f"({len(results) - len(compared)} skipped because pymatgen fails on them)")
    if t_pm:
        print(f"median time per structure: pymatgen {statistics.median(t_pm):.4f} s, spectra {statistics.median(t_us):.4f} s, "
              f"ratio of medians {statistics.median(t_pm) / statistics.median(t_us):.1f}x, median per-structure ratio {statistics.median(ratios):.1f}x")
        print(f"  whole spectra process incl. start-up: median {statistics.median(t_wall):.4f} s, "
              f"ratio {statistics.median(t_pm) / statistics.median(t_wall):.1f}x")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=1)


if __name__ == "__main__":
    main()

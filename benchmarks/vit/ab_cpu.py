#!/usr/bin/env python3
"""A/B of two or more `spectra` builds by CPU time per step, for a loaded machine.

Runs `spectra bench MODE --steps 8 --threads T` for T = 1 and 2, alternating the builds inside
every round, and prints per build and thread count the median (and minimum) of cpu_ms_per_step
and ms_per_step, and the median of peak_fraction (the step's GFLOP/s over OpenBLAS's peak measured
in the same process: robust to the host's speed swings), and for every build after the first the
median over rounds of its cpu_ms and peak_fraction relative to the first build's in the same round. A build is NAME=PATH, optionally
NAME=PATH@VAR=VALUE to set an environment variable for it. STEPS (environment, default 8) sets --steps.

    python3 benchmarks/vit/ab_cpu.py 5 train base=/tmp/spectra-base new=.build/release/spectra
"""
import json
import os
import statistics
import subprocess
import sys


def main():
    if len(sys.argv) < 4 or sys.argv[2] not in ("train", "infer"):
        sys.exit(__doc__)
    rounds, mode = int(sys.argv[1]), sys.argv[2]
    steps = os.environ.get("STEPS", "8")
    builds = [arg.split("=", 1) for arg in sys.argv[3:]]
    results = {}
    for _ in range(rounds):
        for threads in (1, 2):
            for name, path in builds:
                env = dict(os.environ)
                if "@" in path:
                    path, setting = path.split("@", 1)
                    key, value = setting.split("=", 1)
                    env[key] = value
                out = subprocess.run([path, "bench", mode, "--steps", steps, "--threads", str(threads)],
                                     capture_output=True, text=True, env=env, check=True).stdout
                row = json.loads(out.strip().splitlines()[-1])
                results.setdefault((threads, name), []).append((row["cpu_ms_per_step"], row["ms_per_step"], row["peak_fraction"]))
    first = builds[0][0]
    for (threads, name), rows in sorted(results.items()):
        cpu, wall, peak = [r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows]
        print(f"{mode} threads={threads} {name:10s} cpu_ms median {statistics.median(cpu):7.1f} (min {min(cpu):6.1f})"
              f"  wall median {statistics.median(wall):7.1f} (min {min(wall):6.1f})"
              f"  peak_fraction median {statistics.median(peak):.3f}  n={len(rows)}")
        if name != first:
            base = results[(threads, first)]
            cpu_ratio = statistics.median(r[0] / b[0] for r, b in zip(rows, base))
            peak_ratio = statistics.median(r[2] / b[2] for r, b in zip(rows, base))
            print(f"  vs {first} in the same round: cpu_ms x{cpu_ratio:.3f}, peak_fraction x{peak_ratio:.3f}")


if __name__ == "__main__":
    main()

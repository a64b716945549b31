#!/usr/bin/env python3
"""A/B of two or more `spectra` builds by CPU time per step, for a loaded machine.

Runs `spectra bench MODE --steps 8 --threads T` for T = 1 and 2, alternating the builds inside
every round, and prints per build and thread count the median (and minimum) of cpu_ms_per_step
and ms_per_step. A build is NAME=PATH, optionally NAME=PATH@VAR=VALUE to set an environment
variable for it.

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
                out = subprocess.run([path, "bench", mode, "--steps", "8", "--threads", str(threads)],
                                     capture_output=True, text=True, env=env, check=True).stdout
                row = json.loads(out.strip().splitlines()[-1])
                results.setdefault((threads, name), []).append((row["cpu_ms_per_step"], row["ms_per_step"]))
    for (threads, name), rows in sorted(results.items()):
        cpu, wall = [r[0] for r in rows], [r[1] for r in rows]
        print(f"{mode} threads={threads} {name:10s} cpu_ms median {statistics.median(cpu):7.1f} (min {min(cpu):6.1f})"
              f"  wall median {statistics.median(wall):7.1f} (min {min(wall):6.1f})  n={len(rows)}")


if __name__ == "__main__":
    main()

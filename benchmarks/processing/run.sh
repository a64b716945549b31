#!/usr/bin/env bash
# Side-by-side benchmark of XRD preprocessing and augmentation: SpectraKit vs NumPy/SciPy, 5 alternating
# rounds, medians. Needs `swift build -c release` done and python3 with numpy and scipy.
# Usage: benchmarks/processing/run.sh [ROUNDS]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
rounds="${1:-5}"
data="$root/../shared/data/xrd/experimental"
bin="$(mktemp -d)/preprocess-bench"
swift build -c release --target SpectraCore >&2
swiftc -O -module-name PreprocessBench -I .build/release/Modules \
  benchmarks/processing/PreprocessBench.swift .build/release/SpectraCore.build/*.o -o "$bin" 2>&1 | grep -v warning >&2 || true
[ -x "$bin" ] || { echo "benchmark did not build" >&2; exit 1; }
for i in $(seq "$rounds"); do
  "$bin" "$data" 20
  python3 benchmarks/processing/preprocess_bench.py "$data" 20
done | tee /dev/stderr | python3 benchmarks/processing/summarize.py

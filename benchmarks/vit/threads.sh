#!/bin/sh
# Compares thread arrangements at paper scale (alternating rounds): our workers × OpenBLAS threads
# inside each call. "2 1" is the default (2 workers, BLAS single-threaded); "1 2" is OpenBLAS's own
# threading alone; "2 2" oversubscribes the cores.
# Usage: sh benchmarks/vit/threads.sh [rounds] [mode]
rounds=${1:-3}; mode=${2:-train}
for r in $(seq "$rounds"); do
  for arrangement in "2 1" "1 2" "2 2" "1 1"; do
    set -- $arrangement
    .build/release/spectra bench "$mode" --steps 5 --threads "$1" --blas-threads "$2"
  done
done

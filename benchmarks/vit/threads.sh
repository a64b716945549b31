#!/bin/sh
# Compares how BLAS threads and the engine's own loop threads share the cores (alternating rounds).
# Usage: sh benchmarks/vit/threads.sh [rounds] [mode]
rounds=${1:-3}; mode=${2:-train}
for r in $(seq "$rounds"); do
  for arrangement in "2 2" "2 1" "1 2" "1 1"; do
    set -- $arrangement
    .build/release/spectra bench "$mode" --steps 5 --threads "$1" --loop-threads "$2"
  done
done

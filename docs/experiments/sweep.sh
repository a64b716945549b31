#!/usr/bin/env bash
# The paper's hyper-parameter findings at reduced scale: the first 100 classes of the 2,000-class MOF set
# (the ten paper MOFs + 90 CoRE MOF structures), every point trained with the same split, seed and budget
# (5 epochs × 20 augmented copies per pattern), scored on validation (augmented simulations) and on the
# 30 measured-like patterns. Then the best segment lengths again on 5–30° 2θ only.
# Usage (from the package root, after scripts/fetch-corpora): docs/experiments/sweep.sh [--resume]
set -euo pipefail
cd "$(dirname "$0")/../.."
spectra="${SPECTRA:-.build/release/spectra}"
runs="${SPECTRAKIT_RUNS:-$HOME/.cache/spectrakit/runs}"
[ -n "${SPECTRA:-}" ] || swift build -c release --product spectra >&2
mkdir -p "$runs"
if [ ! -d "$runs/mof-100.dataset" ]; then
  head -101 modalities/XRD/mof-2000-classes.tsv > "$runs/mof-100-classes.tsv"
  $spectra dataset xrd-from-cif ../shared/data/xrd/paper-mofs "$HOME/.cache/spectrakit/core-mof" \
    --classes "$runs/mof-100-classes.tsv" --out "$runs/mof-100.dataset"
fi
common=(--modality xrd --data "$runs/mof-100.dataset" --test examples/xrd/measured-like.csv --embed-dim 120 --heads 4
        --epochs 5 --repeats 20 --batch-size 64 --lr 1e-3 --seed 42)
$spectra sweep "${common[@]}" --segment-length 30,60,120,250 --depth 2,4 --out "$runs/sweep-5-50" "$@"
$spectra sweep "${common[@]}" --segment-length 60,120 --depth 4 --range 5,30 --out "$runs/sweep-5-30" "$@"

#!/usr/bin/env bash
# Regenerates the zoo model vit-xrd-mof: a ViT trained only on physics-augmented simulated powder patterns
# of the 2,000-class MOF set (10 paper MOFs + 1,990 CoRE MOF 2019 structures, modalities/XRD/mof-2000-classes.tsv).
# Usage (from the package root, after scripts/fetch-corpora):  model-zoo/recipes/vit-xrd-mof.sh [--resume]
# Runs in the background-friendly way: one epoch is written at a time; rerun with --resume after a kill.
# Work files go to ${SPECTRAKIT_RUNS:-~/.cache/spectrakit/runs}.
set -euo pipefail
cd "$(dirname "$0")/../.."
spectra="${SPECTRA:-.build/release/spectra}"   # SPECTRA=path runs another build (e.g. a copy while you rebuild)
runs="${SPECTRAKIT_RUNS:-$HOME/.cache/spectrakit/runs}"
mkdir -p "$runs"
[ -n "${SPECTRA:-}" ] || swift build -c release --product spectra >&2
if [ ! -d "$runs/mof-2000.dataset" ]; then
  $spectra dataset xrd-from-cif ../shared/data/xrd/paper-mofs "$HOME/.cache/spectrakit/core-mof" \
    --classes modalities/XRD/mof-2000-classes.tsv --out "$runs/mof-2000.dataset"
fi
$spectra train --modality xrd --data "$runs/mof-2000.dataset" --out "$runs/vit-xrd-mof.safetensors.zst" \
  --model vit --embedding linear --segment-length 250 --embed-dim 120 --depth 4 --heads 4 \
  --dropout 0.1 --drop-path 0.1 --batch-size 64 --lr 1e-3 --epochs 5 --repeats 50 --patience 3 --seed 42 \
  --log "$runs/vit-xrd-mof.log.jsonl" "$@"
. model-zoo/recipes/ship-xrd.sh
ship_xrd vit-xrd-mof

#!/usr/bin/env bash
# Regenerates the zoo model vit-raman-rruff: vit-xrd-mof transferred to the Open Specy Raman library
# (pyopenspecy 0.0.1: 4,778 spectra of 768 materials, mostly RRUFF minerals; one spectrum of every material with two or more held out
# for test), exactly the "vit-transfer" run of docs/experiments/transfer.sh (same options, so the same numbers).
# Usage (from the package root):  model-zoo/recipes/vit-raman-rruff.sh
# Downloads and imports the corpora on first use (scripts/import-corpora); rerun to resume after a kill.
set -euo pipefail
cd "$(dirname "$0")/../.."
spectra="${SPECTRA:-.build/release/spectra}"
runs="${SPECTRAKIT_RUNS:-$HOME/.cache/spectrakit/runs}"
datasets="${SPECTRAKIT_CACHE:-$HOME/.cache/spectrakit}/datasets"
[ -n "${SPECTRA:-}" ] || swift build -c release --product spectra >&2
[ -d "$datasets/openspecy-raman-test.dataset" ] || scripts/import-corpora
MODELS=vit-transfer SPECTRA="$spectra" docs/experiments/transfer.sh openspecy-raman
$spectra evaluate --model "$runs/openspecy-raman-vit-transfer.safetensors.zst" \
  --data "$datasets/openspecy-raman-test.dataset" --json > "$runs/eval-openspecy-raman-vit-transfer.json"
$spectra zoo add "$runs/openspecy-raman-vit-transfer.safetensors.zst" --name vit-raman-rruff --storage F16 --replace \
  --evaluation test="$runs/eval-openspecy-raman-vit-transfer.json" \
  --data-licence "CC BY 4.0 (Open Specy library); MIT (pyopenspecy package)" \
  --attribution "Open Specy reference library: Cowger et al. 2021, Anal. Chem. 93, 7543 (mostly RRUFF: Lafuente et al. 2015, and the Raman Open Database), via pyopenspecy 0.0.1 (Julian Irwin); parent vit-xrd-mof (CoRE MOF 2019, CC BY 4.0)"
$spectra evaluate --model vit-raman-rruff --data "$datasets/openspecy-raman-test.dataset"

#!/usr/bin/env bash
# Regenerates the zoo model vit-ftir-openspecy: vit-xrd-mof transferred to the Open Specy FTIR library
# (pyopenspecy 0.0.1: 636 spectra of 247 materials; one spectrum of every material with two or more held out
# for test), exactly the "vit-transfer" run of docs/experiments/transfer.sh (same options, so the same numbers).
# Usage (from the package root):  model-zoo/recipes/vit-ftir-openspecy.sh
# Downloads and imports the corpora on first use (scripts/import-corpora); rerun to resume after a kill.
set -euo pipefail
cd "$(dirname "$0")/../.."
spectra="${SPECTRA:-.build/release/spectra}"
runs="${SPECTRAKIT_RUNS:-$HOME/.cache/spectrakit/runs}"
datasets="${SPECTRAKIT_CACHE:-$HOME/.cache/spectrakit}/datasets"
[ -n "${SPECTRA:-}" ] || swift build -c release --product spectra >&2
[ -d "$datasets/openspecy-ftir-test.dataset" ] || scripts/import-corpora
MODELS=vit-transfer SPECTRA="$spectra" docs/experiments/transfer.sh openspecy-ftir
$spectra evaluate --model "$runs/openspecy-ftir-vit-transfer.safetensors.zst" \
  --data "$datasets/openspecy-ftir-test.dataset" --json > "$runs/eval-openspecy-ftir-vit-transfer.json"
$spectra zoo add "$runs/openspecy-ftir-vit-transfer.safetensors.zst" --name vit-ftir-openspecy --storage F16 --replace \
  --evaluation test="$runs/eval-openspecy-ftir-vit-transfer.json" \
  --data-licence "CC BY 4.0 (Open Specy library); MIT (pyopenspecy package)" \
  --attribution "Open Specy reference library: Cowger et al. 2021, Anal. Chem. 93, 7543, doi:10.1021/acs.analchem.1c00123, via pyopenspecy 0.0.1 (Julian Irwin); parent vit-xrd-mof (CoRE MOF 2019, CC BY 4.0)"
$spectra evaluate --model vit-ftir-openspecy --data "$datasets/openspecy-ftir-test.dataset"

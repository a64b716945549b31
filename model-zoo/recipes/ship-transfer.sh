# Sourced by the transfer recipes (vit-ftir-openspecy.sh, vit-raman-rruff.sh), not a recipe itself.
# ship_transfer SET NAME LICENCE ATTRIBUTION: runs the "vit-transfer" row of docs/experiments/transfer.sh for SET
# (same options, so the same numbers; rerun to resume after a kill), evaluates it on SET's held-out test spectra
# and adds it to the zoo as NAME, stored as float16. Downloads and imports the corpora on first use.
# EPOCHS and VALIDATION, when set (the recipes export them), go to transfer.sh, which names such runs SET-vit-transfer-vVALUE.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
spectra="${SPECTRA:-.build/release/spectra}"
runs="${SPECTRAKIT_RUNS:-$HOME/.cache/spectrakit/runs}"
datasets="${SPECTRAKIT_CACHE:-$HOME/.cache/spectrakit}/datasets"
[ -n "${SPECTRA:-}" ] || swift build -c release --product spectra >&2

ship_transfer() {
  local set=$1 name=$2 licence=$3 attribution=$4
  local run="$set-vit-transfer$([ "${VALIDATION:-0.2}" = 0.2 ] || echo "-v$VALIDATION")"
  local checkpoint="$runs/$run.safetensors.zst" report="$runs/eval-$run.json"
  [ -d "$datasets/$set-test.dataset" ] || scripts/import-corpora
  MODELS=vit-transfer SPECTRA="$spectra" docs/experiments/transfer.sh "$set"
  $spectra evaluate --model "$checkpoint" --data "$datasets/$set-test.dataset" --json > "$report"
  $spectra zoo add "$checkpoint" --name "$name" --storage F16 --replace --evaluation test="$report" \
    --data-licence "$licence" --attribution "$attribution"
  $spectra evaluate --model "$name" --data "$datasets/$set-test.dataset"
}

#!/usr/bin/env bash
# Transfer from XRD to FTIR and Raman on real public spectra (the seed paper's second experiment, with
# obtainable data): for each set, library search (k-NN, Pearson), a ViT trained from scratch, and the ViT
# transferred from vit-xrd-mof (backbone kept, new head, spectra resampled to the parent's 2,251 points,
# head alone for the first epoch, then everything), all evaluated on the held-out test spectra.
# The paper's CNN (scratch and transferred from cnn-xrd-mof) joins when cnn-xrd-mof exists.
# Usage (from the package root, after scripts/import-corpora and the vit-xrd-mof recipe):
#   docs/experiments/transfer.sh [SET...]        SET: openspecy-ftir polymers openspecy-raman (default: all)
# Environment: EPOCHS (default: set_epochs below), MODELS (default: knn vit-scratch vit-transfer cnn-scratch cnn-transfer;
# the zoo recipes run only the one they ship), PATIENCE (default 5), SPECTRA (a spectra binary), VIT_PARENT, CNN_PARENT,
# VALIDATION (the share of each material's training spectra held out for early stopping, default 0.2; with another
# value the networks' runs are named SET-MODEL-vVALUE, e.g. VALIDATION=0 trains on every training spectrum).
# Every run resumes where a killed one stopped (rerun the script). Writes $runs/transfer-SET.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
spectra="${SPECTRA:-.build/release/spectra}"
runs="${SPECTRAKIT_RUNS:-$HOME/.cache/spectrakit/runs}"
datasets="${SPECTRAKIT_CACHE:-$HOME/.cache/spectrakit}/datasets"
[ -n "${SPECTRA:-}" ] || swift build -c release --product spectra >&2
. docs/experiments/results-row.sh
mkdir -p "$runs"
vit_parent="${VIT_PARENT:-vit-xrd-mof}"
cnn_parent="${CNN_PARENT:-$runs/cnn-xrd-mof.safetensors.zst}"

# set → modality, augmented copies per epoch (about 12,000 training samples per epoch), epochs
declare -A modality=([openspecy-ftir]=ftir [polymers]=ftir [openspecy-raman]=raman)
declare -A repeats=([openspecy-ftir]=20 [polymers]=3 [openspecy-raman]=3)
declare -A set_epochs=([openspecy-ftir]=20 [polymers]=20 [openspecy-raman]=20)
models=(${MODELS:-knn vit-scratch vit-transfer cnn-scratch cnn-transfer})
validation=${VALIDATION:-0.2}
variant=$([ "$validation" = 0.2 ] || echo "-v$validation")   # run-name suffix of the networks
wanted() { [[ " ${models[*]} " == *" $1 "* ]]; }
vit_options=(--embedding linear --segment-length 250 --embed-dim 120 --depth 4 --heads 4 --dropout 0.1 --drop-path 0.1)  # vit-xrd-mof's architecture

# train_once OUT COMMAND...: runs COMMAND unless OUT is finished; resumes an interrupted run.
train_once() {
  local out=$1; shift
  if [ -f "$out" ] && [ ! -f "${out%.safetensors.zst}.optim.safetensors.zst" ]; then return; fi
  if [ -f "${out%.safetensors.zst}.optim.safetensors.zst" ]; then "$@" --resume; else "$@"; fi
}

for set in "${@:-openspecy-ftir polymers openspecy-raman}"; do
 for s in $set; do
  m=${modality[$s]}; train="$datasets/$s-train.dataset"; test="$datasets/$s-test.dataset"
  epochs=${EPOCHS:-${set_epochs[$s]}}
  common=(--data "$train" --epochs $epochs --repeats ${repeats[$s]} --batch-size 64 --lr 1e-3 --patience ${PATIENCE:-5} --seed 42)
  [ -z "$variant" ] || common+=(--validation-fraction "$validation")
  if wanted knn; then $spectra train --modality $m --model knn-pearson --data "$train" --out "$runs/$s-knn.safetensors.zst"; fi
  if wanted vit-scratch; then
    train_once "$runs/$s-vit-scratch$variant.safetensors.zst" $spectra train --modality $m --model vit "${vit_options[@]}" "${common[@]}" \
      --log "$runs/$s-vit-scratch$variant.log.jsonl" --out "$runs/$s-vit-scratch$variant.safetensors.zst"
  fi
  if wanted vit-transfer; then
    train_once "$runs/$s-vit-transfer$variant.safetensors.zst" $spectra transfer --from "$vit_parent" --modality $m "${common[@]}" \
      --freeze-backbone-epochs 1 --log "$runs/$s-vit-transfer$variant.log.jsonl" --out "$runs/$s-vit-transfer$variant.safetensors.zst"
  fi
  if [ -f "$cnn_parent" ] && wanted cnn-scratch; then
    train_once "$runs/$s-cnn-scratch$variant.safetensors.zst" $spectra train --modality $m --model cnn --dropout 0.2 "${common[@]}" \
      --log "$runs/$s-cnn-scratch$variant.log.jsonl" --out "$runs/$s-cnn-scratch$variant.safetensors.zst"
  fi
  if [ -f "$cnn_parent" ] && wanted cnn-transfer; then
    train_once "$runs/$s-cnn-transfer$variant.safetensors.zst" $spectra transfer --from "$cnn_parent" --modality $m "${common[@]}" \
      --log "$runs/$s-cnn-transfer$variant.log.jsonl" --out "$runs/$s-cnn-transfer$variant.safetensors.zst"
  fi
  {
    echo "| $s | top-1 | top-3 | top-5 | training: wall s | CPU s |"
    echo "|---|---|---|---|---|---|"
    for model in knn vit-scratch vit-transfer cnn-scratch cnn-transfer; do   # every finished row, whatever MODELS ran
      run=$s-$model; [ "$model" = knn ] || run+=$variant
      checkpoint="$runs/$run.safetensors.zst"
      [ -f "$checkpoint" ] || continue
      results_row "$model" "$checkpoint" "$test" "$runs/eval-$run.json"
    done
  } | tee "$runs/transfer-$s$variant.md"
 done
done

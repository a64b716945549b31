#!/usr/bin/env bash
# XRD identification, the paper's comparison: the paper's CNN and the classical baselines trained on the same
# 2,000-class simulated set, split and seed as vit-xrd-mof (model-zoo/recipes/vit-xrd-mof.sh), then all of them
# evaluated on the 30 measured-like patterns of the ten paper MOFs (examples/xrd/measured-like.csv).
# Usage (from the package root, after the vit-xrd-mof recipe built the dataset):
#   docs/experiments/xrd-compare.sh                 (rerun it to continue after a kill)
# Environment: MODELS (default: cnn knn knn-pearson naive-bayes logistic) picks what to train; the table lists every
# finished model. model-zoo/recipes/cnn-xrd-mof.sh runs MODELS=cnn.
# Writes $runs/xrd-compare.md (the table in docs/results.md) and one `evaluate --json` report per model.
set -euo pipefail
cd "$(dirname "$0")/../.."
spectra="${SPECTRA:-.build/release/spectra}"
runs="${SPECTRAKIT_RUNS:-$HOME/.cache/spectrakit/runs}"
data="$runs/mof-2000.dataset"
test=examples/xrd/measured-like.csv
[ -n "${SPECTRA:-}" ] || swift build -c release --product spectra >&2
. docs/experiments/results-row.sh
models=(${MODELS:-cnn knn knn-pearson naive-bayes logistic})
wanted() { [[ " ${models[*]} " == *" $1 "* ]]; }

# The paper's CNN with the ViT's budget: 3 epochs × 50 augmented copies of each pattern, batch 64, seed 42.
cnn=(train --modality xrd --model cnn --data "$data" --out "$runs/cnn-xrd-mof.safetensors.zst"
  --dropout 0.2 --batch-size 64 --lr 1e-3 --epochs 3 --repeats 50 --patience 3 --seed 42 --log "$runs/cnn-xrd-mof.log.jsonl")
if ! wanted cnn; then :
elif [ -f "$runs/cnn-xrd-mof.optim.safetensors.zst" ]; then $spectra "${cnn[@]}" --resume  # nothing to do once finished
elif [ ! -f "$runs/cnn-xrd-mof.safetensors.zst" ]; then $spectra "${cnn[@]}"; fi
# Library search (k-NN over the 2,000 simulated patterns) and the fitted baselines (10 augmented copies each)
for model in knn knn-pearson; do
  wanted $model || continue
  $spectra train --modality xrd --model $model --data "$data" --out "$runs/$model-xrd-mof.safetensors.zst"
done
# (deterministic, so a checkpoint already there is kept). Logistic regression stops after 100 L-BFGS
# iterations (scikit-learn's default max_iter) on 3 augmented copies of each pattern: 2,000 classes × 2,251
# weights on 8,000 rows, about 10 minutes on two cores (22,000 rows would take about 25).
! wanted naive-bayes || [ -f "$runs/naive-bayes-xrd-mof.safetensors.zst" ] ||
  $spectra train --modality xrd --model naive-bayes --data "$data" --repeats 10 --seed 42 --out "$runs/naive-bayes-xrd-mof.safetensors.zst"
! wanted logistic || [ -f "$runs/logistic-xrd-mof.safetensors.zst" ] ||
  $spectra train --modality xrd --model logistic --iterations 100 --data "$data" --repeats 3 --seed 42 \
    --out "$runs/logistic-xrd-mof.safetensors.zst"

{
  echo "| model | top-1 | top-3 | top-5 | training: wall s | CPU s |"
  echo "|---|---|---|---|---|---|"
  for model in vit cnn knn knn-pearson naive-bayes logistic; do
    checkpoint="$runs/$model-xrd-mof.safetensors.zst"
    [ -f "$checkpoint" ] || continue
    results_row "$model" "$checkpoint" "$test" "$runs/eval-$model-xrd-mof.json"
  done
} | tee "$runs/xrd-compare.md"

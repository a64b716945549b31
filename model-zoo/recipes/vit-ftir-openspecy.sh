#!/usr/bin/env bash
# Regenerates the zoo model vit-ftir-openspecy: vit-xrd-mof transferred to the Open Specy FTIR library
# (pyopenspecy 0.0.1: 636 spectra of 247 materials; one spectrum of every material with two or more held out
# for test), exactly the "vit-transfer" run of `VALIDATION=0 EPOCHS=30 docs/experiments/transfer.sh` (same numbers).
# Usage (from the package root):  model-zoo/recipes/vit-ftir-openspecy.sh
# Downloads and imports the corpora on first use (scripts/import-corpora); rerun to resume after a kill.
# Every training spectrum trains (VALIDATION=0: early stopping watches augmented copies of them), 30 epochs.
export VALIDATION=0 EPOCHS=30
. "$(dirname "$0")/ship-transfer.sh"
ship_transfer openspecy-ftir vit-ftir-openspecy "CC BY 4.0 (Open Specy library); MIT (pyopenspecy package)" \
  "Open Specy reference library: Cowger et al. 2021, Anal. Chem. 93, 7543, doi:10.1021/acs.analchem.1c00123, via pyopenspecy 0.0.1 (Julian Irwin); parent vit-xrd-mof (CoRE MOF 2019, CC BY 4.0)"

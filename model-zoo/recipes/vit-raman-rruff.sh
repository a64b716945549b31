#!/usr/bin/env bash
# Regenerates the zoo model vit-raman-rruff: vit-xrd-mof transferred to the Open Specy Raman library
# (pyopenspecy 0.0.1: 4,778 spectra of 768 materials, mostly RRUFF minerals; one spectrum of every material with
# two or more held out for test), exactly the "vit-transfer" run of `VALIDATION=0 EPOCHS=30 docs/experiments/transfer.sh`.
# Usage (from the package root):  model-zoo/recipes/vit-raman-rruff.sh
# Downloads and imports the corpora on first use (scripts/import-corpora); rerun to resume after a kill.
# Every training spectrum trains (VALIDATION=0: early stopping watches augmented copies of them), 30 epochs.
export VALIDATION=0 EPOCHS=30
. "$(dirname "$0")/ship-transfer.sh"
ship_transfer openspecy-raman vit-raman-rruff "CC BY 4.0 (Open Specy library); MIT (pyopenspecy package)" \
  "Open Specy reference library: Cowger et al. 2021, Anal. Chem. 93, 7543 (mostly RRUFF: Lafuente et al. 2015, and the Raman Open Database), via pyopenspecy 0.0.1 (Julian Irwin); parent vit-xrd-mof (CoRE MOF 2019, CC BY 4.0)"

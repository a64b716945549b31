# Sourced by the XRD recipes (vit-xrd-mof.sh, cnn-xrd-mof.sh), not a recipe itself.
# ship_xrd NAME: evaluates $runs/NAME.safetensors.zst on the 30 measured-like patterns of the ten paper MOFs
# (examples/xrd/measured-like.csv, made by scripts/make-measured-like-xrd), adds it to the zoo as NAME stored as
# float16 (half the size; docs/results.md checks the accuracy is unchanged) and evaluates the zoo copy.
ship_xrd() {
  local name=$1
  $spectra evaluate --model "$runs/$name.safetensors.zst" --data examples/xrd/measured-like.csv --json > "$runs/eval-$name.json"
  $spectra zoo add "$runs/$name.safetensors.zst" --name "$name" --storage F16 --replace \
    --evaluation measured_like="$runs/eval-$name.json" \
    --data-licence "CC BY 4.0 (CoRE MOF 2019); MIT (RASPA2 structures)" \
    --attribution "Simulated from CoRE MOF 2019 (Chung et al., J. Chem. Eng. Data 2019, 64, 5985) and RASPA2 structure files"
  $spectra evaluate --model "$name" --data examples/xrd/measured-like.csv
}

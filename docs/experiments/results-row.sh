# Sourced by the experiment scripts. results_row NAME CHECKPOINT TEST_DATA REPORT.json prints one markdown row:
# | NAME | top-1 | top-3 | top-5 | training wall s | training CPU s |, from `spectra evaluate --json` (saved to
# REPORT.json) and the checkpoint's provenance (`spectra zoo show --json`). Needs $spectra.
results_row() {
  local name=$1 checkpoint=$2 test=$3 report=$4 wall cpu
  $spectra evaluate --model "$checkpoint" --data "$test" --json > "$report"
  metric() { $spectra zoo show "$checkpoint" --json | sed -n "s/.*\"$1\" *: *\([0-9.e+-]*\).*/\1/p" | head -1; }
  wall=$(metric training_seconds); cpu=$(metric training_cpu_seconds)
  sed -n 's/^  "top\([135]\)" : \([0-9.e+-]*\).*/\1 \2/p' "$report" |
    awk -v m="$name" -v w="${wall:-0}" -v c="${cpu:-n/a}" \
      '{v[$1]=$2} END {printf "| %s | %.1f %% | %.1f %% | %.1f %% | %.0f | %s |\n", m, 100*v[1], 100*v[3], 100*v[5], w, c}'
}

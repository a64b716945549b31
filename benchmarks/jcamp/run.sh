#!/usr/bin/env bash
# Times `spectra convert` (release build, all files in one process, CSV into a temporary folder) against
# the Python `jcamp` package parsing the same files. Runs alternate; medians are compared.
# Usage: benchmarks/jcamp/run.sh [RUNS] [FOLDER]   (from the package root; needs `pip install jcamp`)
set -euo pipefail
runs=${1:-9}
folder=${2:-../shared/data/jcamp/infrared}
here=$(cd "$(dirname "$0")" && pwd)
spectra=${SPECTRA:-.build/release/spectra}
[ -x "$spectra" ] || swift build -c release --product spectra >/dev/null
files=("$folder"/*.jdx)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
now() { date +%s.%N; }
spectra_times=(); python_wall=(); python_parse=()
for ((i = 0; i < runs; i++)); do
  t0=$(now); "$spectra" convert "${files[@]}" --to csv --out "$out" >/dev/null; t1=$(now)
  spectra_times+=("$(echo "$t1 - $t0" | bc -l)")
  t0=$(now); line=$(python3 "$here/parse_with_jcamp.py" "$folder"); t1=$(now)
  python_wall+=("$(echo "$t1 - $t0" | bc -l)")
  python_parse+=("$(echo "$line" | sed 's/.*parse_seconds=//')")
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
s=$(median "${spectra_times[@]}"); pw=$(median "${python_wall[@]}"); pp=$(median "${python_parse[@]}")
echo "files: ${#files[@]} ($(ls "$out" | wc -l) CSVs written); runs: $runs; $line"
printf 'spectra convert (whole process, parse + write CSV): median %.4f s\n' "$s"
printf 'python jcamp (whole process incl. start-up/imports): median %.4f s\n' "$pw"
printf 'python jcamp (parse only, in-process):              median %.4f s\n' "$pp"
printf 'ratio python parse-only / spectra whole process: %.1fx\n' "$(echo "$pp / $s" | bc -l)"
printf 'ratio python whole process / spectra whole process: %.1fx\n' "$(echo "$pw / $s" | bc -l)"

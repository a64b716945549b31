#!/usr/bin/env bash
# Benchmark (not a test): `spectra convert` on every JCAMP-DX file of a folder, all files in one process,
# outputs into a new empty folder per run (on tmpfs by default; TMPDIR chooses) (so every run creates the same files, and none pays for deleting
# the previous run's), against the Python `jcamp` package parsing the same files.
# Runs alternate (spectra npy, spectra csv, python); medians are compared. Wall-clock and CPU (user+sys)
# seconds are both reported because the machine may be shared; timed.py measures them to the microsecond.
#
# Usage (from the package root; needs `pip install jcamp`):
#   benchmarks/jcamp/run.sh [RUNS] [FOLDER]
# SPECTRA=path/to/spectra overrides the binary; by default a fully static release executable is made in
# .build-bench/ (start-up of a deployed binary, not of dynamic loading): the Swift runtime and Foundation,
# OpenBLAS, zstd and libxml2 with its ICU, lzma and zlib (static libraries of the -dev packages) linked in.
set -euo pipefail
runs=${1:-9}
folder=${2:-../shared/data/jcamp/infrared}
here=$(cd "$(dirname "$0")" && pwd)
if [ -z "${SPECTRA:-}" ]; then
  swift build -c release --static-swift-stdlib -Xswiftc -static-executable \
    -Xlinker -licuuc -Xlinker -licudata -Xlinker -llzma -Xlinker -lz -Xlinker -lstdc++ \
    --scratch-path .build-bench --product spectra >/dev/null
  SPECTRA=.build-bench/release/spectra
fi
files=("$folder"/*.jdx)
# Outputs go to RAM (tmpfs) unless TMPDIR says otherwise: the peer writes no files, and on a shared disk the cost
# of creating files depends on what other processes deleted lately (see benchmarks/README.md). TMPDIR=/tmp (ext4
# here) measures that too.
out=$(mktemp -d -p "${TMPDIR:-$([ -d /dev/shm ] && echo /dev/shm || echo /tmp)}")
trap 'rm -rf "$out"' EXIT
timed() { # timed LOGFILE command... → appends "wall cpu" to LOGFILE; the command's stdout goes to $out/stdout
  python3 "$here/timed.py" "$1" "$out/stdout" "${@:2}"
}
fresh() { target="$out/run-$1"; mkdir "$target"; } # a new empty output folder for each run
: >"$out/npy.log"; : >"$out/csv.log"; : >"$out/py.log"; : >"$out/pyparse.log"
for ((i = 0; i < runs; i++)); do
  fresh "$i-npy"; timed "$out/npy.log" "$SPECTRA" convert "${files[@]}" --to npy --out "$target/"
  fresh "$i-csv"; timed "$out/csv.log" "$SPECTRA" convert "${files[@]}" --to csv --out "$target/"
  timed "$out/py.log" python3 "$here/parse_with_jcamp.py" "$folder"
  sed 's/.*parse_seconds=//' "$out/stdout" >>"$out/pyparse.log"
done
# A run that converted nothing is fast and meaningless: every input must have become an output.
for log in npy csv; do
  made=$(find "$out/run-0-$log" -type f | wc -l)
  [ "$made" -eq "${#files[@]}" ] || { echo "spectra convert --to $log wrote $made of ${#files[@]} files" >&2; exit 1; }
done
median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
col() { awk -v c="$2" '{print $c}' "$1" | median; }
npy_w=$(col "$out/npy.log" 1); npy_c=$(col "$out/npy.log" 2)
csv_w=$(col "$out/csv.log" 1); csv_c=$(col "$out/csv.log" 2)
py_w=$(col "$out/py.log" 1); py_c=$(col "$out/py.log" 2); py_p=$(median <"$out/pyparse.log")
echo "folder: $folder; files: ${#files[@]}; runs: $runs (alternating); $(cat "$out/stdout")"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg); cores: $(nproc); outputs on $(stat -f -c %T "$out") ($out)"
printf '%-52s wall %8.4f s   cpu %8.4f s\n' "spectra convert --to npy (whole process)" "$npy_w" "$npy_c"
printf '%-52s wall %8.4f s   cpu %8.4f s\n' "spectra convert --to csv (whole process)" "$csv_w" "$csv_c"
printf '%-52s wall %8.4f s   cpu %8.4f s\n' "python jcamp (whole process)" "$py_w" "$py_c"
printf '%-52s wall %8.4f s\n' "python jcamp (parse only, in-process)" "$py_p"
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.1fx", a / b}'; }
echo "speed-up, python whole process / spectra npy: wall $(ratio "$py_w" "$npy_w"), cpu $(ratio "$py_c" "$npy_c")"
echo "speed-up, python whole process / spectra csv: wall $(ratio "$py_w" "$csv_w"), cpu $(ratio "$py_c" "$csv_c")"
echo "speed-up, python parse only   / spectra npy whole process: wall $(ratio "$py_p" "$npy_w")"
# The host's speed can change between runs; each round's python run over the spectra npy run just before it,
# then the median of those ratios, follows such a change less than the ratio of the two medians does.
paired() { paste "$out/py.log" "$1" | awk -v c="$2" '{print $c / $(c + 2)}' | median; }
echo "median of per-round ratios, python / spectra npy: wall $(paired "$out/npy.log" 1 | awk '{printf "%.1fx", $1}'), cpu $(paired "$out/npy.log" 2 | awk '{printf "%.1fx", $1}')"

#!/usr/bin/env bash
# Dev check (not a test) that a change is output-neutral: `spectra convert --to npy|csv [--block 1|2|5]` and
# `spectra inspect --json` give byte-identical stdout, stderr and exit status with two binaries on every FILE.
# Usage: benchmarks/jcamp/same_output.sh OLD_SPECTRA NEW_SPECTRA FILE...
#   e.g. with every file of the shared data and 600 mutated JCAMP files from mutate_jcamp.py:
#   mapfile -d '' f < <(find ../shared/data -type f -print0); benchmarks/jcamp/same_output.sh old new "${f[@]}"
set -uo pipefail
old=$1; new=$2; shift 2
t=$(mktemp -d); trap 'rm -rf "$t"' EXIT
bad=0; n=0
for f in "$@"; do
  for args in "convert --to npy" "convert --to csv" "convert --to npy --block 1" "convert --to csv --block 2" \
              "convert --to npy --block 5" "inspect --json"; do
    n=$((n + 1))
    # shellcheck disable=SC2086 # $args is split on purpose
    "$old" $args "$f" >"$t/a.out" 2>"$t/a.err"; echo $? >"$t/a.rc"
    # shellcheck disable=SC2086
    "$new" $args "$f" >"$t/b.out" 2>"$t/b.err"; echo $? >"$t/b.rc"
    for k in out err rc; do
      cmp -s "$t/a.$k" "$t/b.$k" || { echo "differs ($k): $args $f"; bad=1; }
    done
  done
done
echo "compared $n runs: $([ $bad = 0 ] && echo identical || echo DIFFERENT)"
exit $bad

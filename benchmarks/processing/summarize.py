"""Medians per tool of the JSON lines PreprocessBench.swift and preprocess_bench.py print, and their ratio."""
import json, statistics, sys

rows = [json.loads(line) for line in sys.stdin if line.startswith("{")]
by_tool = {}
for row in rows:
    by_tool.setdefault(row["tool"], []).append(row)
keys = ("preprocess_ms_per_spectrum", "augment_us_per_spectrum")
medians = {tool: {k: statistics.median(r[k] for r in rs) for k in keys} for tool, rs in by_tool.items()}
for tool, m in medians.items():
    print("%-12s preprocess %.3f ms/spectrum   augment %.1f us/spectrum   (%d rounds)"
          % (tool, m[keys[0]], m[keys[1]], len(by_tool[tool])))
s, p = medians["spectrakit"], medians["numpy/scipy"]
print("ratio (numpy/scipy time / SpectraKit time): preprocess %.1fx, augment %.1fx"
      % (p[keys[0]] / s[keys[0]], p[keys[1]] / s[keys[1]]))

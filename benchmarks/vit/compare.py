"""Runs `spectra bench` and the PyTorch script side by side, alternating, and prints medians and
ratios (SpectraKit ÷ peer) for training and inference (PyTorch eager and torch.compile).

    swift build -c release --product spectra
    python3 benchmarks/vit/compare.py --rounds 5 --steps 10 --threads 2
    python3 benchmarks/vit/compare.py --baseline .build-base/spectra   # also an earlier build, same rounds
"""
import argparse, json, os, statistics, subprocess, sys

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(os.path.dirname(here))
p = argparse.ArgumentParser()
p.add_argument("--rounds", type=int, default=5)
p.add_argument("--steps", type=int, default=10)
p.add_argument("--threads", type=int, default=2)
p.add_argument("--spectra", default=os.path.join(root, ".build", "release", "spectra"))
p.add_argument("--skip-compile", action="store_true")
p.add_argument("--baseline", help="a second spectra binary (e.g. built from an earlier commit) run in the same rounds")
a = p.parse_args()


def run(cmd):
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout.strip().splitlines()[-1]
    return json.loads(out)


common = ["--steps", str(a.steps), "--threads", str(a.threads)]
torch = [sys.executable, os.path.join(here, "bench_torch.py")]
runners = {
    "train/spectra": [a.spectra, "bench", "train", "--config", "paper-scale"] + common,
    "train/torch-eager": torch + ["train"] + common,
    "infer/spectra": [a.spectra, "bench", "infer", "--config", "paper-scale"] + common,
    "infer/torch-eager": torch + ["infer"] + common,
}
if a.baseline:
    runners["train/spectra-baseline"] = [a.baseline, "bench", "train", "--config", "paper-scale"] + common
    runners["infer/spectra-baseline"] = [a.baseline, "bench", "infer", "--config", "paper-scale"] + common
if not a.skip_compile:
    runners["infer/torch-compile"] = torch + ["infer", "--compile"] + common
results = {k: [] for k in runners}
rss = {k: [] for k in runners}
for r in range(a.rounds):
    for name, cmd in runners.items():  # alternate every runner within each round
        line = run(cmd)
        results[name].append(line["samples_per_s"])
        rss[name].append(line["peak_rss_mb"])
        print(f"round {r + 1} {name}: {line['samples_per_s']} samples/s", file=sys.stderr)
med = {k: statistics.median(v) for k, v in results.items()}
summary = {"median_samples_per_s": med, "peak_rss_mb": {k: max(v) for k, v in rss.items()},
           "ratio_train_vs_eager": round(med["train/spectra"] / med["train/torch-eager"], 2),
           "ratio_infer_vs_eager": round(med["infer/spectra"] / med["infer/torch-eager"], 2)}
if a.baseline:
    summary["ratio_train_vs_baseline"] = round(med["train/spectra"] / med["train/spectra-baseline"], 2)
    summary["ratio_infer_vs_baseline"] = round(med["infer/spectra"] / med["infer/spectra-baseline"], 2)
if not a.skip_compile:
    summary["ratio_infer_vs_compile"] = round(med["infer/spectra"] / med["infer/torch-compile"], 2)
print(json.dumps(summary, indent=1))

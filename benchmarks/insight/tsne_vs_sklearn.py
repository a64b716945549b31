"""t-SNE: `spectra tsne --raw` against scikit-learn's TSNE on the same spectra.

Writes a packed dataset (manifest.json + spectra.npy) of synthetic XRD-like patterns: 40 classes, each
four Gaussian peaks drawn from a shared pool of 12 positions, every spectrum with its own shift (sd 0.15
deg), scale and noise, already on the 5-50 deg grid (so neither side preprocesses). Then alternates, ROUNDS times:
  - spectra tsne --modality xrd --raw --data DIR --perplexity 30 --seed R --json  (Barnes-Hut, theta 0.5)
  - sklearn.manifold.TSNE(perplexity=30, random_state=R, max_iter=1000).fit_transform(X)  (its defaults:
    Barnes-Hut, angle 0.5, PCA init, learning rate 'auto'), X normalised as bhtsne and spectra do
and prints, per tool, median wall time and the quality of the maps measured here the same way for both:
trustworthiness (k = 10, sklearn.manifold.trustworthiness) and the 10-nearest-neighbour label accuracy
in the map (5-fold cross-validated).

Usage: python3 benchmarks/insight/tsne_vs_sklearn.py [N] [ROUNDS]   (defaults 2000, 3; needs a release
build: swift build -c release --product spectra; SPECTRA=path overrides .build/release/spectra)
"""
import json, os, subprocess, sys, tempfile, time
import numpy as np
from sklearn.manifold import TSNE, trustworthiness
from sklearn.neighbors import KNeighborsClassifier
from sklearn.model_selection import cross_val_score

n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 3
spectra = os.environ.get("SPECTRA", os.path.join(os.path.dirname(__file__), "../../.build/release/spectra"))
classes = 40
rng = np.random.default_rng(0)
x = 5 + 0.02 * np.arange(2251)
labels = np.arange(n) % classes
# Classes draw their peaks from a pool of 12 positions, so many share peaks and differ in a few.
pool = rng.uniform(6, 49, size=12)
centres = np.array([rng.choice(pool, 4, replace=False) for _ in range(classes)])
heights = rng.uniform(0.2, 1, size=(classes, 4))
X = np.empty((n, 2251), dtype=np.float32)
for i in range(n):
    c = labels[i]
    shift = rng.normal(0, 0.15)
    y = sum(heights[c, k] * np.exp(-0.5 * ((x - centres[c, k] - shift) / 0.12) ** 2) for k in range(4))
    y = y * rng.uniform(0.8, 1.2) + rng.normal(0, 0.05, size=x.size)
    X[i] = y / y.max()

folder = tempfile.mkdtemp(prefix="tsne-bench-")
data = os.path.join(folder, "data")
os.makedirs(data)
np.save(os.path.join(data, "spectra.npy"), X)
json.dump({"format": "spectrakit-packed-dataset", "version": 1, "modality": "xrd",
           "axis": {"unit": "twoThetaDegrees", "start": 5, "stop": 50, "step": 0.02},
           "labels": [f"class-{c}" for c in range(classes)], "sampleLabels": labels.tolist(),
           "sampleNames": [f"s{i}" for i in range(n)], "source": {"tool": "tsne_vs_sklearn.py"}, "hasPeaks": False},
          open(os.path.join(data, "manifest.json"), "w"))
Xn = X - X.mean(axis=0)
Xn = Xn / np.abs(Xn).max()

def quality(Y):
    knn = cross_val_score(KNeighborsClassifier(10), Y, labels, cv=5).mean()
    return trustworthiness(Xn, Y, n_neighbors=10), knn

times = {"spectra": [], "sklearn": []}
scores = {"spectra": [], "sklearn": []}
for r in range(rounds):
    t = time.perf_counter()
    out = subprocess.run([spectra, "tsne", "--modality", "xrd", "--raw", "--data", data, "--out", os.path.join(folder, "t.svg"),
                          "--perplexity", "30", "--seed", str(r), "--json"], check=True, capture_output=True)
    times["spectra"].append(time.perf_counter() - t)
    report = json.loads(out.stdout)
    scores["spectra"].append(quality(np.array([[p["x"], p["y"]] for p in report["points"]])))
    t = time.perf_counter()
    Y = TSNE(perplexity=30, random_state=r, max_iter=1000).fit_transform(Xn)
    times["sklearn"].append(time.perf_counter() - t)
    scores["sklearn"].append(quality(Y))

print(f"{n} spectra x 2251 points, {classes} classes, {rounds} alternating rounds")
print(f"{'':10} {'wall (median)':>14} {'trustworthiness':>16} {'10-NN accuracy':>15}")
for tool in ("spectra", "sklearn"):
    s = np.array(scores[tool])
    print(f"{tool:10} {np.median(times[tool]):13.2f}s {np.median(s[:, 0]):16.4f} {np.median(s[:, 1]):15.4f}")
print(f"wall ratio sklearn / spectra: {np.median(times['sklearn']) / np.median(times['spectra']):.2f}")

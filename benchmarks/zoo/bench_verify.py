"""Times `spectra zoo verify NAME` against the same work in Python, side by side.

    pip install safetensors numpy zstandard
    swift build -c release
    python3 benchmarks/zoo/bench_verify.py [--spectra .build/release/spectra] [--rounds 7]

Builds a checkpoint the size of a small ViT (timm names: embed 384, depth 6, 2251-point input cut
into 16-point patches, 2,000 classes, ~12 M Float32 parameters) with Python safetensors + the zstd CLI
(`--check`, level 3), adds it to a temporary zoo with `spectra zoo add`, then alternates:
  spectra:  spectra zoo verify NAME  (read file, SHA-256, zstd decompress + checksum, parse and validate
            the safetensors header and metadata, widen all tensors to [Float], labels vs head)
  python:   hashlib.sha256 of the file, zstandard decompress, safetensors.numpy.load, json-decode the
            metadata, labels vs head.weight (the same checks, in a fresh `python3 -c` process)
and prints the median wall and CPU (user + sys) times (each run is a fresh process, so start-up counts on
both sides) and their ratios.
"""
import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np
from safetensors.numpy import save

PYTHON_VERIFY = r"""
import hashlib, json, sys, zstandard
from safetensors.numpy import load
path, expected = sys.argv[1], sys.argv[2]
data = open(path, "rb").read()
assert hashlib.sha256(data).hexdigest() == expected
raw = zstandard.ZstdDecompressor().decompress(data)
tensors = load(raw)
meta = json.loads(raw[8:8 + int.from_bytes(raw[:8], "little")])["__metadata__"]
labels = json.loads(meta["labels"]); json.loads(meta["model_config"]); json.loads(meta["modality"])
assert meta["format_version"] == "1" and tensors["head.weight"].shape[0] == len(labels)
"""


def vit_tensors(embed=384, depth=6, patch=16, tokens=141, classes=2000, seed=0):
    rng = np.random.default_rng(seed)
    shapes = {"patch_embed.proj.weight": (embed, 1, patch), "patch_embed.proj.bias": (embed,),
              "cls_token": (1, 1, embed), "pos_embed": (1, tokens + 1, embed),
              "norm.weight": (embed,), "norm.bias": (embed,), "head.weight": (classes, embed), "head.bias": (classes,)}
    for b in range(depth):
        p = f"blocks.{b}."
        shapes.update({p + "norm1.weight": (embed,), p + "norm1.bias": (embed,),
                       p + "attn.qkv.weight": (3 * embed, embed), p + "attn.qkv.bias": (3 * embed,),
                       p + "attn.proj.weight": (embed, embed), p + "attn.proj.bias": (embed,),
                       p + "norm2.weight": (embed,), p + "norm2.bias": (embed,),
                       p + "mlp.fc1.weight": (4 * embed, embed), p + "mlp.fc1.bias": (4 * embed,),
                       p + "mlp.fc2.weight": (embed, 4 * embed), p + "mlp.fc2.bias": (embed,)})
    return {name: (rng.standard_normal(shape) * 0.02).astype(np.float32) for name, shape in shapes.items()}


def timed(command):
    """(wall seconds, CPU seconds user+sys) of one run; CPU time is less disturbed by other load on the machine."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--spectra", default=".build/release/spectra")
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="spectrakit-bench-")
    tensors = vit_tensors()
    labels = [f"class-{i}" for i in range(2000)]
    metadata = {"format_version": "1", "labels": json.dumps(labels),
                "model_config": json.dumps({"architecture": "vit", "embed_dim": 384, "depth": 6}),
                "modality": json.dumps({"id": "xrd", "axis": {"unit": "twoThetaDegrees", "start": 5, "stop": 50, "step": 0.02},
                                        "preprocessing": {"steps": []}})}
    plain = os.path.join(folder, "bench-vit.safetensors")
    with open(plain, "wb") as handle:
        handle.write(save(tensors, metadata=metadata))
    subprocess.run(["zstd", "-q", "-3", "--check", plain, "-o", plain + ".zst"], check=True)
    zoo = os.path.join(folder, "zoo")
    subprocess.run([args.spectra, "zoo", "add", plain + ".zst", "--zoo", zoo], check=True, stdout=subprocess.DEVNULL)
    entry = json.load(open(os.path.join(zoo, "zoo.json")))["models"][0]
    parameters = sum(t.size for t in tensors.values())
    print(f"checkpoint: {parameters / 1e6:.1f} M parameters, {os.path.getsize(plain) / 1e6:.1f} MB plain, "
          f"{entry['size'] / 1e6:.1f} MB compressed")
    swift_times, python_times = [], []
    for _ in range(args.rounds):
        swift_times.append(timed([args.spectra, "zoo", "verify", "bench-vit", "--zoo", zoo]))
        python_times.append(timed([sys.executable, "-c", PYTHON_VERIFY, os.path.join(zoo, entry["file"]), entry["sha256"]]))
    for index, what in [(0, "wall"), (1, "CPU ")]:
        s = statistics.median(t[index] for t in swift_times)
        p = statistics.median(t[index] for t in python_times)
        print(f"{what}: spectra zoo verify median {s * 1000:.0f} ms, python same work median {p * 1000:.0f} ms "
              f"over {args.rounds} alternating runs; ratio python / spectra = {p / s:.2f}")

if __name__ == "__main__":
    main()

"""Loads checkpoints written by SpectraKit with Python's `safetensors` and checks them.

    pip install safetensors numpy zstandard
    swift test -c release -Xswiftc -enable-testing --skip-build --filter PythonInteropTests   # writes the samples
    python3 benchmarks/zoo/check_safetensors.py                      # default: $TMPDIR/spectrakit-interop/*.safetensors.zst
    python3 benchmarks/zoo/check_safetensors.py model.safetensors.zst exported/model.safetensors

A `.zst` file is decompressed with the `zstd` CLI (`zstd -d -c`) and, if installed, with the `zstandard`
package too (both must agree); a plain `.safetensors` file is loaded as is. For each file it prints the
tensor names, dtypes and shapes and the decoded metadata, and checks: the documented metadata keys are
present and `format_version` is "1"; `labels` has as many entries as `head.weight` has rows; for the
PythonInteropTests samples (names `tiny-vit-*`), every value equals ((i % 17) - 8) / 8.
"""
import glob
import json
import os
import subprocess
import sys
import tempfile

import numpy as np
from safetensors import deserialize
from safetensors.numpy import load

JSON_KEYS = ["model_config", "modality", "labels", "provenance"]


def decompress(path):
    raw = subprocess.run(["zstd", "-d", "-c", path], check=True, capture_output=True).stdout
    try:
        import zstandard
    except ImportError:
        return raw
    with open(path, "rb") as handle:
        other = zstandard.ZstdDecompressor().decompress(handle.read())
    assert other == raw, "zstd CLI and zstandard disagree"
    return raw


def load_any(raw):
    """safetensors.numpy.load, except that numpy has no bfloat16: BF16 tensors come through
    safetensors.deserialize and are widened to float32 by hand (bits << 16)."""
    header = json.loads(raw[8:8 + int.from_bytes(raw[:8], "little")])
    if not any(isinstance(v, dict) and v.get("dtype") == "BF16" for v in header.values()):
        return load(raw), {}
    tensors, dtypes = {}, {}
    for name, info in deserialize(raw):
        assert info["dtype"].lower() in ("bf16", "bfloat16"), info["dtype"]
        bits = np.frombuffer(bytes(info["data"]), dtype="<u2").astype(np.uint32) << 16
        tensors[name] = bits.view(np.float32).reshape(info["shape"])
        dtypes[name] = "bfloat16"
    return tensors, dtypes


def metadata_of(raw):
    length = int.from_bytes(raw[:8], "little")
    return json.loads(raw[8:8 + length]).get("__metadata__", {})


def check(path):
    raw = decompress(path) if path.endswith(".zst") else open(path, "rb").read()
    tensors, dtypes = load_any(raw)
    metadata = metadata_of(raw)
    print(f"== {path}: {len(raw)} bytes uncompressed, {len(tensors)} tensors")
    for name in sorted(tensors):
        print(f"  {name:28s} {dtypes.get(name, str(tensors[name].dtype)):8s} {list(tensors[name].shape)}")
    print(f"  format_version = {metadata.get('format_version')!r}")
    for key in JSON_KEYS:
        if key in metadata:
            print(f"  {key} = {json.dumps(json.loads(metadata[key]), sort_keys=True)}")
    if "parent_sha256" in metadata:
        print(f"  parent_sha256 = {metadata['parent_sha256']}")
    assert metadata.get("format_version") == "1", "format_version must be '1'"
    labels = json.loads(metadata.get("labels", "[]"))
    if "head.weight" in tensors:
        assert tensors["head.weight"].shape[0] == len(labels), "labels disagree with head.weight"
    if os.path.basename(path).startswith("tiny-vit"):
        for name, array in tensors.items():
            expected = ((np.arange(array.size) % 17) - 8) / 8
            assert np.array_equal(array.astype(np.float64).ravel(), expected), f"{name} values differ"
        print("  values: all equal ((i % 17) - 8) / 8  OK")
    return tensors, metadata


def main(paths):
    if not paths:
        paths = sorted(glob.glob(os.path.join(tempfile.gettempdir(), "spectrakit-interop", "*.safetensors.zst")))
        if not paths:
            sys.exit("no sample checkpoints: run the PythonInteropTests first (see the docstring)")
    for path in paths:
        check(path)
    print(f"OK: {len(paths)} file(s) load in Python safetensors")


if __name__ == "__main__":
    main(sys.argv[1:])

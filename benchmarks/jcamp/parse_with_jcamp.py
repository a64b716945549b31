"""Peer for the JCAMP-DX benchmark: parse every file of a folder with the Python `jcamp` package.

Usage: python3 parse_with_jcamp.py FOLDER
Prints one line: `files=N points=P parse_seconds=S` where S is the in-process time spent in
`jcamp_readfile` for all files (interpreter start-up and imports excluded).
"""
import glob
import os
import sys
import time

import jcamp

read = getattr(jcamp, "jcamp_readfile", None) or jcamp.readfile


def main() -> None:
    folder = sys.argv[1]
    files = sorted(glob.glob(os.path.join(folder, "*.jdx")))
    points = 0
    start = time.perf_counter()
    for path in files:
        data = read(path)
        points += len(data.get("y", [])) + sum(len(c.get("y", [])) for c in data.get("children", []))
    elapsed = time.perf_counter() - start
    print(f"files={len(files)} points={points} parse_seconds={elapsed:.6f}")


if __name__ == "__main__":
    main()

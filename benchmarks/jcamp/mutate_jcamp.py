"""mutate_jcamp.py OUTDIR N SEED: N randomly mutated copies (edited, truncated, garbage bytes) of the JCAMP files
under ../shared/data/jcamp, for benchmarks/jcamp/same_output.sh (dev check, not a test)."""
import os, random, sys, glob
out, n, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rng = random.Random(seed)
files = sorted(glob.glob(os.path.join(os.path.dirname(__file__), '../../../shared/data/jcamp/**/*'), recursive=True))
files = [f for f in files if os.path.isfile(f) and os.path.getsize(f) < 3_000_000]
os.makedirs(out, exist_ok=True)
alphabet = b"0123456789+-.eE ,;\t\r\n@ABCDEFGHIabcdefghi%JKLMNOPQRjklmnopqrSTUVWXYZs$?#x"
for k in range(n):
    src = rng.choice(files)
    b = bytearray(open(src, 'rb').read())
    for _ in range(rng.choice([1, 1, 2, 3, 8])):
        op = rng.random()
        pos = rng.randrange(len(b)) if b else 0
        if op < 0.35: b[pos:pos+1] = bytes([rng.choice(alphabet)])
        elif op < 0.55: b[pos:pos] = bytes(rng.choice(alphabet) for _ in range(rng.randint(1, 12)))
        elif op < 0.7: del b[pos:pos+rng.randint(1, 20)]
        elif op < 0.8: b = b[:pos]
        elif op < 0.9: b[pos:pos] = b"".join(rng.choice([b"9", b"12345678", b"123456789", b"0.0000001", b"1e5", b"1E+5", b"-", b"99999999999999999999"]) for _ in range(3))
        else: b[pos:pos+1] = bytes([rng.randrange(256)])
    ext = os.path.splitext(src)[1] or '.jdx'
    open(os.path.join(out, f"m{k:04d}{ext}"), 'wb').write(b)

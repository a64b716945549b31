import jcamp, glob, subprocess, numpy as np, io, sys, warnings, contextlib
read = getattr(jcamp, "jcamp_readfile", None) or jcamp.readfile
for f in sorted(glob.glob('format-tests/*/*') + glob.glob('infrared/*')):
    r = subprocess.run(['/work/wt-formats/.build/debug/spectra','convert',f], capture_output=True)
    if r.returncode != 0: continue
    mine = np.loadtxt(io.BytesIO(r.stdout), delimiter=',', skiprows=1, ndmin=2)
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            d = read(f)
        if 'children' in d and d['children']: d = d['children'][0]
        x, y = np.asarray(d['x'], float), np.asarray(d['y'], float)
    except Exception as e:
        print(f, 'python failed', type(e).__name__); continue
    if len(x) != len(mine) or len(y) != len(mine): print(f, "len", len(x), len(y), len(mine)); continue
    dx = np.max(np.abs(x - mine[:,0])) ; dy = np.max(np.abs(y - mine[:,1])) / max(np.max(np.abs(y)), 1e-300)
    flag = '' if dx < 1e-6*max(1,np.max(np.abs(x))) and dy < 1e-12 else '  <<<'
    print(f, 'dx', dx, 'rel dy', dy, flag)

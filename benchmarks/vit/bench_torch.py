"""PyTorch side of the ViT benchmark: the identical paper-scale model and step as `spectra bench`.
Prints one JSON line like `spectra bench` (samples_per_s, ms_per_step median)."""
import argparse, json, time, sys, os, resource
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import torch
from spectra_vit import SpectraViT, adamw_param_groups, PAPER_SCALE

p = argparse.ArgumentParser()
p.add_argument("mode", choices=["train", "infer"])
p.add_argument("--steps", type=int, default=20)
p.add_argument("--threads", type=int, default=2)
p.add_argument("--batch", type=int, default=64)
p.add_argument("--compile", action="store_true", help="torch.compile the model (inference)")
a = p.parse_args()
torch.set_num_threads(a.threads)
torch.manual_seed(1)
model = SpectraViT(**PAPER_SCALE)
x = torch.rand(a.batch, PAPER_SCALE["input_length"])
y = torch.randint(0, PAPER_SCALE["classes"], (a.batch,))
times = []
if a.mode == "train":
    model.train()
    opt = torch.optim.AdamW(adamw_param_groups(model, 0.05), lr=1e-4)
    for step in range(a.steps + 2):
        t = time.perf_counter()
        opt.zero_grad(set_to_none=True)
        loss = torch.nn.functional.cross_entropy(model(x), y)
        loss.backward()
        opt.step()
        times.append(time.perf_counter() - t)
else:
    model.eval()
    fn = torch.compile(model) if a.compile else model
    with torch.inference_mode():
        for step in range(a.steps + 2 + (3 if a.compile else 0)):
            t = time.perf_counter()
            fn(x)
            times.append(time.perf_counter() - t)
times = sorted(times[(5 if a.compile else 2):])
median = times[len(times) // 2]
print(json.dumps({"mode": a.mode, "peer": "torch-compile" if a.compile else "torch-eager", "threads": a.threads,
                  "batch": a.batch, "samples_per_s": round(a.batch / median, 1), "ms_per_step": round(median * 1000, 2),
                  "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
                  "torch": torch.__version__}))

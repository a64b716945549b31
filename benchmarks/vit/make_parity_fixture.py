"""Writes Tests/SpectraModelsTests/Fixtures/vit_parity.json once: a tiny SpectraViT in PyTorch
with random weights, an input batch, its logits (eval mode), labels, and every weight after one
AdamW step (lr 1e-3, weight decay 0.05 on weights only, PyTorch defaults otherwise).

    python3 benchmarks/vit/make_parity_fixture.py
"""
import json, os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import torch
from spectra_vit import SpectraViT, adamw_param_groups

torch.manual_seed(0)
config = dict(input_length=50, segment=8, embed=8, depth=1, heads=2, mlp_ratio=2, classes=5)
model = SpectraViT(**config)
with torch.no_grad():
    for name, p in model.named_parameters():
        if name.endswith("norm1.weight") or name.endswith("norm2.weight") or name == "norm.weight":
            p.copy_(1 + 0.4 * (torch.rand_like(p) - 0.5))
        else:
            p.copy_(torch.rand_like(p) - 0.5)
x = torch.rand(3, config["input_length"]) * 2 - 1
labels = torch.tensor([4, 0, 2])


def tensors():
    return {n: {"shape": list(p.shape), "values": [float(f"{v:.8g}") for v in p.detach().flatten().tolist()]}
            for n, p in model.named_parameters()}


model.eval()
weights = tensors()
with torch.no_grad():
    logits = model(x)
model.train()
opt = torch.optim.AdamW(adamw_param_groups(model, 0.05), lr=1e-3)
loss = torch.nn.functional.cross_entropy(model(x), labels)
loss.backward()
opt.step()
out = {
    "config": config, "learning_rate": 1e-3, "weight_decay": 0.05,
    "input": [float(f"{v:.8g}") for v in x.flatten().tolist()], "labels": labels.tolist(),
    "logits": [float(f"{v:.8g}") for v in logits.flatten().tolist()], "loss": loss.item(),
    "weights": weights, "updated": tensors(), "torch": torch.__version__,
}
root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
path = os.path.join(root, "Tests", "SpectraModelsTests", "Fixtures", "vit_parity.json")
os.makedirs(os.path.dirname(path), exist_ok=True)
with open(path, "w") as f:
    json.dump(out, f, separators=(",", ":"))
print(path, os.path.getsize(path), "bytes")

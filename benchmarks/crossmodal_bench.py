#!/usr/bin/env python3
"""Cross-modal hiding benchmark: quality and time per modality at a preset, the QAT ablation,
and training throughput as a ratio to a plain matmul measured in the same run and dtype.

  python benchmarks/crossmodal_bench.py --out bench-out/crossmodal.json [--preset quick]
      [--modalities video,audio,shape,image] [--no-ablation] [--steps N]

Writes one JSON file; benchmarks/readme_tables.py turns it into the README's table.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

import record  # a sibling script's helper (a script's own folder is on sys.path)
import torch

from stegstudio import __version__
from stegstudio.core.crossmodal import engine, secrets
from stegstudio.core.crossmodal.architecture import BaseNetwork
from stegstudio.core.crossmodal.container import uint8_to_pixels
from stegstudio.core.crossmodal.presets import get_preset
from stegstudio.core.media.image import load_cover
from stegstudio.core.samples import sample_path


def run_modality(modality: str, preset_name: str, steps: int | None, qat: bool = True) -> dict[str, Any]:
    preset = get_preset(preset_name)
    cover, _ = load_cover(sample_path("cover"), preset.cover_size)
    secret = secrets.load(sample_path(modality), modality, preset.name)
    settings = engine.HideSettings(preset=preset_name, steps=steps, qat=qat)
    result = engine.hide(secret, cover, settings)
    return {"modality": modality, "qat": qat, "steps": result.steps, "seconds": round(result.seconds, 2),
            "metrics": {k: round(v, 4) for k, v in result.metrics.items()}}


def step_flops(arch_widths: list[tuple[int, int]], variable: tuple[int, ...], batch: int) -> float:
    """Matmul FLOPs of one training step: forward, input gradients below the first layer, and
    weight gradients of the variable layers only (the rest is fixed)."""
    forward = sum(2 * batch * i * o for i, o in arch_widths)
    input_grads = sum(2 * batch * i * o for i, o in arch_widths[1:])
    weight_grads = sum(2 * batch * arch_widths[k][0] * arch_widths[k][1] for k in variable)
    return float(forward + input_grads + weight_grads)


def throughput(width: int, batch: int, steps: int = 20) -> dict[str, Any]:
    """Video-shaped SIREN training steps vs a (batch x width) @ (width x width) matmul, both fp32."""
    arch = engine.architecture_for("video", width)
    net = BaseNetwork(arch, bytes(32), uint8_to_pixels(torch.randint(0, 256, (width, width, 3),
                                                                     dtype=torch.uint8).numpy()))
    opt = torch.optim.Adam([net.pixels], lr=1e-3)
    x = torch.rand(batch, 3) * 2 - 1
    y = torch.rand(batch, 3) * 2 - 1

    def train_step() -> None:
        loss = torch.mean((net(x) - y) ** 2)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()

    for _ in range(3):
        train_step()
    t0 = time.perf_counter()
    for _ in range(steps):
        train_step()
    step_s = (time.perf_counter() - t0) / steps
    flops = step_flops(arch.siren_shape().dims, arch.variable_layers, batch)

    a, b = torch.randn(batch, width), torch.randn(width, width)
    for _ in range(3):
        a @ b
    reps = 50
    t0 = time.perf_counter()
    for _ in range(reps):
        a @ b
    mm_s = (time.perf_counter() - t0) / reps
    mm_flops = 2.0 * batch * width * width / mm_s
    achieved = flops / step_s
    return {"width": width, "batch": batch, "dtype": "float32", "step_seconds": round(step_s, 4),
            "train_gflops": round(achieved / 1e9, 1), "matmul_gflops": round(mm_flops / 1e9, 1),
            "ratio": round(achieved / mm_flops, 3)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default="bench-out/crossmodal.json")
    ap.add_argument("--preset", default="quick")
    ap.add_argument("--modalities", default="video,audio,shape,image")
    ap.add_argument("--steps", type=int, help="override every modality's steps")
    ap.add_argument("--no-ablation", action="store_true")
    args = ap.parse_args(argv)
    report: dict[str, Any] = {
        "benchmark": "crossmodal", "stegstudio": __version__, "torch": torch.__version__,
        "machine": record.machine(),
        "preset": args.preset, "modalities": [],
    }
    for modality in args.modalities.split(","):
        print(f"hiding {modality} ...", file=sys.stderr, flush=True)
        report["modalities"].append(run_modality(modality, args.preset, args.steps))
    if not args.no_ablation:
        print("QAT ablation (video without QAT) ...", file=sys.stderr, flush=True)
        report["ablation"] = [run_modality("video", args.preset, args.steps, qat=False)]
    preset = get_preset(args.preset)
    report["throughput"] = throughput(preset.cover_size, preset.video.batch)
    out = Path(args.out)
    record.write_json(out, report)
    print(f"wrote {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

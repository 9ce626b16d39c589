#!/usr/bin/env python3
"""Mixed precision (bfloat16 steps, a float32 finish) against float32, side by side in one run.

    python benchmarks/precision_bench.py                       # quick preset, image / video / audio
    python benchmarks/precision_bench.py --paper-steps 20      # also time the paper preset's steps

Each modality's bundled sample goes into the bundled cover twice, with the same seed, batches and
settings: once in float32, once mixed. A row holds both hides' seconds (whole hide, and the training
loop alone), the secret's quality and the cover's PSNR, and the training's throughput as model FLOPs
(6 x batch x the network's multiply-adds per point, forward and backward) per second, also as a share of
the machine's measured matrix-product peak in the dtype the bulk of the steps ran in. `--paper-steps`
times that many steps of the paper preset in each precision (in a subprocess each, for its peak memory).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

import record  # a sibling script's helper (a script's own folder is on sys.path)
import torch

from stegstudio.core.crossmodal import engine, files
from stegstudio.core.crossmodal.presets import get_preset
from stegstudio.core.jobs import JobContext, ProgressEvent
from stegstudio.core.keys import SeedSource
from stegstudio.core.samples import sample_path

MODALITIES = ("image", "video", "audio")
SECRET_METRIC = {"image": "secret_psnr", "video": "secret_psnr", "audio": "secret_snr"}
SEED = SeedSource("random", seed_hex=bytes(range(32)).hex())  # public: the same network for both precisions


def matmul_peak(dtype: torch.dtype, n: int = 2048, repeats: int = 5) -> float:
    """The best GFLOP/s of an n x n matrix product in `dtype` on this CPU."""
    a, b = torch.randn(n, n).to(dtype), torch.randn(n, n).to(dtype)
    torch.mm(a, b)
    best = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter()
        torch.mm(a, b)
        best = min(best, time.perf_counter() - t0)
    return 2 * n**3 / best / 1e9


def model_flops_per_step(modality: str, preset: str, cover_size: int) -> float:
    arch = engine.architecture_for(modality, cover_size)
    batch = get_preset(preset).for_modality(modality).batch
    multiply_adds = sum(i * o for i, o in arch.siren_shape().dims)
    return 6.0 * batch * multiply_adds


def _hide(modality: str, preset: str, precision: str, steps: int | None) -> dict:
    settings = engine.HideSettings(preset=preset, modality=modality, precision=precision, seed_source=SEED,
                                   steps=steps)
    inputs = files.load_hide_inputs(sample_path(modality), sample_path("cover"), settings)
    marks: dict[str, float] = {}

    def listen(event: ProgressEvent) -> None:
        if event.stage == "hide" and event.step == 0:
            marks["start"] = time.perf_counter()
        elif event.stage == "reveal" and event.step == 0:
            marks["end"] = time.perf_counter()

    t0 = time.perf_counter()
    result = engine.hide(inputs.secret, inputs.cover, settings, JobContext(listen))
    seconds = time.perf_counter() - t0
    train = marks["end"] - marks["start"]
    metric = SECRET_METRIC.get(modality, "secret_psnr")
    return {"seconds": round(seconds, 2), "train_seconds": round(train, 2), "steps": result.steps,
            "step_ms": round(1000 * train / result.steps, 2), "cover_psnr": round(result.metrics["cover_psnr"], 3),
            "secret_metric": metric, "secret": round(result.metrics[metric], 3),
            "precision": result.key.params["training"]["precision"], "cover_size": int(result.container.shape[0])}


def _row(modality: str, preset: str, peaks: dict[str, float]) -> dict:
    runs = {p: _hide(modality, preset, p, None) for p in ("float32", "mixed")}
    flops = model_flops_per_step(modality, preset, runs["float32"]["cover_size"])
    for precision, run in runs.items():
        achieved = flops / (run["step_ms"] / 1000) / 1e9
        run["model_gflops_per_s"] = round(achieved, 1)
        peak = peaks["bfloat16" if precision == "mixed" else "float32"]
        run["share_of_matmul_peak"] = round(achieved / peak, 3)
    f32, mixed = runs["float32"], runs["mixed"]
    return {"modality": modality, "float32": f32, "mixed": mixed,
            "speedup_hide": round(f32["seconds"] / mixed["seconds"], 3),
            "speedup_training": round(f32["train_seconds"] / mixed["train_seconds"], 3),
            "secret_loss_db": round(f32["secret"] - mixed["secret"], 3),
            "cover_psnr_change_db": round(mixed["cover_psnr"] - f32["cover_psnr"], 3)}


def _paper_child(modality: str, precision: str, steps: int) -> None:
    run = _hide(modality, "paper", precision, steps)
    run["max_rss_mib"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    print(json.dumps(run))


def _paper_rows(steps: int) -> list[dict]:
    rows = []
    for precision in ("float32", "mixed"):
        out = subprocess.run([sys.executable, __file__, "--paper-child", "image", precision, str(steps)],
                             check=True, capture_output=True, text=True).stdout
        run = json.loads(out.strip().splitlines()[-1])
        full = get_preset("paper").for_modality("image").steps
        run["full_run_hours_estimate"] = round(run["step_ms"] * full / 1000 / 3600, 2)
        rows.append({"modality": "image", "preset": "paper", **run})
    return rows


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--preset", default="quick")
    p.add_argument("--modalities", nargs="+", default=list(MODALITIES), choices=MODALITIES)
    p.add_argument("--paper-steps", type=int, default=0, help="also time this many paper-preset steps")
    p.add_argument("--paper-child", nargs=3, help=argparse.SUPPRESS)
    p.add_argument("--out", type=Path, default=Path("benchmarks/results/precision.json"))
    args = p.parse_args(argv)
    if args.paper_child:
        modality, precision, steps = args.paper_child
        _paper_child(modality, precision, int(steps))
        return 0
    peaks = {"float32": round(matmul_peak(torch.float32), 1), "bfloat16": round(matmul_peak(torch.bfloat16), 1)}
    rows = []
    for modality in args.modalities:
        rows.append(_row(modality, args.preset, peaks))
        print(json.dumps(rows[-1]), file=sys.stderr, flush=True)
    report = {"benchmark": "precision", "preset": args.preset, "rows": rows,
              "float32_finish_share": engine.FLOAT32_FINISH, "matmul_peak_gflops": peaks,
              "auto_here": engine.resolve_precision("auto", torch.device("cpu")),
              "paper": _paper_rows(args.paper_steps) if args.paper_steps else [],
              "machine": record.machine(),
              "command": "python benchmarks/precision_bench.py " + " ".join(sys.argv[1:])}
    record.write_json(args.out, report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

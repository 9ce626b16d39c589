#!/usr/bin/env python3
"""Generative covers benchmark: sampling time per cover, training step time, and patch SWD.

Sampling: the shipped model (or --model), one cover per seed at 64/256/512/1024 px, timed after a
warm-up, median over seeds; model loading is timed separately. Training: `training.train` for a few
steps on the held-out-free training crops, conv and PointConv discriminators, seconds per step
(the trainer's own step clock, which leaves out data loading and checkpoint writing). Quality:
sliced Wasserstein distance on 7x7 patches against held-out crops, for the trained model, an
untrained generator of the same architecture, the training crops (which come from the upper 80 %
of each photo, the held-out ones from the lower 20 %, so they differ in content), and the other
half of the held-out crops (the same distribution: the floor that sampling noise alone gives).

  python scripts/make_cover_dataset.py --out bench-out/cover-data      # once, ~10 s
  python benchmarks/gasp_bench.py --data bench-out/cover-data --out benchmarks/results/gasp.json
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import torch
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import record
from stegstudio.core.gasp import checkpoint, quality, sampling, training
from stegstudio.core.gasp.generator import Generator
from stegstudio.core.jobs import JobContext

SAMPLE_SIZES = (64, 256, 512, 1024)
PAPER_GPU_SECONDS_64 = 0.77  # GINR-Stega, per 64x64 cover on a GPU


def time_sampling(model: Path | None, seeds: int) -> dict:
    t0 = time.perf_counter()
    gen = sampling.load_generator(model)
    load_s = time.perf_counter() - t0
    rows = []
    for size in SAMPLE_SIZES:
        sampling.sample(gen, 10_000, size)  # warm-up: allocator, kernels
        times = []
        for seed in range(seeds if size <= 512 else max(3, seeds // 4)):
            t0 = time.perf_counter()
            sampling.sample(gen, seed, size)
            times.append(time.perf_counter() - t0)
        rows.append({"size": size, "median_ms": round(1000 * statistics.median(times), 2),
                     "max_ms": round(1000 * max(times), 2), "covers": len(times)})
    return {"load_s": round(load_s, 3), "per_cover": rows, "target_ms_256": 100,
            "paper_gpu_s_64": PAPER_GPU_SECONDS_64}


def time_training(train_dir: Path, steps: int) -> list[dict]:
    rows = []
    for disc, batch in (("conv", 64), ("pointconv", 64), ("conv", 32)):
        with tempfile.TemporaryDirectory() as tmp:
            s = training.TrainSettings(images=train_dir, out=Path(tmp) / "m", resolution=32, steps=steps, batch=batch,
                                       discriminator=disc, sample_every=10**9, checkpoint_every=10**9)
            res = training.train(s, JobContext())
        rows.append({"discriminator": disc, "resolution": 32, "batch": batch, "steps": steps,
                     "seconds_per_step": round(res.seconds / steps, 4)})
    return rows


def load_crops(folder: Path, size: int, limit: int) -> np.ndarray:
    files = sorted(folder.glob("*.png"))
    files = [files[i] for i in np.random.default_rng(0).permutation(len(files))[:limit]]  # all photos, not the first
    return np.stack([np.asarray(Image.open(f).convert("RGB").resize((size, size), Image.Resampling.BOX))
                     for f in files])


def swd_report(gen: Generator, data: Path, count: int, size: int) -> dict:
    held = load_crops(data / "holdout", size, 2 * count)
    holdout = quality.random_patches(held[:count], seed=1)
    other_half = quality.random_patches(held[count:], seed=5)
    train = quality.random_patches(load_crops(data / "train", size, count), seed=2)
    fake = np.stack([sampling.sample(gen, seed, size) for seed in range(count)])
    torch.manual_seed(0)
    untrained = Generator(gen.cfg)
    noise = np.stack([sampling.sample(untrained, seed, size) for seed in range(count)])
    return {
        "size": size, "images": count,
        "trained": round(quality.sliced_wasserstein(quality.random_patches(fake, seed=3), holdout), 1),
        "untrained": round(quality.sliced_wasserstein(quality.random_patches(noise, seed=4), holdout), 1),
        "training_crops": round(quality.sliced_wasserstein(train, holdout), 1),
        "holdout_other_half": round(quality.sliced_wasserstein(other_half, holdout), 1),
        "holdout_other_half_images": len(held) - count,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=Path("bench-out/cover-data"),
                    help="folder with train/ and holdout/ crops (scripts/make_cover_dataset.py)")
    ap.add_argument("--model", type=Path, help="model folder (default: the shipped model)")
    ap.add_argument("--seeds", type=int, default=20, help="covers per size for the sampling times")
    ap.add_argument("--train-steps", type=int, default=20)
    ap.add_argument("--swd-images", type=int, default=900, help="images per set (held-out needs twice as many)")
    ap.add_argument("--out", type=Path, default=Path("benchmarks/results/gasp.json"))
    args = ap.parse_args()
    model = args.model or sampling.default_model_dir()
    _, info = checkpoint.read_config(model)
    gen = sampling.load_generator(model)
    report = {
        "benchmark": "gasp",
        "torch": torch.__version__,
        "machine": record.machine(),
        "model": {"folder": str(model), "config": info["model"], "training": info.get("training", {}),
                  "file_mb": round((model / checkpoint.GENERATOR).stat().st_size / 2**20, 2)},
        "sampling": time_sampling(args.model, args.seeds),
        "training": time_training(args.data / "train", args.train_steps),
        "swd": [swd_report(gen, args.data, args.swd_images, size) for size in (32, 64)],
    }
    record.write_json(args.out, report)
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()

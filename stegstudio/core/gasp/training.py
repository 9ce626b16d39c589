"""Training a GASP generator as a job: non-saturating GAN loss with a lazy R1 penalty, Adam with the
reference learning rates, periodic sample grids and resumable atomic checkpoints.

The generator that gets saved for sampling (float16, half the size; resuming uses the float32 state
in training.pt) is an exponential moving average of the trained one
(as in StyleGAN/GASP practice): GAN weights oscillate step to step, the average is what looks good.
"""

from __future__ import annotations

import copy
import json
import math
import shutil
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch.nn import functional as F

from stegstudio.core.errors import Cancelled, InputError
from stegstudio.core.gasp import checkpoint, distributed
from stegstudio.core.gasp.config import ARCHITECTURES, GaspConfig
from stegstudio.core.gasp.dataset import ImageSet, load_folder
from stegstudio.core.gasp.discriminators import build_discriminator
from stegstudio.core.gasp.generator import Generator
from stegstudio.core.gasp.sampling import sample, tile_grid
from stegstudio.core.jobs import JobContext
from stegstudio.core.media.image import save_png

GRID_SIDE = 4  # sample grids show seeds 0..15


@dataclass(frozen=True)
class TrainSettings:
    images: Path
    out: Path
    resolution: int = 32
    epochs: int = 10
    steps: int | None = None          # overrides epochs when given
    discriminator: str = "conv"
    architecture: str = "compact"
    batch: int = 64
    lr_g: float = 1e-4
    lr_d: float = 4e-4
    betas: tuple[float, float] = (0.5, 0.999)
    r1_gamma: float = 10.0
    r1_every: int = 4                 # lazy R1: every k steps, scaled by k (StyleGAN2)
    ema_beta: float = 0.999
    sample_every: int = 500
    checkpoint_every: int = 500
    resume: bool = False
    force: bool = False
    seed: int = 0
    device: str = "cpu"

    def model_config(self) -> GaspConfig:
        if self.architecture not in ARCHITECTURES:
            raise InputError(f"architecture must be one of {sorted(ARCHITECTURES)}, not {self.architecture!r}")
        base = ARCHITECTURES[self.architecture]
        cfg = GaspConfig(**{**asdict(base), "resolution": self.resolution, "discriminator": self.discriminator})
        cfg.validate()
        return cfg


@dataclass
class TrainResult:
    out: Path
    steps: int
    seconds: float
    images: int
    skipped: list[str]
    last: dict[str, float]
    rank_checksums: list[str] = field(default_factory=list)  # one weight checksum per process
    rank: int = 0  # this process's rank under torchrun (0 in a plain run)

    @property
    def ranks_agree(self) -> bool:
        return len(set(self.rank_checksums)) == 1


def _check_settings(s: TrainSettings) -> None:
    if s.batch < 1 or s.epochs < 1 or (s.steps is not None and s.steps < 1):
        raise InputError("batch, epochs and steps must be at least 1")
    if s.sample_every < 1 or s.checkpoint_every < 1 or s.r1_every < 1:
        raise InputError("sample/checkpoint/R1 intervals must be at least 1")
    if s.out.exists() and not s.out.is_dir():
        raise InputError(f"--out {s.out} exists and is not a folder")
    has_model = (s.out / checkpoint.CONFIG).exists()
    if s.resume and not (s.out / checkpoint.TRAINING).exists():
        raise InputError(f"nothing to resume in {s.out}: it has no {checkpoint.TRAINING}")
    if has_model and not s.resume and not s.force:
        raise InputError(f"{s.out} already holds a model; use --resume to continue it, --force to start over, "
                         "or another --out")


def _grid(gen: Generator, size: int) -> np.ndarray:
    return tile_grid([sample(gen, seed, size) for seed in range(GRID_SIDE**2)], GRID_SIDE)


class _Trainer:
    def __init__(self, s: TrainSettings, data: ImageSet, world: distributed.World) -> None:
        self.s, self.data, self.world = s, data, world
        self.cfg = s.model_config()
        torch.manual_seed(s.seed)
        dev = torch.device(s.device)
        self.G = Generator(self.cfg).to(dev)
        self.D = build_discriminator(self.cfg).to(dev)
        self.opt_g = torch.optim.Adam(self.G.parameters(), lr=s.lr_g, betas=s.betas)
        self.opt_d = torch.optim.Adam(self.D.parameters(), lr=s.lr_d, betas=s.betas)
        self.step = 0
        self._resumed_step = 0
        self.last_r1 = 0.0
        self.seconds = 0.0
        self.log: list[dict[str, float]] = []
        if s.resume:
            self._resume()
        distributed.broadcast_parameters(world, self.G, self.D)
        self.ema = copy.deepcopy(self.G).eval().requires_grad_(False)
        if s.resume:
            checkpoint.load_into(self.ema, self._resumed["ema"], s.out / checkpoint.TRAINING)
        self.images = data.images.to(dev)
        self.rng = torch.Generator(device="cpu").manual_seed(s.seed * 1000 + world.rank)

    def _resume(self) -> None:
        saved_cfg, _ = checkpoint.read_config(self.s.out)
        if saved_cfg != self.cfg:
            raise InputError(f"{self.s.out} was trained with {saved_cfg.to_json()}, not {self.cfg.to_json()}; "
                             "resume with the same --resolution, --discriminator and --architecture")
        path = self.s.out / checkpoint.TRAINING
        state = checkpoint.load_tensors(path)
        for key, module in (("generator", self.G), ("discriminator", self.D)):
            checkpoint.load_into(module, state.get(key), path)
        try:
            self.opt_g.load_state_dict(state["opt_g"])
            self.opt_d.load_state_dict(state["opt_d"])
            self.step, self.seconds = int(state["step"]), float(state["seconds"])
            self._resumed_step = self.step
        except (KeyError, ValueError, TypeError) as exc:
            raise InputError(f"{path} lacks a usable optimiser state ({exc}); start over with --force") from exc
        log_path = self.s.out / checkpoint.LOG
        self.log = json.loads(log_path.read_text()) if log_path.exists() else []
        self._resumed = state

    def batch(self) -> torch.Tensor:
        n = self.data.count
        idx = torch.randint(0, n, (self.s.batch,), generator=self.rng)
        real = self.images[idx.to(self.images.device)].float() / 127.5 - 1
        flip = torch.rand(self.s.batch, generator=self.rng) < 0.5
        real[flip.to(real.device)] = real[flip.to(real.device)].flip(-1)
        return real

    def train_step(self) -> dict[str, float]:
        s, dev = self.s, self.images.device
        real = self.batch()
        z = torch.randn(s.batch, self.cfg.latent_dim, generator=self.rng).to(dev)
        fake = self.G.render_grid(z, self.cfg.resolution)

        lazy_r1 = self.step % s.r1_every == 0
        real.requires_grad_(lazy_r1)
        d_real, d_fake = self.D(real), self.D(fake.detach())
        loss_d = F.softplus(d_fake).mean() + F.softplus(-d_real).mean()
        r1 = torch.zeros((), device=dev)
        if lazy_r1:
            (grad,) = torch.autograd.grad(d_real.sum(), real, create_graph=True)
            r1 = grad.square().sum(dim=(1, 2, 3)).mean() * (s.r1_gamma / 2)
        self.opt_d.zero_grad(set_to_none=True)
        (loss_d + r1 * s.r1_every).backward()
        distributed.average_gradients(self.world, self.D)
        self.opt_d.step()

        self.D.requires_grad_(False)
        loss_g = F.softplus(-self.D(fake)).mean()
        self.opt_g.zero_grad(set_to_none=True)
        loss_g.backward()
        self.D.requires_grad_(True)
        distributed.average_gradients(self.world, self.G)
        self.opt_g.step()

        beta = min(s.ema_beta, (1 + self.step) / (10 + self.step))
        with torch.no_grad():
            for pe, p in zip(self.ema.parameters(), self.G.parameters(), strict=True):
                pe.lerp_(p, 1 - beta)
        if lazy_r1:
            self.last_r1 = r1.item()
        return {"loss_d": loss_d.item(), "loss_g": loss_g.item(), "d_real": d_real.mean().item(),
                "d_fake": d_fake.mean().item(), "r1": self.last_r1}  # r1: its latest (lazy) value

    def run_step(self, total: int, ctx: JobContext) -> dict[str, float]:
        s, main = self.s, self.world.is_main
        t0 = time.perf_counter()
        last = self.train_step()
        self.step += 1
        self.seconds += time.perf_counter() - t0
        if self.step % 10 == 0 or self.step == total:
            losses = {k: round(v, 5) for k, v in last.items()}
            self.log.append({"step": self.step, "seconds": round(self.seconds, 2), **losses})
        preview = None
        if main and (self.step % s.sample_every == 0 or self.step == total):
            preview = _grid(self.ema, 2 * s.resolution)
            save_png(s.out / "samples" / f"step-{self.step:07d}.png", preview)
        if main and (self.step % s.checkpoint_every == 0 or self.step == total):
            self.save(total)
        ctx.report("training", self.step, total, last, preview)
        return last

    def stop(self, total: int, created: bool, exc: Cancelled) -> Cancelled:
        """A cancel lands between steps, so the state is whole: keep it as a checkpoint to resume from.
        A run cancelled before its first step changes nothing (and a folder it made is removed)."""
        if not self.world.is_main:
            return exc
        if self.step == self._resumed_step:
            if created:
                shutil.rmtree(self.s.out, ignore_errors=True)
            return exc
        self.save(total)
        return Cancelled(f"training stopped at step {self.step} of {total}; the checkpoint in {self.s.out} "
                         "continues with --resume")

    def info(self, total: int) -> dict[str, Any]:
        s = self.s
        return {"training": {
            "images": str(s.images), "image_count": self.data.count, "skipped": len(self.data.skipped),
            "steps": self.step, "planned_steps": total, "batch": s.batch, "world_size": self.world.size,
            "lr_g": s.lr_g, "lr_d": s.lr_d, "betas": list(s.betas), "r1_gamma": s.r1_gamma, "r1_every": s.r1_every,
            "ema_beta": s.ema_beta, "seed": s.seed, "seconds": round(self.seconds, 1), "device": s.device,
            "torch": torch.__version__,
        }}

    def save(self, total: int) -> None:
        out = self.s.out
        checkpoint.save_generator(out, self.ema, self.info(total), half=True)
        checkpoint.save_training_state(out, {
            "generator": self.G.state_dict(), "discriminator": self.D.state_dict(), "ema": self.ema.state_dict(),
            "opt_g": self.opt_g.state_dict(), "opt_d": self.opt_d.state_dict(),
            "step": self.step, "seconds": self.seconds,
        })
        checkpoint.write_json(out / checkpoint.LOG, self.log)


def planned_steps(s: TrainSettings, count: int, world_size: int) -> int:
    return s.steps if s.steps is not None else s.epochs * max(1, math.ceil(count / (s.batch * world_size)))


def train(s: TrainSettings, ctx: JobContext) -> TrainResult:
    """Train (or resume) a cover generator; returns after the last checkpoint is on disk."""
    world = distributed.join(s.device)
    finished = False
    try:
        _check_settings(s)
        data = load_folder(s.images, s.resolution, ctx)
        t = _Trainer(s, data, world)
        total = planned_steps(s, data.count, world.size)
        created = not s.out.exists()
        if world.is_main:
            s.out.mkdir(parents=True, exist_ok=True)
            (s.out / "samples").mkdir(exist_ok=True)
        last: dict[str, float] = {}
        try:
            while t.step < total:
                last = t.run_step(total, ctx)
        except Cancelled as exc:
            raise t.stop(total, created, exc) from None
        sums = distributed.checksums(world, t.G)
        finished = True
        return TrainResult(s.out, t.step, t.seconds, data.count, data.skipped, last, sums, world.rank)
    finally:
        distributed.leave(world, together=finished)

"""The Cover generator's jobs, run on a tab's worker thread: the same core calls as `stegstudio cover sample`/`train`.

The core (and torch with it) is imported inside the jobs, so the window shows before torch loads.
The last generator used stays loaded (keyed by folder, device and the files' modification times),
so moving the interpolation slider or clicking a seed renders in milliseconds instead of reloading
the model each time, and a model retrained in place is picked up on the next request.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from stegstudio.core.jobs import JobContext

GRID_SIDE = 4  # the grid shows GRID_SIDE² seeds
GRID_TILE = 96  # pixels per grid tile


@dataclass(frozen=True)
class ModelChoice:
    """Which generator to sample: a model folder (None: the shipped one) on a torch device."""

    folder: Path | None
    device: str


class _GeneratorCache:
    """One loaded generator, shared by every tab's worker (a lock, because two tabs may sample at once)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._key: tuple[Any, ...] | None = None
        self._generator: Any = None

    def get(self, model: ModelChoice) -> Any:
        from stegstudio.core.devices import resolve_device
        from stegstudio.core.gasp import checkpoint, sampling

        folder = model.folder or sampling.default_model_dir()
        device = resolve_device(model.device)
        stamps = tuple(_mtime(folder / name) for name in (checkpoint.CONFIG, checkpoint.GENERATOR))
        key = (str(folder.resolve()), device, stamps)
        with self._lock:
            if key != self._key:
                self._generator, self._key = sampling.load_generator(folder, device), key
            return self._generator


def _mtime(path: Path) -> int | None:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return None  # a missing file: the core's loader says what is wrong


_generators = _GeneratorCache()


def describe_model(model: ModelChoice) -> str:
    """One line from the model's config.json: what it is and how long it was trained."""
    from stegstudio.core.gasp import checkpoint, sampling

    folder = model.folder or sampling.default_model_dir()
    cfg, data = checkpoint.read_config(folder)
    training = data.get("training", {})
    name = "shipped model" if model.folder is None else folder.name
    trained = (f"{training['steps']:,} steps on {training.get('image_count', '?'):,} images"
               if "steps" in training else "training details unknown")
    return f"{name}: trained at {cfg.resolution} px, latent {cfg.latent_dim}, {cfg.discriminator} critic; {trained}"


@dataclass(frozen=True)
class SeedPage:
    """The grid of GRID_SIDE² seeds from `first_seed`, the first seed's cover, and what model drew them."""

    first_seed: int
    grid: np.ndarray
    cover: np.ndarray
    model_info: str


def sample_page(model: ModelChoice, first_seed: int, size: int, ctx: JobContext) -> SeedPage:
    from stegstudio.core.gasp import sampling

    sampling.check_size(size)
    gen = _generators.get(model)
    count = GRID_SIDE * GRID_SIDE
    tiles = []
    for n in range(count):
        tiles.append(sampling.sample(gen, first_seed + n, GRID_TILE))
        ctx.report("sampling", n + 1, count + 1)
    cover = sampling.sample(gen, first_seed, size)
    ctx.report("sampling", count + 1, count + 1)
    return SeedPage(first_seed, sampling.tile_grid(tiles, GRID_SIDE), cover, describe_model(model))


def sample_cover(model: ModelChoice, seed: int, size: int, ctx: JobContext) -> np.ndarray:
    from stegstudio.core.gasp import sampling

    cover = sampling.sample(_generators.get(model), seed, size)
    ctx.report("sampling", 1, 1)
    return cover


def interpolate_cover(model: ModelChoice, seed_a: int, seed_b: int, t: float, size: int,
                      ctx: JobContext) -> np.ndarray:
    from stegstudio.core.gasp import sampling

    cover = sampling.interpolate(_generators.get(model), seed_a, seed_b, t, size)
    ctx.report("sampling", 1, 1)
    return cover


@dataclass(frozen=True)
class GeneratedCover:
    path: Path
    seed: int
    size: int


def generate_cover_file(folder: Path, seed: int, size: int, ctx: JobContext) -> GeneratedCover:
    """A cover from the shipped model written to `folder` (the session's temporary folder), for a cover picker."""
    from stegstudio.core.media.image import save_png

    cover = sample_cover(ModelChoice(None, "cpu"), seed, size, ctx)
    return GeneratedCover(save_png(folder / cover_file_name(seed, size), cover), seed, size)


def cover_file_name(seed: int, size: int) -> str:
    return f"generated-seed{seed}-{size}px.png"


def save_cover(cover: np.ndarray, out: Path) -> Path:
    """Through the core's output check (PNG only) and atomic writer; the save dialog already confirmed overwriting."""
    from stegstudio.core.fileio import check_output
    from stegstudio.core.media.image import save_png

    return save_png(check_output(out, force=True, suffixes={".png"}), cover)


@dataclass(frozen=True)
class TrainRequest:
    images: Path
    out: Path
    resolution: int
    steps: int
    batch: int
    discriminator: str
    architecture: str
    sample_every: int
    checkpoint_every: int
    resume: bool
    force: bool
    device: str


def train_model(request: TrainRequest, ctx: JobContext) -> Any:
    """Train (or resume) a cover generator; returns the core's TrainResult."""
    from stegstudio.core.devices import resolve_device
    from stegstudio.core.gasp import training

    settings = training.TrainSettings(
        images=request.images, out=request.out, resolution=request.resolution, steps=request.steps,
        discriminator=request.discriminator, architecture=request.architecture, batch=request.batch,
        sample_every=request.sample_every, checkpoint_every=request.checkpoint_every, resume=request.resume,
        force=request.force, device=resolve_device(request.device),
    )
    return training.train(settings, ctx)

"""Covers from a trained generator: a seed names a latent, a size names a pixel grid.

Latents come from the project's specified keystream (not torch's RNG), so seed 7 is the same
cover on every machine and every release that reads this model. Large covers are evaluated in
row bands so memory stays bounded whatever the size.
"""

from __future__ import annotations

import importlib.resources
import math
import os
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

from stegstudio.core import keystream
from stegstudio.core.errors import Cancelled, InputError
from stegstudio.core.fileio import check_output
from stegstudio.core.gasp.checkpoint import load_generator_from
from stegstudio.core.gasp.generator import Generator, pixel_centres
from stegstudio.core.jobs import JobContext
from stegstudio.core.media.image import save_png

MIN_SIZE = 8
MAX_SIZE = 8192
MAX_SEED = 2**63 - 1
MAX_COUNT = 10_000  # covers per sample_to_files call
_BAND_POINTS = 1 << 13  # points per band: small enough that the activations stay in cache


def default_model_dir() -> Path:
    """The model shipped with StegStudio (trained on the CPU from scikit-image's photos)."""
    return Path(str(importlib.resources.files("stegstudio.resources") / "models" / "gasp-covers"))


def load_generator(model_dir: str | os.PathLike[str] | None = None, device: str = "cpu") -> Generator:
    gen, _ = load_generator_from(model_dir or default_model_dir(), device)
    return gen


def check_size(size: int) -> None:
    if not MIN_SIZE <= size <= MAX_SIZE:
        raise InputError(f"cover size must be between {MIN_SIZE} and {MAX_SIZE} pixels, not {size}")


def check_seed(seed: int) -> None:
    if not 0 <= seed <= MAX_SEED:
        raise InputError(f"seed must be between 0 and {MAX_SEED}, not {seed}")


def latent_for_seed(seed: int, dim: int) -> torch.Tensor:
    """A cover seed is a public name, not a secret: it is widened to the keystream's 16-byte minimum."""
    check_seed(seed)
    return torch.from_numpy(keystream.normal(seed.to_bytes(16, "big"), "gasp-latent", (dim,)).astype(np.float32))


def slerp(a: torch.Tensor, b: torch.Tensor, t: float) -> torch.Tensor:
    """Spherical interpolation: stays at the radius Gaussian latents live at, unlike a straight line.
    Its ends are the seeds' own latents exactly, so t = 0 and t = 1 give the seeds' own covers."""
    if t in (0.0, 1.0):
        return (a if t == 0.0 else b).clone()
    cos = float(torch.dot(a, b) / (a.norm() * b.norm()).clamp_min(1e-12))
    omega = math.acos(max(-1.0, min(1.0, cos)))
    if omega < 1e-6:
        return a + t * (b - a)
    return (math.sin((1 - t) * omega) * a + math.sin(t * omega) * b) / math.sin(omega)


@torch.no_grad()
def render(gen: Generator, z: torch.Tensor, size: int) -> np.ndarray:
    """One latent (D,) -> uint8 cover (size, size, 3), evaluated at pixel centres band by band."""
    check_size(size)
    device = next(gen.parameters()).device
    weights = gen.function_weights(z.reshape(1, -1).to(device))
    coords = pixel_centres(size, device)
    band = max(size, (_BAND_POINTS // size) * size)
    out = torch.empty(size * size, 3, device=device)
    for start in range(0, coords.shape[0], band):
        out[start:start + band] = gen.evaluate(weights, coords[start:start + band])[0]
    img = ((out + 1) * 127.5).round_().clamp_(0, 255).to(torch.uint8)
    return img.reshape(size, size, 3).cpu().numpy()


def tile_grid(covers: list[np.ndarray], side: int) -> np.ndarray:
    """side*side covers of one size -> one (side*H, side*W, 3) image, row by row."""
    rows = [np.concatenate(covers[r * side:(r + 1) * side], axis=1) for r in range(side)]
    return np.concatenate(rows, axis=0)


def sample(gen: Generator, seed: int, size: int) -> np.ndarray:
    return render(gen, latent_for_seed(seed, gen.cfg.latent_dim), size)


def interpolate(gen: Generator, seed_a: int, seed_b: int, t: float, size: int) -> np.ndarray:
    """The cover a fraction t of the way from seed_a's latent to seed_b's (t in [0, 1])."""
    if not 0.0 <= t <= 1.0:
        raise InputError(f"interpolation position must be in [0, 1], not {t}")
    dim = gen.cfg.latent_dim
    return render(gen, slerp(latent_for_seed(seed_a, dim), latent_for_seed(seed_b, dim), t), size)


@dataclass(frozen=True)
class SampleResult:
    model: Path
    seeds: list[int]
    files: list[Path]
    seconds_per_cover: float


def _targets(out: Path, seeds: list[int], force: bool, into_folder: bool) -> list[Path]:
    """One cover goes to a .png file (unless `into_folder`); several go into a folder as cover-SEED.png.
    All checked before any work."""
    if len(seeds) == 1 and out.suffix and not into_folder:
        return [check_output(out, force, suffixes={".png"})]
    if out.suffix.lower() == ".png" and not into_folder:
        raise InputError(f"{out} is one file but {len(seeds)} covers were asked for; give a folder instead")
    if out.exists() and not out.is_dir():
        raise InputError(f"{out} exists and is not a folder")
    if not out.parent.is_dir():
        raise InputError(f"{out}: the folder {out.parent} does not exist; create it first")
    files = [out / f"cover-{seed}.png" for seed in seeds]
    clash = [p for p in files if p.exists()]
    if clash and not force:
        raise InputError(f"{clash[0]} already exists ({len(clash)} of the covers do); pass --force to overwrite")
    return files


def sample_to_files(model_dir: str | os.PathLike[str] | None, seed: int, count: int, size: int,
                    out: str | os.PathLike[str], force: bool = False, device: str = "cpu",
                    ctx: JobContext | None = None, into_folder: bool = False) -> SampleResult:
    """Covers for seeds seed..seed+count-1 as PNGs; `into_folder` puts even one cover in the folder `out` (a
    batch over models does, whatever the model's name). A cancelled run removes the covers it wrote."""
    check_size(size)
    if not 1 <= count <= MAX_COUNT:
        raise InputError(f"--count must be between 1 and {MAX_COUNT}, not {count}")
    seeds = list(range(seed, seed + count))
    for s in (seeds[0], seeds[-1]):
        check_seed(s)
    out = Path(out)
    files = _targets(out, seeds, force, into_folder)
    model = Path(model_dir) if model_dir else default_model_dir()
    gen = load_generator(model, device)
    ctx = ctx or JobContext()
    made_folder = (into_folder or len(files) > 1) and not out.exists()
    written: list[Path] = []
    t0 = time.perf_counter()
    try:
        if made_folder:
            out.mkdir()
        for n, (s, path) in enumerate(zip(seeds, files, strict=True)):
            ctx.check_cancel()
            cover = sample(gen, s, size)
            written.append(save_png(path, cover))
            ctx.report("sampling", n + 1, count, preview=cover)
    except Cancelled:
        for path in written:
            path.unlink(missing_ok=True)
        if made_folder and out.is_dir() and not any(out.iterdir()):
            out.rmdir()
        raise
    return SampleResult(model, seeds, written, (time.perf_counter() - t0) / count)

"""Bit embedding from and to images given as files or arrays: what the CLI, the API and the GUI call
around `engine.embed_array` / `engine.extract_array`.

Every check of the user's input (the output path, the density, the mode, the message) happens before
the long optimisation starts, and nothing is written unless the result was verified; writes are atomic.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from stegstudio.core.errors import InputError
from stegstudio.core.fileio import LOSSY_SUFFIXES, check_lossless_image, check_output, write_bytes_atomic
from stegstudio.core.fnns import density, engine, names, payload, robust
from stegstudio.core.jobs import JobContext
from stegstudio.core.media import jpeg
from stegstudio.core.media.image import image_format, load_cover, load_image, save_png, square_cover

PathLike = str | os.PathLike[str]
ImageSource = PathLike | np.ndarray
_SMALLER_SIZE = "give a --size no larger than the cover's shorter side, or leave --size out"


@dataclass(frozen=True)
class EmbedResult:
    """The verified stego image, the cover it was made from (after any crop or resize), where it was
    written (if an output was given) and how the embedding went."""

    image: np.ndarray
    stats: engine.EmbedStats
    out: Path | None
    notices: list[str]
    cover: np.ndarray


def load_source(source: ImageSource, size: int | None = None) -> tuple[np.ndarray, list[str]]:
    """A path or a uint8 RGB array as the image to work on, optionally made square at `size`, with notices
    saying what was changed on the way."""
    if not isinstance(source, np.ndarray):
        return load_cover(source, size, too_small_hint=_SMALLER_SIZE)
    if source.dtype != np.uint8 or source.ndim != 3 or source.shape[2] != 3:
        raise InputError(f"an image array must be uint8 of shape (H, W, 3), not {source.dtype} {source.shape}; "
                         "convert it first, e.g. with numpy's astype(np.uint8)")
    if size is None:
        return source, []
    return square_cover(source, size, too_small_hint=_SMALLER_SIZE)


def embed_image(
    cover: ImageSource,
    secret: payload.Message,
    password: str,
    out: PathLike | None = None,
    bpp: float = 1,
    ecc: str = payload.DEFAULT_ECC,
    mode: str = "fast",
    size: int | None = None,
    force: bool = False,
    device: str = "cpu",
    ctx: JobContext | None = None,
    quality: int = robust.DEFAULT_QUALITY,
) -> EmbedResult:
    """Hide `secret` in a cover file or array; with `out`, also write the stego PNG atomically (checked
    first). `quality` is robust mode's lowest JPEG quality to survive. The seconds include the write,
    so a caller times what the user waited for."""
    t0 = time.perf_counter()
    out_path = check_stego_output(out, force) if out is not None else None
    check_embed_settings(secret, bpp, mode, quality)
    image, notices = load_source(cover, size)
    stego, stats = engine.embed_array(image, secret, password, bpp, ecc, mode, device, ctx, quality)
    if out_path is not None:
        save_stego(out_path, stego, force)
    return EmbedResult(stego, replace(stats, seconds=time.perf_counter() - t0), out_path, notices, image)


def resolve_mode(mode: str | None, robust_quality: int | None) -> tuple[str, int]:
    """The mode and robust quality of a request that may name only the quality (`--robust Q`, `robust=Q`),
    which means robust mode; the default quality when robust mode is named alone; `mode` None is fast
    mode, or robust mode with a quality."""
    if robust_quality is None:
        return mode or "fast", robust.DEFAULT_QUALITY
    if mode not in (None, "robust"):
        raise InputError(f"a --robust quality goes with robust mode, not {mode} mode; leave out --mode {mode}")
    return "robust", jpeg.check_quality(robust_quality)


def check_embed_settings(secret: payload.Message, bpp: float, mode: str,
                         quality: int = robust.DEFAULT_QUALITY) -> None:
    """What `embed_image` refuses before loading the cover; a batch checks it once, before its first cover."""
    engine.check_mode(mode)
    engine.check_bpp(bpp, mode)
    if mode == "robust":
        jpeg.check_quality(quality)
    if not secret.data:
        raise InputError("the message is empty; give a non-empty text or a non-empty file")


def extract_image(stego: ImageSource, password: str, device: str = "cpu",
                  ctx: JobContext | None = None) -> engine.ExtractResult:
    """Read the payload of a stego image file or array; a lossy (JPEG, WebP...) file in robust mode only."""
    if isinstance(stego, np.ndarray):
        return engine.extract_array(load_source(stego)[0], password, device, ctx)
    path = Path(stego)
    image = load_image(path)
    is_jpeg = image_format(path) in ("JPEG", "MPO")
    note = ""
    if is_jpeg or path.suffix.lower() in LOSSY_SUFFIXES:
        note = f"{path.name} is a lossy {'JPEG' if is_jpeg else path.suffix} file"
    return engine.extract_array(image, password, device, ctx, note, robust_only=is_jpeg)


def check_stego_output(out: PathLike, force: bool = False) -> Path:
    """A stego image must be a new (or, with force, replaceable) lossless PNG; checked before any work."""
    check_lossless_image(out)
    return check_output(out, force)


def save_stego(out: PathLike, stego: np.ndarray, force: bool = False) -> Path:
    """Write a verified stego image atomically, after the same checks `embed_image` makes up front."""
    return save_png(check_stego_output(out, force), stego)


def save_secret(secret: payload.Message, out: PathLike, force: bool = False) -> Path:
    """Write an extracted secret atomically, refusing to overwrite without force."""
    path = check_output(out, force)
    return write_bytes_atomic(path, secret.data)


def default_name(secret: payload.Message) -> str:
    """Where a hidden file goes without --out: its own base name, made safe (names.safe_name)."""
    return names.safe_name(secret.name)


@dataclass(frozen=True)
class CapacityInfo:
    """What a cover holds at the asked density (robust mode: its own), and at the density recommended for low
    detectability."""

    height: int
    width: int
    bpp: float
    ecc: str
    mode: str
    bits: int
    text_bytes: int
    recommended_bpp: float  # covert mode's density recommended for low detectability
    recommended_bytes: int


def capacity(cover: ImageSource, bpp: float, ecc: str = payload.DEFAULT_ECC, size: int | None = None,
             mode: str = "fast") -> CapacityInfo:
    """How much a cover file or array holds at `bpp`, counted on its size after any `size` crop."""
    engine.check_mode(mode)
    bpp = engine.check_bpp(bpp, mode)
    image, _ = load_source(cover, size)
    h, w = image.shape[:2]
    low = density.RECOMMENDED_COVERT_BPP
    bits = robust.bit_count(h, w) if mode == "robust" else density.bits(h, w, bpp)
    return CapacityInfo(h, w, bits / (h * w) if mode == "robust" else bpp, ecc, mode, bits,
                        payload.capacity(h, w, bpp, ecc, mode=mode), low, payload.capacity(h, w, low, ecc))

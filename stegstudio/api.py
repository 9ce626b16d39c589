"""The Python API: `import stegstudio as ss`, then paths or arrays in and typed results out.

Every function calls the same core functions as the command line and the desktop window, so a
script gets the same checks, the same atomic writes and the same errors (subclasses of
`InputError`, whose message says what is wrong and how to fix it).

>>> import stegstudio as ss
>>> cover = ss.sample_cover(size=64, seed=7)
>>> stego = ss.embed(cover, "meet at noon", password="correct horse").image
>>> ss.extract(stego, password="correct horse").text
'meet at noon'
"""

from __future__ import annotations

import os
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from stegstudio.core.errors import Cancelled, InputError, StegError
from stegstudio.core.fnns import files as fnns_files
from stegstudio.core.fnns import payload
from stegstudio.core.fnns.files import EmbedResult, ImageSource
from stegstudio.core.fnns.payload import Message, PayloadDamaged, PayloadNotFound
from stegstudio.core.jobs import JobContext
from stegstudio.core.keys import WrongPassword

__all__ = [
    "Cancelled", "ContainerWarning", "EmbedResult", "HideReport", "InputError", "Message", "PayloadDamaged",
    "PayloadNotFound", "StegError", "WrongPassword", "capacity", "embed", "extract", "hide", "reveal", "sample_cover",
]


@dataclass(frozen=True)
class HideReport:
    """Where `hide` wrote the container and key, and how well the secret fits (cover and secret metrics)."""

    modality: str
    container: Path
    key: Path | None  # None: no key file was written; the container carries its key for the password
    metrics: dict[str, float]
    notices: list[str]
    warnings: list[str]


class ContainerWarning(UserWarning):
    """A container was changed after hiding (or cannot be checked); the revealed secret may be damaged."""


def _message(message: str | bytes, name: str | None) -> Message:
    return Message(message.encode("utf-8") if isinstance(message, str) else bytes(message), name)


def embed(cover: ImageSource, message: str | bytes, *, password: str, bpp: float = 1, ecc: str = payload.DEFAULT_ECC,
          mode: str | None = None, size: int | None = None, name: str | None = None,
          out: str | os.PathLike[str] | None = None, force: bool = False, device: str = "cpu",
          ctx: JobContext | None = None, robust: int | None = None) -> EmbedResult:
    """Hide `message` (text, or bytes; `name` stores a file name with them) in `cover` (a path or a uint8
    H x W x 3 array) so that only `password` reads it back; with `out`, also write the stego PNG.
    `bpp` is the density (0.05 to 4 in steps of 0.05); `mode="covert"` (at most 1 bpp) makes a few
    content-adaptive +-1 changes that a trained detector finds far less often than the dense `"fast"` mode
    (the default). `robust=Q` (robust mode; Q from 50 to 95 in steps of 5) makes the payload survive JPEG re-encoding
    at quality Q and above, at a density of its own (`bpp` is not used).

    >>> import stegstudio as ss
    >>> r = ss.embed(ss.sample_cover(size=64, seed=1), b"\\x00\\x01 raw bytes", password="pw", bpp=2)
    >>> r.image.shape, r.stats.bpp, r.stats.psnr_rgb > 25
    ((64, 64, 3), 2, True)
    >>> r = ss.embed(ss.sample_cover(size=128, seed=1), "quiet", password="pw", bpp=0.25, mode="covert")
    >>> r.stats.changed < 0.01, ss.extract(r.image, password="pw").text
    (True, 'quiet')
    >>> import io, numpy as np
    >>> from PIL import Image
    >>> r = ss.embed(ss.sample_cover(size=128, seed=3), "survives JPEG", password="pw", robust=75)
    >>> shared = io.BytesIO()
    >>> Image.fromarray(r.image).save(shared, "JPEG", quality=80)
    >>> ss.extract(np.asarray(Image.open(shared)), password="pw").text
    'survives JPEG'
    """
    mode, quality = fnns_files.resolve_mode(mode, robust)
    return fnns_files.embed_image(cover, _message(message, name), password, out, bpp, ecc, mode, size, force,
                                  device, ctx, quality)


def extract(stego: ImageSource, *, password: str, device: str = "cpu", ctx: JobContext | None = None) -> Message:
    """The message hidden in `stego` (a path or an array). Raises `PayloadNotFound` (wrong password or
    nothing hidden) or `PayloadDamaged` (the right password, but the image was changed).

    >>> import stegstudio as ss
    >>> stego = ss.embed(ss.sample_cover(size=64, seed=2), "hi", password="pw").image
    >>> ss.extract(stego, password="wrong")
    Traceback (most recent call last):
    ...
    stegstudio.core.fnns.payload.PayloadNotFound: no hidden data found for this password: ...
    """
    return fnns_files.extract_image(stego, password, device, ctx).secret


def capacity(cover: ImageSource, *, bpp: float = 1, ecc: str = payload.DEFAULT_ECC, size: int | None = None,
             mode: str = "fast") -> int:
    """How many bytes of text fit in `cover` at `bpp` bits per pixel (before compression); in
    `mode="robust"` at that mode's own density.

    >>> import stegstudio as ss
    >>> ss.capacity(ss.sample_cover(size=128, seed=0), bpp=1) > 1000
    True
    """
    return fnns_files.capacity(cover, bpp, ecc, size, mode).text_bytes


def hide(secret: str | os.PathLike[str], cover: str | os.PathLike[str], *, out: str | os.PathLike[str],
         key: str | os.PathLike[str] | None = None, preset: str = "quick", password: str | None = None,
         modality: str | None = None,
         steps: int | None = None, beta: float | None = None, force: bool = False, device: str = "cpu",
         ctx: JobContext | None = None, robust: int | None = None, cover_psnr: float | None = None,
         precision: str = "auto") -> HideReport:
    """Hide a video, sound, 3D shape or image file in `cover`: writes the container PNG `out` and its
    `key` (both or neither). With a password the key holds no secret; without one, keep the key secret.
    With a password the container also carries its key hidden, so `key=None` writes the container alone and
    `reveal(out, key=None, password=...)` needs nothing else (a re-encoded container still needs the key).
    `robust=Q` trains so a JPEG of the container at quality Q still reveals a recognisable secret
    (`metrics` then also holds the secret's quality after a real JPEG round trip, `..._after_jpeg`).
    `cover_psnr=DB` (20 to 50) is the fidelity dial: the container ends at that cover PSNR (higher if the
    secret is fit with distortion to spare) and the secret gets the best quality left; it replaces `beta`.
    `precision` is "mixed" (bfloat16 steps, then a float32 finish), "float32", or "auto": mixed where
    bfloat16 is native (a GPU with it, a CPU with AVX-512 BF16 or AMX).

    >>> import stegstudio as ss, tempfile, pathlib
    >>> from stegstudio.core.samples import sample_path
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> h = ss.hide(sample_path("image"), sample_path("cover"), out=d / "c.png", key=d / "k.json",
    ...             preset="tiny", steps=20, password="pw")
    >>> h.modality, h.metrics["cover_psnr"] > 20
    ('image', True)
    >>> ss.reveal(d / "c.png", key=d / "k.json", password="pw").shape
    (32, 32, 3)
    >>> ss.reveal(d / "c.png", key=None, password="pw").shape
    (32, 32, 3)
    """
    from stegstudio.core.crossmodal import engine as crossmodal_engine
    from stegstudio.core.crossmodal import files

    settings = crossmodal_engine.HideSettings(preset=preset, modality=modality, steps=steps, beta=beta,
                                              device=device, password=password, robust=robust,
                                              cover_psnr=cover_psnr, precision=precision)
    report = files.hide_files(secret, cover, out, key, settings, force, ctx)
    return HideReport(report.modality, report.container, report.key, dict(report.result.metrics),
                      report.notices, report.warnings)


def reveal(container: str | os.PathLike[str], *, key: str | os.PathLike[str] | None = None,
           out: str | os.PathLike[str] | None = None, password: str | None = None, strict: bool = False,
           force: bool = False, device: str = "cpu") -> Any:
    """The secret hidden in `container`: a uint8 image (H, W, 3) or video (T, H, W, 3), float32 audio, or a
    mesh; also written to `out` when given (the suffix picks the format). `key=None` reveals with the
    password alone, from the key the container carries. A wrong password raises `WrongPassword`; a
    container changed since hiding still reveals with a warning, unless `strict`.

    >>> import stegstudio as ss, tempfile, pathlib
    >>> from stegstudio.core.samples import sample_path
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = ss.hide(sample_path("audio"), sample_path("cover"), out=d / "c.png", key=d / "k.json",
    ...             preset="tiny", steps=5)
    >>> sound = ss.reveal(d / "c.png", key=d / "k.json", out=d / "r.wav")
    >>> sound.dtype, sound.ndim, (d / "r.wav").is_file()
    (dtype('float32'), 1, True)
    """
    from stegstudio.core.crossmodal import files

    report = files.reveal_files(container, key, out, password, device, force, strict)
    for warning in report.warnings:
        warnings.warn(warning, ContainerWarning, stacklevel=2)
    return report.revealed


def sample_cover(size: int = 256, seed: int = 0, model: str | os.PathLike[str] | None = None,
                 device: str = "cpu") -> np.ndarray:
    """A generated cover image (uint8 size x size x 3) from a GASP model (`model=None`: the shipped one);
    the same seed always gives the same cover, at any size.

    >>> import stegstudio as ss
    >>> ss.sample_cover(size=32, seed=7).shape
    (32, 32, 3)
    """
    from stegstudio.core.gasp import sampling

    sampling.check_size(size)
    sampling.check_seed(seed)
    return sampling.sample(sampling.load_generator(model, device), seed, size)

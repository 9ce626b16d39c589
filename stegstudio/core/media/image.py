"""Images: any Pillow format in, lossless PNG out; covers are made square at the preset's size."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
from PIL import Image, UnidentifiedImageError

from stegstudio.core.errors import InputError
from stegstudio.core.fileio import write_atomic

Image.MAX_IMAGE_PIXELS = 20_000 * 20_000


def load_image(path: str | os.PathLike[str]) -> np.ndarray:
    """Read an image as uint8 RGB (H, W, 3); alpha is composited away, greyscale expanded."""
    p = Path(path)
    if not p.exists():
        raise InputError(f"{p}: file not found")
    if p.is_dir():
        raise InputError(f"{p}: is a folder, not an image")
    try:
        with Image.open(p) as im:
            im.load()
            if im.mode in ("RGBA", "LA", "P", "PA"):
                im = im.convert("RGBA")
                background = Image.new("RGBA", im.size, (255, 255, 255, 255))
                im = Image.alpha_composite(background, im)
            rgb = im.convert("RGB")
            return np.asarray(rgb, dtype=np.uint8).copy()
    except UnidentifiedImageError as exc:
        raise InputError(f"{p}: not an image file Pillow can read (PNG, JPEG, BMP, TIFF, WebP, ...)") from exc
    except (OSError, SyntaxError, ValueError) as exc:
        raise InputError(f"{p}: the image is corrupt or truncated ({exc})") from exc


def load_png_exact(path: str | os.PathLike[str]) -> np.ndarray:
    """Read a container/stego PNG bit-exactly; refuse anything that could have lost bits."""
    p = Path(path)
    if not p.exists():
        raise InputError(f"{p}: file not found")
    try:
        with Image.open(p) as im:
            fmt = im.format
            im.load()
            if fmt != "PNG":
                raise InputError(
                    f"{p}: is {fmt or 'not an image'}, not PNG; hidden data only survives in the lossless PNG "
                    "that StegStudio wrote"
                )
            if im.mode not in ("RGB", "RGBA"):
                raise InputError(f"{p}: PNG mode {im.mode}; StegStudio writes 8-bit RGB PNGs")
            return np.asarray(im.convert("RGB"), dtype=np.uint8).copy()
    except UnidentifiedImageError as exc:
        raise InputError(f"{p}: not an image file") from exc
    except (OSError, SyntaxError, ValueError) as exc:
        raise InputError(f"{p}: the image is corrupt or truncated ({exc})") from exc


def square_cover(
    img: np.ndarray, size: int, what: str = "cover", upscale: bool = False
) -> tuple[np.ndarray, list[str]]:
    """Centre-crop to a square and resize to `size`, saying what was done.

    A cover must not be enlarged (its pixels become the weights); a secret image may be.
    """
    notices: list[str] = []
    h, w = img.shape[:2]
    side = min(h, w)
    if side < size and not upscale:
        raise InputError(
            f"the {what} is {w}x{h} px; this preset needs at least {size}x{size}. "
            "Use a larger cover or a smaller preset"
        )
    if h != w:
        top, left = (h - side) // 2, (w - side) // 2
        img = img[top : top + side, left : left + side]
        notices.append(f"{what} is {w}x{h}: centre-cropped to {side}x{side}")
    if side != size:
        img = np.asarray(Image.fromarray(img).resize((size, size), Image.LANCZOS))
        notices.append(f"{what} {'enlarged' if side < size else 'resized'} from {side}x{side} to {size}x{size}")
    return img, notices


def save_png(path: str | os.PathLike[str], arr: np.ndarray) -> Path:
    """Write uint8 RGB (or grey) as PNG atomically; no metadata that could vary between runs."""
    if arr.dtype != np.uint8:
        raise ValueError("save_png takes uint8 arrays")
    img = Image.fromarray(arr)
    return write_atomic(path, lambda tmp: img.save(tmp, format="PNG", optimize=False))

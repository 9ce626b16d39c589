"""Images: any Pillow format in, lossless PNG out; covers are made square at the preset's size."""

from __future__ import annotations

import os
import re
import warnings
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from stegstudio.core.errors import InputError
from stegstudio.core.fileio import write_atomic

MAX_PIXELS = 20_000 * 20_000
Image.MAX_IMAGE_PIXELS = MAX_PIXELS  # Pillow warns above it and refuses at twice it; _open refuses above it
SIXTEEN_BIT_MODES = ("I;16", "I;16B", "I;16L", "I")
EXIF_ORIENTATION = 0x0112


def load_image(path: str | os.PathLike[str], notices: list[str] | None = None) -> np.ndarray:
    """Read an image as uint8 RGB (H, W, 3) as a viewer shows it: EXIF orientation applied, alpha
    composited onto white, greyscale expanded, 16-bit scaled to 8 bits, an animation's first frame.
    What was changed on the way is appended to `notices` when a list is given."""
    notes = [] if notices is None else notices
    p = Path(path)
    with _open(p) as im:
        try:
            frames = getattr(im, "n_frames", 1)
            if frames > 1:
                notes.append(f"{p.name} is an animation of {frames} frames; its first frame is used")
            im.load()
            if im.getexif().get(EXIF_ORIENTATION, 1) != 1:
                im = ImageOps.exif_transpose(im)
                notes.append(f"{p.name}: turned upright as its EXIF orientation says")
            if im.mode in SIXTEEN_BIT_MODES:
                return _sixteen_bit_to_rgb8(im, p, notes)
            if im.mode not in ("RGB", "RGBA", "L", "LA", "P", "PA", "1", "CMYK", "YCbCr"):
                raise InputError(f"{p}: pixel format {im.mode} is not supported; save it as an 8-bit RGB PNG")
            if im.mode in ("RGBA", "LA", "P", "PA"):
                im = im.convert("RGBA")
                background = Image.new("RGBA", im.size, (255, 255, 255, 255))
                im = Image.alpha_composite(background, im)
            return np.asarray(im.convert("RGB"), dtype=np.uint8).copy()
        except (OSError, SyntaxError, ValueError) as exc:
            raise InputError(f"{p}: the image is corrupt or truncated ({exc})") from exc


def _sixteen_bit_to_rgb8(im: Image.Image, path: Path, notes: list[str]) -> np.ndarray:
    """16-bit grey to 8 bits by scaling (65535 -> 255), where Pillow's own conversion would clip."""
    grey = np.asarray(im, dtype=np.float64)
    if grey.max(initial=0) > 65535 or grey.min(initial=0) < 0:
        raise InputError(f"{path}: 32-bit pixel values are not supported; save it as an 8-bit or 16-bit image")
    notes.append(f"{path.name} has 16 bits per pixel; scaled to 8 bits")
    eight = np.round(grey * (255.0 / 65535.0)).astype(np.uint8)
    return np.repeat(eight[:, :, None], 3, axis=2)


def _open(p: Path) -> Image.Image:
    """Open (lazily) an image file the user named, refusing what is not one or is too large to decode."""
    if not p.exists():
        raise InputError(f"{p}: file not found")
    if p.is_dir():
        raise InputError(f"{p}: is a folder, not an image")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # refused below, with its size
            im = Image.open(p)
    except UnidentifiedImageError as exc:
        raise InputError(f"{p}: not an image file Pillow can read (PNG, JPEG, BMP, TIFF, WebP, ...)") from exc
    except Image.DecompressionBombError as exc:
        pixels = re.search(r"\((\d+) pixels\)", str(exc))
        size = f"{int(pixels.group(1)) / 1e6:.0f} megapixels" if pixels else "too many pixels"
        raise InputError(f"{p}: the image header says {size}; StegStudio reads images of up to "
                         f"{MAX_PIXELS / 1e6:.0f} megapixels; shrink it first") from exc
    except PermissionError as exc:
        raise InputError(f"{p}: no permission to read this file") from exc
    except (OSError, SyntaxError, ValueError) as exc:
        raise InputError(f"{p}: the image is corrupt or truncated ({exc})") from exc
    w, h = im.size
    if w * h > MAX_PIXELS:
        im.close()
        raise InputError(f"{p}: the image is {w}x{h} px ({w * h / 1e6:.0f} megapixels); StegStudio reads images "
                         f"of up to {MAX_PIXELS / 1e6:.0f} megapixels; shrink it first")
    return im


def image_format(path: str | os.PathLike[str]) -> str:
    """The format Pillow reads in the file's header ("PNG", "JPEG", ...), whatever its name says."""
    with _open(Path(path)) as im:
        return str(im.format or "")


def load_png_exact(path: str | os.PathLike[str]) -> np.ndarray:
    """Read a container/stego PNG bit-exactly; refuse anything that could have lost bits."""
    p = Path(path)
    with _open(p) as im:
        try:
            fmt = im.format
            if fmt != "PNG":
                raise InputError(
                    f"{p}: is {fmt or 'not an image'}, not PNG; hidden data only survives in the lossless PNG "
                    "that StegStudio wrote (or, for a container hidden with --robust, a JPEG of it)"
                )
            if im.mode not in ("RGB", "RGBA"):
                raise InputError(f"{p}: PNG mode {im.mode}; StegStudio writes 8-bit RGB PNGs")
            im.load()
            return np.asarray(im.convert("RGB"), dtype=np.uint8).copy()
        except (OSError, SyntaxError, ValueError) as exc:
            raise InputError(f"{p}: the image is corrupt or truncated ({exc})") from exc


def load_cover(path: str | os.PathLike[str], size: int | None = None,
               too_small_hint: str = "use a larger cover or a smaller preset") -> tuple[np.ndarray, list[str]]:
    """A cover file as uint8 RGB with what was done to it; `size` centre-crops and shrinks it to a square."""
    notices: list[str] = []
    image = load_image(path, notices)
    if size is None:
        return image, notices
    square, more = square_cover(image, size, too_small_hint=too_small_hint)
    return square, notices + more


def square_cover(
    img: np.ndarray, size: int, what: str = "cover", upscale: bool = False,
    too_small_hint: str = "use a larger cover or a smaller preset",
) -> tuple[np.ndarray, list[str]]:
    """Centre-crop to a square and resize to `size`, saying what was done.

    A cover must not be enlarged (its pixels become the weights); a secret image may be.
    """
    notices: list[str] = []
    h, w = img.shape[:2]
    side = min(h, w)
    if side < size and not upscale:
        raise InputError(f"the {what} is {w}x{h} px; it needs at least {size}x{size} (a {what} is never "
                         f"enlarged): {too_small_hint}")
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

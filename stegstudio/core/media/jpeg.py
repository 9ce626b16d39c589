"""JPEG as the robust modes meet it: the qualities they can be made to survive, libjpeg's quantisation
tables at a quality, and a real round trip through Pillow's encoder (libjpeg)."""

from __future__ import annotations

import io
import math
import numbers

import numpy as np
from PIL import Image

from stegstudio.core.errors import InputError

QUALITIES = tuple(range(50, 100, 5))  # what `--robust Q` offers, in both bit embedding and cross-modal hiding
# ITU-T T.81 Annex K tables (row-major 8x8), the ones libjpeg scales by quality
_TABLES = {
    "luma": (16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56,
             14, 17, 22, 29, 51, 87, 80, 62, 18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92,
             49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99),
    "chroma": (17, 18, 24, 47, 99, 99, 99, 99, 18, 21, 26, 66, 99, 99, 99, 99, 24, 26, 56, 99, 99, 99, 99, 99,
               47, 66, 99, 99, 99, 99, 99, 99) + (99,) * 32,
}


def check_quality(quality: object) -> int:
    """A quality the robust modes offer, as an int, or the input error that lists them."""
    if isinstance(quality, bool) or not isinstance(quality, numbers.Integral) or int(quality) not in QUALITIES:
        raise InputError(f"--robust {quality}: the lowest JPEG quality to survive must be a whole number, one of "
                         f"{', '.join(map(str, QUALITIES))} (lower survives more and costs more image change)")
    return int(quality)


def table(kind: str, quality: int) -> np.ndarray:
    """libjpeg's `kind` ("luma" or "chroma") quantisation table at `quality` (jpeg_set_quality's scaling)."""
    scale = 5000 / quality if quality < 50 else 200 - 2 * quality
    steps = [min(max(math.floor((b * scale + 50) / 100), 1), 255) for b in _TABLES[kind]]
    return np.array(steps, dtype=np.float64).reshape(8, 8)


def round_trip(image: np.ndarray, quality: int, subsampling: int = -1) -> np.ndarray:
    """A uint8 RGB image after Pillow's JPEG at `quality` and back; subsampling -1 is Pillow's default (4:2:0)."""
    buf = io.BytesIO()
    Image.fromarray(image).save(buf, "JPEG", quality=quality, subsampling=subsampling)
    buf.seek(0)
    with Image.open(buf) as im:
        return np.asarray(im.convert("RGB"))

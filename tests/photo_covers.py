"""Real photographs as covers, from the scikit-image wheel, so the tests and the FNNS benchmark need
nothing outside the repository and nothing from the network.

Only images the wheel itself ships are used (`skimage.data` fetches the others with pooch on first
use, which fails offline). Each is centre-cropped to a square and resized the way `embed --size`
treats a user's cover (`square_cover`), so a test cover is what a user's photo becomes.
"""

from __future__ import annotations

import functools

import numpy as np
import skimage.data

from stegstudio.core.media.image import square_cover

PHOTOS = ("astronaut", "chelsea", "coffee")  # bundled in the wheel: load offline


@functools.cache
def photo(name: str) -> np.ndarray:
    """The full photograph, H x W x 3 uint8, centre-cropped to a square; read once per process."""
    full = getattr(skimage.data, name)()
    return square_cover(full, min(full.shape[:2]))[0]


def photo_cover(index: int, size: int) -> np.ndarray:
    """Photo `index` of PHOTOS as a `size` x `size` RGB uint8 cover (a fresh array each call)."""
    return square_cover(photo(PHOTOS[index]), size)[0].copy()

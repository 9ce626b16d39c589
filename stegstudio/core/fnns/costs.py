"""HILL embedding costs (Li, Wang, Huang and Li, 2014): what one +-1 change of each sample costs,
low in texture that hides it and high in smooth areas where a detector's residuals would see it.

The same filters as `conseal.hill` (KB high-pass, |.|, 3x3 mean, reciprocal, 15x15 mean, symmetric
borders; the tests compare the two). Written here rather than imported because conseal pulls in
numba and llvmlite, 170 MB the desktop bundle does not need for five lines of filtering.
"""

from __future__ import annotations

import numpy as np
from scipy import ndimage, signal

_KB = np.array([[-1, 2, -1], [2, -4, 2], [-1, 2, -1]], dtype=np.float32)
_FLOOR = np.finfo(np.float32).eps  # conseal's EPS32: keeps a flat patch's cost finite


def hill(channel: np.ndarray) -> np.ndarray:
    """Cost (H, W) float32 of changing each sample of one 8-bit channel by one."""
    residual = signal.convolve2d(channel.astype(np.float32), _KB, mode="same", boundary="symm")
    activity = ndimage.uniform_filter(np.abs(residual / 4.0), size=3, mode="reflect")
    activity[activity < _FLOOR] = _FLOOR
    return ndimage.uniform_filter(1.0 / activity, size=15, mode="reflect").astype(np.float32)


def hill_rgb(image: np.ndarray) -> np.ndarray:
    """HILL costs of an RGB image (H, W, 3), each channel on its own, as conseal's simulator does."""
    return np.stack([hill(image[..., c]) for c in range(image.shape[2])], axis=-1)

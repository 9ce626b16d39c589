"""Image-quality numbers for bit embedding: RGB PSNR, BT.601 luma PSNR and SSIM on 8-bit images.

The papers mix RGB and luma (Y) PSNR; Y is several dB higher, so both are reported and named.
Kept here, clearly named, until a shared `core/metrics` module takes them over.
"""

from __future__ import annotations

import math

import numpy as np
from skimage.metrics import structural_similarity


def psnr_rgb(a: np.ndarray, b: np.ndarray) -> float:
    """PSNR over all three channels of two uint8 images (inf when identical)."""
    mse = float(np.mean((a.astype(np.float64) - b.astype(np.float64)) ** 2))
    return math.inf if mse == 0 else 10 * math.log10(255.0**2 / mse)


def luma(image: np.ndarray) -> np.ndarray:
    """BT.601 Y in [16, 235] (the convention of the FNNS reference code), float64."""
    rgb = image.astype(np.float64)
    return 16.0 + (65.481 * rgb[..., 0] + 128.553 * rgb[..., 1] + 24.966 * rgb[..., 2]) / 255.0


def psnr_y(a: np.ndarray, b: np.ndarray) -> float:
    mse = float(np.mean((luma(a) - luma(b)) ** 2))
    return math.inf if mse == 0 else 10 * math.log10(255.0**2 / mse)


def ssim_rgb(a: np.ndarray, b: np.ndarray) -> float:
    """Mean SSIM over the RGB channels (scikit-image, Gaussian-free 7x7 windows)."""
    win = min(7, *a.shape[:2])
    win -= 1 - win % 2
    return float(structural_similarity(a, b, channel_axis=2, data_range=255, win_size=win))

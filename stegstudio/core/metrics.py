"""Quality metrics used by every engine and benchmark, in the units the papers report.

PSNR is computed on RGB (all channels, 8-bit peak); the luma (BT.601 Y) PSNR that FNNS code
reports is several dB higher and is labelled `psnr_y` wherever it appears. APD is the mean
absolute pixel difference in 8-bit units. LPIPS needs backbone weights that cannot be
downloaded here, so it is never reported as a number unless computed for real.
"""

from __future__ import annotations

import math

import numpy as np
from skimage.metrics import structural_similarity

from stegstudio.core.media.shape import Mesh, chamfer_distance, sample_surface

UNAVAILABLE = {
    "lpips": "not computed: LPIPS needs pretrained AlexNet/VGG backbone weights, which StegStudio never downloads",
}


def psnr(a: np.ndarray, b: np.ndarray, peak: float = 255.0) -> float:
    mse = float(np.mean((a.astype(np.float64) - b.astype(np.float64)) ** 2))
    return math.inf if mse == 0 else 10.0 * math.log10(peak**2 / mse)


def luma(image: np.ndarray) -> np.ndarray:
    """BT.601 Y in [16, 235], the convention of the FNNS reference code (and skimage's rgb2ycbcr)."""
    rgb = image.astype(np.float64)
    return 16.0 + (65.481 * rgb[..., 0] + 128.553 * rgb[..., 1] + 24.966 * rgb[..., 2]) / 255.0


def psnr_y(a: np.ndarray, b: np.ndarray) -> float:
    """PSNR of the luma channel with a 255 peak: what FNNS/GINR-Stega code calls PSNR."""
    return psnr(luma(a), luma(b))


def apd(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.mean(np.abs(a.astype(np.float64) - b.astype(np.float64))))


def ssim(a: np.ndarray, b: np.ndarray) -> float:
    """Mean SSIM over RGB (scikit-image, 7x7 windows, smaller odd windows for tiny images)."""
    win = min(7, *a.shape[:2])
    win -= 1 - win % 2
    return float(structural_similarity(a, b, channel_axis=-1, data_range=255, win_size=win))


def snr_db(reference: np.ndarray, estimate: np.ndarray) -> float:
    noise = float(np.sum((reference.astype(np.float64) - estimate.astype(np.float64)) ** 2))
    signal = float(np.sum(reference.astype(np.float64) ** 2))
    return math.inf if noise == 0 else 10.0 * math.log10(signal / noise)


def image_metrics(reference: np.ndarray, test: np.ndarray, prefix: str) -> dict[str, float]:
    return {
        f"{prefix}_psnr": psnr(reference, test),
        f"{prefix}_psnr_y": psnr_y(reference, test),
        f"{prefix}_ssim": ssim(reference, test),
        f"{prefix}_apd": apd(reference, test),
    }


def video_metrics(reference: np.ndarray, test: np.ndarray, prefix: str) -> dict[str, float]:
    """Per-frame metrics averaged over frames, as the paper reports for video."""
    per_frame = [image_metrics(r, t, prefix) for r, t in zip(reference, test, strict=True)]
    return {k: float(np.mean([m[k] for m in per_frame])) for k in per_frame[0]}


def audio_metrics(reference: np.ndarray, test: np.ndarray, prefix: str) -> dict[str, float]:
    return {
        f"{prefix}_snr": snr_db(reference, test),
        f"{prefix}_ae": float(np.mean(np.abs(reference.astype(np.float64) - test.astype(np.float64)))),
    }


def shape_metrics(reference_points: np.ndarray, reference_vertices: np.ndarray, test: Mesh,
                  prefix: str) -> dict[str, float]:
    """Chamfer distance between surface samples, absolute and as a share of the bounding-box diagonal."""
    diagonal = float(np.linalg.norm(reference_vertices.max(0) - reference_vertices.min(0)))
    test_points = sample_surface(test, len(reference_points), seed=12345)[0]
    cd = chamfer_distance(reference_points, test_points)
    return {f"{prefix}_chamfer": cd, f"{prefix}_chamfer_rel": cd / diagonal}

"""A differentiable stand-in for a JPEG round trip, for training that must survive one.

It does what libjpeg does at a quality (JFIF colour conversion, 4:2:0 chroma subsampling, 8x8 DCT,
the Annex K tables scaled as `jpeg_set_quality` scales them, rounding), with rounding passed straight
through for the gradient. It is an approximation (libjpeg's fancy upsampling and integer DCT differ in
detail), so training takes its forward pass from the real encoder (`encoder_round_trip`) and only the
gradient from here, and verifies the result with the real encoder afterwards. Written here in 40 lines
of torch rather than taken from kornia, whose JPEG codec would add a dependency for one function.
"""

from __future__ import annotations

import math

import torch
import torch.nn.functional as F

from stegstudio.core.crossmodal.container import pixels_to_uint8, uint8_to_pixels
from stegstudio.core.media import jpeg

BLOCK = 8


def _table(kind: str, quality: int) -> torch.Tensor:
    return torch.from_numpy(jpeg.table(kind, quality)).float()


def _dct_matrix() -> torch.Tensor:
    k = torch.arange(BLOCK, dtype=torch.float64)[:, None]
    n = torch.arange(BLOCK, dtype=torch.float64)[None, :]
    m = torch.cos(math.pi * (2 * n + 1) * k / (2 * BLOCK)) * math.sqrt(2 / BLOCK)
    m[0] /= math.sqrt(2)
    return m.float()


def _round(x: torch.Tensor) -> torch.Tensor:
    return x + (torch.round(x) - x).detach()


def _quantise_plane(plane: torch.Tensor, table: torch.Tensor, dct: torch.Tensor) -> torch.Tensor:
    """One (H, W) plane, centred on 0, through blockwise DCT, quantisation and back; H, W multiples of 8."""
    h, w = plane.shape
    tiles = plane.reshape(h // BLOCK, BLOCK, w // BLOCK, BLOCK).transpose(1, 2)
    coeffs = _round(dct @ tiles @ dct.T / table) * table
    return (dct.T @ coeffs @ dct).transpose(1, 2).reshape(h, w)


def jpeg_round_trip(pixels: torch.Tensor, quality: int) -> torch.Tensor:
    """A (3, H, W) image in [0, 1] as it comes back from JPEG at `quality` (4:2:0), differentiably."""
    _, h, w = pixels.shape
    ph, pw = -h % (2 * BLOCK), -w % (2 * BLOCK)
    x = F.pad(pixels[None] * 255.0, (0, pw, 0, ph), mode="replicate")[0]
    r, g, b = x
    y = 0.299 * r + 0.587 * g + 0.114 * b
    cb = -0.168736 * r - 0.331264 * g + 0.5 * b
    cr = 0.5 * r - 0.418688 * g - 0.081312 * b
    dct = _dct_matrix().to(pixels)
    luma, chroma = _table("luma", quality).to(pixels), _table("chroma", quality).to(pixels)
    y = _quantise_plane(y - 128.0, luma, dct) + 128.0
    small = F.avg_pool2d(torch.stack([cb, cr])[None], 2)[0]
    small = torch.stack([_quantise_plane(c, chroma, dct) for c in small])
    cb, cr = F.interpolate(small[None], scale_factor=2, mode="bilinear", align_corners=False)[0]
    rgb = torch.stack([y + 1.402 * cr, y - 0.344136 * cb - 0.714136 * cr, y + 1.772 * cb])
    return _round(rgb.clamp(0.0, 255.0))[:, :h, :w] / 255.0


def encoder_round_trip(pixels: torch.Tensor, quality: int) -> torch.Tensor:
    """A (3, H, W) image in [0, 1] exactly as Pillow's libjpeg returns it at `quality`, with the gradient
    of `jpeg_round_trip`: training then sees what the recipient will, where the stand-in only comes close."""
    approx = jpeg_round_trip(pixels, quality)
    real = uint8_to_pixels(jpeg.round_trip(pixels_to_uint8(pixels), quality)).to(pixels)
    return approx + (real - approx).detach()  # in the pixels' dtype, float32 even under bfloat16 autocast

"""The weight <-> pixel mapping and its 8-bit quantisation.

The paper maps pixel p in [0, 255] to weight w = p/255 * (w_max - w_min) + w_min. Here the
trainable tensor is kept in *pixel units* (p/255 in [0, 1]) and mapped to weights on the fly:
the same network, but Adam's step size then means "grey levels per step" whatever [w_min, w_max]
is, and the cover loss is plainly the container's MSE against the cover. Quantisation-aware
training rounds to the 256 levels every step and passes gradients straight through
(`stegstudio.core.quantise.quantise_ste`).

Layout: container[row, col, c] = W_c[row, col] for the c-th variable matrix in torch's
(out_features, in_features) order.
"""

from __future__ import annotations

import numpy as np
import torch


def to_weights(p01: torch.Tensor, w_min: float, w_max: float) -> torch.Tensor:
    return p01 * (w_max - w_min) + w_min


def pixels_to_uint8(p01: torch.Tensor) -> np.ndarray:
    """(3, N, N) in [0, 1] -> the container image (N, N, 3) uint8, rounded (never truncated)."""
    q = torch.round(p01.detach().clamp(0.0, 1.0) * 255.0).to(torch.uint8)
    return q.permute(1, 2, 0).cpu().numpy()


def uint8_to_pixels(img: np.ndarray) -> torch.Tensor:
    return torch.from_numpy(img.astype(np.float32) / 255.0).permute(2, 0, 1).contiguous()

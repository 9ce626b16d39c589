"""Cover quality without downloaded weights: sliced Wasserstein distance (SWD) between image patches.

FID and LPIPS need pretrained networks that cannot be fetched here; SWD on local patches (as in
Karras et al.'s progressive GAN evaluation) compares the distributions of small neighbourhoods,
i.e. colours, edges and textures, with nothing but random projections. Lower is closer. It is
only meaningful relative to reference points measured the same way, which is how it is reported:
generated vs held-out photos, an untrained generator vs the same photos, and real vs real (the
floor that sampling noise alone gives).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

PATCH = 7
PATCHES_PER_IMAGE = 64
PROJECTIONS = 512


@dataclass(frozen=True)
class PatchSet:
    patches: torch.Tensor  # (N, 3 * PATCH * PATCH), raw values in [0, 1]


def random_patches(images: np.ndarray | torch.Tensor, per_image: int = PATCHES_PER_IMAGE,
                   seed: int = 0) -> PatchSet:
    """(N, H, W, 3) uint8 images -> per_image random 7x7 patches from each, flattened."""
    x = torch.as_tensor(np.asarray(images)).permute(0, 3, 1, 2).float() / 255.0
    n, _, h, w = x.shape
    if h < PATCH or w < PATCH:
        raise ValueError(f"images must be at least {PATCH}x{PATCH} pixels for patch statistics")
    g = torch.Generator().manual_seed(seed)
    ys = torch.randint(0, h - PATCH + 1, (n, per_image), generator=g)
    xs = torch.randint(0, w - PATCH + 1, (n, per_image), generator=g)
    offsets = torch.arange(PATCH)
    rows = (ys[..., None] + offsets).reshape(n, per_image, PATCH, 1).expand(-1, -1, -1, PATCH)
    cols = (xs[..., None] + offsets).reshape(n, per_image, 1, PATCH).expand(-1, -1, PATCH, -1)
    index = torch.arange(n).reshape(n, 1, 1, 1).expand_as(rows)
    patches = x.permute(0, 2, 3, 1)[index, rows, cols]  # (n, per_image, PATCH, PATCH, 3)
    return PatchSet(patches.reshape(n * per_image, -1))


def sliced_wasserstein(a: PatchSet, b: PatchSet, projections: int = PROJECTIONS, seed: int = 0) -> float:
    """Mean 1-D Wasserstein-1 distance over random unit directions, x 1000 (the usual reporting scale).

    Both sets are normalised with b's per-dimension mean and std (b is the reference set), and
    the larger set is subsampled so the sorted projections pair one to one.
    """
    pa, pb = a.patches, b.patches
    mean, std = pb.mean(0), pb.std(0).clamp_min(1e-6)
    pa, pb = (pa - mean) / std, (pb - mean) / std
    g = torch.Generator().manual_seed(seed)
    count = min(len(pa), len(pb))
    pa = pa[torch.randperm(len(pa), generator=g)[:count]]
    pb = pb[torch.randperm(len(pb), generator=g)[:count]]
    dirs = torch.randn(pa.shape[1], projections, generator=g)
    dirs /= dirs.norm(dim=0, keepdim=True)
    proj_a = torch.sort(pa @ dirs, dim=0).values
    proj_b = torch.sort(pb @ dirs, dim=0).values
    return float((proj_a - proj_b).abs().mean()) * 1000.0

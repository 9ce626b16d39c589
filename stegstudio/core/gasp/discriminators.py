"""Discriminators for GASP training.

`PointConvDiscriminator` is the paper's: it sees an image as a set of (coordinate, colour) points,
so it works for data that is not on a grid. `ConvDiscriminator` is the fast mode for grid images:
the same job with strided convolutions, several times cheaper per step on a CPU. Both take
images as (B, 3, H, W) in [-1, 1]; the point version flattens them to pixel-centre point sets.
"""

from __future__ import annotations

import torch
from torch import nn

from stegstudio.core.gasp.config import GaspConfig
from stegstudio.core.gasp.generator import pixel_centres


class ConvDiscriminator(nn.Module):
    """Strided 4x4 convolutions halve the image down to 4x4, then one linear logit."""

    def __init__(self, resolution: int, base: int = 32) -> None:
        super().__init__()
        layers: list[nn.Module] = [nn.Conv2d(3, base, 3, padding=1), nn.LeakyReLU(0.2)]
        ch, size = base, resolution
        while size > 4:
            nxt = min(ch * 2, 256)
            layers += [nn.Conv2d(ch, nxt, 4, stride=2, padding=1), nn.LeakyReLU(0.2)]
            ch, size = nxt, size // 2
        self.body = nn.Sequential(*layers)
        self.logit = nn.Linear(ch * 16, 1)

    def forward(self, images: torch.Tensor) -> torch.Tensor:
        return self.logit(self.body(images).flatten(1)).squeeze(1)


def farthest_points(coords: torch.Tensor, count: int) -> torch.Tensor:
    """Indices of `count` well-spread points (greedy farthest-point sampling from point 0)."""
    chosen = torch.zeros(count, dtype=torch.long)
    dist = torch.full((coords.shape[0],), float("inf"))
    idx = 0
    for n in range(count):
        chosen[n] = idx
        dist = torch.minimum(dist, ((coords - coords[idx]) ** 2).sum(1))
        idx = int(torch.argmax(dist))
    return chosen


class PointConv(nn.Module):
    """PointConv (Wu et al. 2019) in its efficient form: a weight net on relative positions mixes the
    K neighbours' features into M slots per centre, then one linear layer maps C_in*M -> C_out."""

    def __init__(self, c_in: int, c_out: int, slots: int = 16) -> None:
        super().__init__()
        self.weight_net = nn.Sequential(nn.Linear(2, slots), nn.LeakyReLU(0.2), nn.Linear(slots, slots))
        self.mix = nn.Linear(c_in * slots, c_out)

    def forward(self, feats: torch.Tensor, rel: torch.Tensor, neighbours: torch.Tensor) -> torch.Tensor:
        """feats (B, P, C_in), rel (N, K, 2), neighbours (N, K) indices into P -> (B, N, C_out)."""
        gathered = feats[:, neighbours]                                # (B, N, K, C_in)
        mixed = torch.einsum("bnkc,nkm->bncm", gathered, self.weight_net(rel))
        return nn.functional.leaky_relu(self.mix(mixed.flatten(2)), 0.2)


class PointConvDiscriminator(nn.Module):
    """Four PointConv stages, each keeping a quarter of the points (4096 -> 1024/256/64/16 at 64 px)."""

    def __init__(self, channels: tuple[int, ...] = (64, 128, 256, 512), neighbours: int = 9) -> None:
        super().__init__()
        ins = (3, *channels[:-1])
        self.stages = nn.ModuleList(PointConv(i, o) for i, o in zip(ins, channels, strict=True))
        self.k = neighbours
        self.logit = nn.Linear(channels[-1], 1)
        self._plans: dict[tuple[int, str], list[tuple[torch.Tensor, torch.Tensor]]] = {}

    def _plan(self, coords: torch.Tensor) -> list[tuple[torch.Tensor, torch.Tensor]]:
        """Per stage: (relative positions, neighbour indices); cached per point set, as grids repeat."""
        key = (coords.shape[0], str(coords.device))
        if key not in self._plans:
            plan, current = [], coords.cpu()
            for _ in self.stages:
                keep = farthest_points(current, max(1, current.shape[0] // 4))
                centres = current[keep]
                k = min(self.k, current.shape[0])
                nbr = torch.cdist(centres, current).topk(k, largest=False).indices
                plan.append(((current[nbr] - centres[:, None]).to(coords.device), nbr.to(coords.device)))
                current = centres
            self._plans[key] = plan
        return self._plans[key]

    def forward_points(self, coords: torch.Tensor, feats: torch.Tensor) -> torch.Tensor:
        """coords (P, 2) shared by the batch, feats (B, P, 3) -> logits (B,)."""
        h = feats
        for stage, (rel, nbr) in zip(self.stages, self._plan(coords), strict=True):
            scale = rel.abs().amax().clamp_min(1e-6)  # unit-size offsets whatever the point density
            h = stage(h, rel / scale, nbr)
        return self.logit(h.mean(1)).squeeze(1)

    def forward(self, images: torch.Tensor) -> torch.Tensor:
        _b, _c, hgt, wid = images.shape
        if hgt != wid:
            raise ValueError("grid images must be square")
        feats = images.flatten(2).transpose(1, 2)
        return self.forward_points(pixel_centres(hgt, images.device), feats)


def build_discriminator(cfg: GaspConfig) -> nn.Module:
    if cfg.discriminator == "pointconv":
        return PointConvDiscriminator()
    return ConvDiscriminator(cfg.resolution)


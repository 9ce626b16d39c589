"""The GASP generator: latent z -> hypernetwork -> every weight of a Fourier-feature coordinate MLP.

A cover is the generated function evaluated at pixel centres, so one latent gives the same picture
at any resolution. The hypernetwork's last layer writes weights in "unit" scale and each target
layer rescales by its own fan-in (He init for LeakyReLU), so a fresh generator already produces
functions with well-scaled activations; without that the first GAN steps see saturated tanh output.
"""

from __future__ import annotations

import itertools
import math

import torch
from torch import nn

from stegstudio.core.gasp.config import GaspConfig

NEGATIVE_SLOPE = 0.1
_FREQUENCY_SEED = 20230601  # fixes the random Fourier matrix; it is also stored in every state dict


def pixel_centres(size: int, device: torch.device | str = "cpu") -> torch.Tensor:
    """(size*size, 2) coordinates of pixel centres in [-1, 1], row-major (y, x)."""
    t = (torch.arange(size, device=device, dtype=torch.float32) * 2 + 1) / size - 1
    yy, xx = torch.meshgrid(t, t, indexing="ij")
    return torch.stack([xx.reshape(-1), yy.reshape(-1)], dim=1)


class FunctionShapes:
    """Where each weight of the function MLP lives in the flat vector the hypernetwork writes."""

    def __init__(self, cfg: GaspConfig) -> None:
        dims = [2 * cfg.frequencies, *cfg.hidden, 3]
        self.layers: list[tuple[int, int]] = list(itertools.pairwise(dims))
        self.count = sum(i * o + o for i, o in self.layers)

    def scales(self) -> torch.Tensor:
        """Per-weight multiplier: He scale for weights, a small constant for biases."""
        parts = []
        for i, o in self.layers:
            parts.append(torch.full((i * o,), math.sqrt(2.0 / ((1 + NEGATIVE_SLOPE**2) * i))))
            parts.append(torch.full((o,), 0.1))
        return torch.cat(parts)


class Generator(nn.Module):
    """z (B, latent) + coordinates (P, 2) -> RGB in [-1, 1] (B, P, 3)."""

    def __init__(self, cfg: GaspConfig) -> None:
        super().__init__()
        cfg.validate()
        self.cfg = cfg
        self.shapes = FunctionShapes(cfg)
        g = torch.Generator().manual_seed(_FREQUENCY_SEED)
        self.register_buffer("frequencies", torch.randn(2, cfg.frequencies, generator=g) * cfg.frequency_std)
        self.register_buffer("weight_scales", self.shapes.scales(), persistent=False)
        layers: list[nn.Module] = []
        width = cfg.latent_dim
        for h in cfg.hyper_hidden:
            layers += [nn.Linear(width, h), nn.LeakyReLU(NEGATIVE_SLOPE)]
            width = h
        self.trunk = nn.Sequential(*layers)
        self.head = nn.Linear(width, self.shapes.count)
        nn.init.normal_(self.head.weight, std=1.0 / math.sqrt(width))
        nn.init.zeros_(self.head.bias)

    def function_weights(self, z: torch.Tensor) -> list[tuple[torch.Tensor, torch.Tensor]]:
        """The generated MLP of each latent, as (weight (B, in, out), bias (B, 1, out)) per layer."""
        flat = self.head(self.trunk(z)) * self.weight_scales
        out, at = [], 0
        for i, o in self.shapes.layers:
            w = flat[:, at:at + i * o].reshape(-1, i, o)
            at += i * o
            out.append((w, flat[:, at:at + o].unsqueeze(1)))
            at += o
        return out

    def features(self, coords: torch.Tensor) -> torch.Tensor:
        angles = (2 * math.pi) * (coords @ self.frequencies)
        return torch.cat([torch.cos(angles), torch.sin(angles)], dim=-1)

    def evaluate(self, weights: list[tuple[torch.Tensor, torch.Tensor]], coords: torch.Tensor) -> torch.Tensor:
        """Run the generated functions on shared coordinates: (P, 2) -> (B, P, 3)."""
        h = self.features(coords).unsqueeze(0).expand(weights[0][0].shape[0], -1, -1)
        last = len(weights) - 1
        for n, (w, b) in enumerate(weights):
            h = torch.baddbmm(b, h, w)
            h = torch.tanh(h) if n == last else nn.functional.leaky_relu(h, NEGATIVE_SLOPE)
        return h

    def forward(self, z: torch.Tensor, coords: torch.Tensor) -> torch.Tensor:
        return self.evaluate(self.function_weights(z), coords)

    def render_grid(self, z: torch.Tensor, size: int) -> torch.Tensor:
        """(B, 3, size, size) images in [-1, 1], differentiable (for training)."""
        rgb = self(z, pixel_centres(size, z.device))
        return rgb.transpose(1, 2).reshape(z.shape[0], 3, size, size)

"""IGR-style signed-distance network (Gropp et al. 2020) for 3D shapes.

Softplus(beta=100) MLP with the input concatenated again at the middle layer, geometrically
initialised so the untrained network is already the SDF of a sphere of radius `radius`: the
optimisation then only has to carve the shape, which is what makes IGR train reliably.
With 8 linear layers and the skip into layer 4, layers 1, 2 and 4 are width x width.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import torch

from stegstudio.core import keystream


@dataclass(frozen=True)
class SdfShape:
    width: int
    hidden_layers: int = 6  # 6 hidden -> 8 linear layers, as in the paper
    skip_layer: int = 4
    beta: float = 100.0
    radius: float = 1.0
    in_dim: int = 3

    @property
    def dims(self) -> list[tuple[int, int]]:
        w, d = self.width, self.in_dim
        dims = []
        for i in range(self.hidden_layers + 2):
            fan_in = d if i == 0 else w
            fan_out = 1 if i == self.hidden_layers + 1 else w
            if i + 1 == self.skip_layer:
                fan_out = w - d
            dims.append((fan_in, fan_out))
        return dims


def init_sdf(shape: SdfShape, seed: bytes, label: str) -> list[tuple[np.ndarray, np.ndarray]]:
    params = []
    last = len(shape.dims) - 1
    for i, (fan_in, fan_out) in enumerate(shape.dims):
        if i == last:
            w = keystream.normal(seed, f"{label}/W{i}", (fan_out, fan_in), math.sqrt(math.pi) / math.sqrt(fan_in), 1e-5)
            b = np.full((fan_out,), -shape.radius, dtype=np.float32)
        else:
            w = keystream.normal(seed, f"{label}/W{i}", (fan_out, fan_in), 0.0, math.sqrt(2.0) / math.sqrt(fan_out))
            b = np.zeros((fan_out,), dtype=np.float32)
        params.append((w, b))
    return params


def sdf_forward(
    x: torch.Tensor, weights: list[torch.Tensor], biases: list[torch.Tensor], shape: SdfShape
) -> torch.Tensor:
    h = x
    last = len(weights) - 1
    for i, (w, b) in enumerate(zip(weights, biases, strict=True)):
        if i == shape.skip_layer:
            h = torch.cat([h, x], dim=-1) / math.sqrt(2.0)
        h = torch.nn.functional.linear(h, w, b)
        if i < last:
            h = torch.nn.functional.softplus(h, beta=shape.beta)
    return h

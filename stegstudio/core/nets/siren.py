"""SIREN (Sitzmann et al. 2020): sine-activated MLP for images, video and audio.

Initialisation follows the paper (first layer U(-1/in, 1/in), hidden U(+-sqrt(6/in)/omega_0))
with two choices the steganography setting needs, both recorded in the key:
- `omega_first`: audio needs a far larger first-layer frequency than images (the reference
  audio notebook uses 3000) or the fit stalls on low frequencies.
- `last_scale`: a *fixed* last layer at SIREN's hidden scale (/omega_0) cannot reach outputs in
  [-1, 1]; the cross-modal base network fixes it at +-sqrt(6/in) * last_scale instead.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import torch

from stegstudio.core import keystream


@dataclass(frozen=True)
class SirenShape:
    in_dim: int
    width: int
    hidden_layers: int  # sine layers after the first; the paper's "4 hidden layers" -> 6 linear layers
    out_dim: int
    omega_first: float = 30.0
    omega_hidden: float = 30.0
    last_scale: float = 1.0

    @property
    def dims(self) -> list[tuple[int, int]]:
        """(in, out) of each linear layer, first to last."""
        w = self.width
        return [(self.in_dim, w)] + [(w, w)] * self.hidden_layers + [(w, self.out_dim)]


def init_siren(shape: SirenShape, seed: bytes, label: str) -> list[tuple[np.ndarray, np.ndarray]]:
    """Weights (out, in) and biases for every layer, drawn from the keystream."""
    params = []
    n_layers = len(shape.dims)
    for i, (fan_in, fan_out) in enumerate(shape.dims):
        if i == 0:
            bound = 1.0 / fan_in
        elif i == n_layers - 1:
            bound = math.sqrt(6.0 / fan_in) * shape.last_scale
        else:
            bound = math.sqrt(6.0 / fan_in) / shape.omega_hidden
        w = keystream.uniform(seed, f"{label}/W{i}", (fan_out, fan_in), -bound, bound)
        b_bound = 1.0 / math.sqrt(fan_in)
        b = keystream.uniform(seed, f"{label}/b{i}", (fan_out,), -b_bound, b_bound)
        params.append((w, b))
    return params


def siren_forward(
    x: torch.Tensor, weights: list[torch.Tensor], biases: list[torch.Tensor], shape: SirenShape
) -> torch.Tensor:
    """sin(omega (W h + b)), computed as sin((omega W) h + omega b): scaling the N x N weights instead
    of the batch x N activations saves one full elementwise pass per layer.

    The first layer always runs in float32, also under bfloat16 autocast: its phases reach omega_first
    (3000 for audio), where bfloat16's 8-bit mantissa leaves steps of whole radians; it is cheap (its input
    has 1 to 3 coordinates), the N x N hidden layers are where autocast pays."""
    with torch.autocast(x.device.type, enabled=False):  # float32 whatever the caller's autocast (docstring)
        h = torch.sin(torch.nn.functional.linear(x, weights[0] * shape.omega_first, biases[0] * shape.omega_first))
    for w, b in zip(weights[1:-1], biases[1:-1], strict=True):
        h = torch.sin(torch.nn.functional.linear(h, w * shape.omega_hidden, b * shape.omega_hidden))
    return torch.nn.functional.linear(h, weights[-1], biases[-1])

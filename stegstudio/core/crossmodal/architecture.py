"""The base network that sender and recipient share, described by plain JSON in the key.

Only the variable matrices travel (as the container); every other weight and bias is re-created
from the key's seed through the keystream. The description is stored in full in the key
(not just a preset name), so changing defaults later never breaks an old container.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

import torch
from torch import nn

from stegstudio.core.crossmodal.container import to_weights, uint8_to_pixels
from stegstudio.core.errors import InputError
from stegstudio.core.nets.siren import SirenShape, init_siren, siren_forward
from stegstudio.core.quantise import quantise_ste

INIT_LABEL = "crossmodal/base"


@dataclass(frozen=True)
class Architecture:
    kind: str  # "siren"; the field lets later versions add other networks without a key-format change
    width: int
    in_dim: int
    out_dim: int
    variable_layers: tuple[int, int, int]
    w_min: float
    w_max: float
    hidden_layers: int
    omega_first: float = 30.0
    omega_hidden: float = 30.0
    last_scale: float = 1.0

    def to_json(self) -> dict[str, Any]:
        d = asdict(self)
        d["variable_layers"] = list(self.variable_layers)
        return d

    @staticmethod
    def from_json(d: dict[str, Any]) -> Architecture:
        try:
            d = dict(d)
            d["variable_layers"] = tuple(int(i) for i in d["variable_layers"])
            return Architecture(**d)
        except (KeyError, TypeError, ValueError) as exc:
            raise InputError(f"the key's network description is damaged ({exc})") from exc

    def siren_shape(self) -> SirenShape:
        return SirenShape(self.in_dim, self.width, self.hidden_layers, self.out_dim,
                          self.omega_first, self.omega_hidden, self.last_scale)


class BaseNetwork(nn.Module):
    """Fixed weights as buffers, the three variable matrices as one (3, N, N) pixel tensor."""

    def __init__(self, arch: Architecture, seed: bytes, pixels: torch.Tensor) -> None:
        super().__init__()
        self.arch = arch
        if arch.kind != "siren":
            raise InputError(f"unknown network kind '{arch.kind}' in the key; a newer StegStudio may read it")
        params = init_siren(arch.siren_shape(), seed, INIT_LABEL)
        self.n_layers = len(params)
        for i, (w, b) in enumerate(params):
            if i not in arch.variable_layers:
                self.register_buffer(f"W{i}", torch.from_numpy(w))
            self.register_buffer(f"b{i}", torch.from_numpy(b))
        if pixels.shape != (3, arch.width, arch.width):
            raise InputError(
                f"container is {pixels.shape[-1]}x{pixels.shape[-2]} px but the key's network needs "
                f"{arch.width}x{arch.width}; this container does not belong to this key"
            )
        self.pixels = nn.Parameter(pixels.clone())
        self.qat = True  # evaluate through the 8-bit container levels (what the recipient sees)
        self.channel: Callable[[torch.Tensor], torch.Tensor] | None = None  # training only: e.g. a JPEG stand-in

    @staticmethod
    def from_container(arch: Architecture, seed: bytes, container: Any) -> BaseNetwork:
        return BaseNetwork(arch, seed, uint8_to_pixels(container))

    def weights(self, quantise: bool = True) -> list[torch.Tensor]:
        p = quantise_ste(self.pixels) if quantise else self.pixels
        if self.channel is not None:
            p = self.channel(p)
        variable = to_weights(p, self.arch.w_min, self.arch.w_max)
        out = []
        for i in range(self.n_layers):
            if i in self.arch.variable_layers:
                out.append(variable[self.arch.variable_layers.index(i)])
            else:
                out.append(getattr(self, f"W{i}"))
        return out

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        weights = self.weights(self.qat)
        biases = [getattr(self, f"b{i}") for i in range(self.n_layers)]
        return siren_forward(x, weights, biases, self.arch.siren_shape())

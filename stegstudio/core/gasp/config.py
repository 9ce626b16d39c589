"""What a GASP model is, as plain JSON: sizes of the hypernetwork, the function it writes, and the training resolution.

The config file is the contract between a checkpoint and the code that loads it: a state dict is
only ever loaded into a model built from its own config, and a mismatch is an error, not a guess.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any

from stegstudio.core.errors import InputError

FORMAT = "stegstudio-gasp"
VERSION = 1
RESOLUTIONS = (32, 64)
DISCRIMINATORS = ("conv", "pointconv")


@dataclass(frozen=True)
class GaspConfig:
    """Sizes of one GASP generator (and the discriminator it was trained against)."""

    latent_dim: int = 64
    hyper_hidden: tuple[int, ...] = (256, 512)
    frequencies: int = 128
    frequency_std: float = 2.0
    hidden: tuple[int, ...] = (128, 128, 128)
    resolution: int = 64
    discriminator: str = "conv"

    def to_json(self) -> dict[str, Any]:
        d = asdict(self)
        d["hyper_hidden"] = list(self.hyper_hidden)
        d["hidden"] = list(self.hidden)
        return d

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> GaspConfig:
        known = {f.name for f in fields(cls)}
        unknown = set(d) - known
        if unknown:
            raise InputError(f"model config has unknown fields {sorted(unknown)}; it was written by a newer StegStudio")
        try:
            cfg = cls(**{**d, "hyper_hidden": tuple(d["hyper_hidden"]), "hidden": tuple(d["hidden"])})
        except (KeyError, TypeError) as exc:
            raise InputError(f"model config is incomplete or malformed ({exc})") from exc
        cfg.validate()
        return cfg

    def validate(self) -> None:
        if self.resolution not in RESOLUTIONS:
            raise InputError(f"training resolution must be one of {RESOLUTIONS}, not {self.resolution}")
        if self.discriminator not in DISCRIMINATORS:
            raise InputError(f"discriminator must be one of {DISCRIMINATORS}, not {self.discriminator!r}")
        sizes = (self.latent_dim, self.frequencies, *self.hyper_hidden, *self.hidden)
        if min(sizes) < 1 or not self.hidden or not self.hyper_hidden:
            raise InputError("model config sizes must be positive and the layer lists non-empty")
        if not 0 < self.frequency_std < 100:
            raise InputError(f"frequency_std {self.frequency_std} is out of range (0, 100)")


# The reference sizes (GASP on CelebA-64, see REFERENCE-NOTES): 66 k function weights, 34 M hypernetwork
# weights. Compact: the same structure at a size that trains on a CPU and ships in a few MB.
ARCHITECTURES: dict[str, GaspConfig] = {
    "reference": GaspConfig(),
    "compact": GaspConfig(hyper_hidden=(256, 128), frequencies=64, hidden=(64, 64, 64)),
}

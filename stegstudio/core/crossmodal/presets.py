"""Named settings: `quick` finishes in minutes on a 2-core CPU, `paper` is the paper's scale (GPU),
`tiny` runs in seconds for smoke tests (its quality is not meant to be good).

A preset names a cover size; each modality's secret size and training choices for it live in that
modality's entry (`modalities.py`). Every number that the recipient needs ends up in the key; the rest
(steps, batch, lr, beta) only steers the sender's optimisation and can be overridden per run. Learning
rates are in pixel units (grey levels / 255 per step), not the paper's weight units, so the paper's
1e-3/1e-4 do not carry over; `paper` keeps the paper's sizes and step counts with the rates tuned here.
"""

from __future__ import annotations

from dataclasses import dataclass

from stegstudio.core.crossmodal import modalities
from stegstudio.core.errors import InputError


@dataclass(frozen=True)
class Preset:
    name: str
    cover_size: int

    def for_modality(self, modality: str) -> modalities.ModalityPreset:
        return modalities.get(modality).presets[self.name]

    def summary(self) -> str:
        """The sizes in words: the cover's, then each modality's secret."""
        secrets = ", ".join(f"{m.name} {m.size_text(self.name)}" for m in modalities.MODALITIES)
        return f"cover {self.cover_size}², {secrets}"


QUICK = Preset(name="quick", cover_size=256)
PAPER = Preset(name="paper", cover_size=512)
TINY = Preset(name="tiny", cover_size=64)

PRESETS = {p.name: p for p in (QUICK, PAPER, TINY)}


def get_preset(name: str) -> Preset:
    if name not in PRESETS:
        raise InputError(f"unknown preset '{name}'; choose one of {', '.join(PRESETS)}")
    return PRESETS[name]

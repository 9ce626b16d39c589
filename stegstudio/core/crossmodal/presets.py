"""Named settings: `quick` finishes in minutes on a 2-core CPU, `paper` is the paper's scale (GPU),
`tiny` runs in seconds for smoke tests (its quality is not meant to be good).

Every number that the recipient needs ends up in the key; the rest (steps, batch, lr, beta)
only steers the sender's optimisation and can be overridden per run. Learning rates are in pixel
units (grey levels / 255 per step), not the paper's weight units, so the paper's 1e-3/1e-4 do not
carry over; `paper` keeps the paper's sizes and step counts with the rates tuned here.
"""

from __future__ import annotations

from dataclasses import dataclass

from stegstudio.core.errors import InputError


@dataclass(frozen=True)
class ModalityPreset:
    steps: int
    lr: float
    beta: float
    batch: int


@dataclass(frozen=True)
class Preset:
    name: str
    cover_size: int
    video_frames: int
    video_size: int
    audio_samples: int
    image_size: int
    shape_resolution: int
    video: ModalityPreset
    audio: ModalityPreset
    image: ModalityPreset
    shape: ModalityPreset

    def for_modality(self, modality: str) -> ModalityPreset:
        return getattr(self, modality)


QUICK = Preset(
    name="quick",
    cover_size=256,
    video_frames=8,
    video_size=64,
    audio_samples=55_125,  # 2.5 s at 22,050 Hz
    image_size=128,
    shape_resolution=128,
    video=ModalityPreset(steps=1500, lr=3e-3, beta=1.0, batch=8192),
    audio=ModalityPreset(steps=1500, lr=1e-2, beta=1.0, batch=8192),
    image=ModalityPreset(steps=1000, lr=3e-3, beta=1.0, batch=8192),
    shape=ModalityPreset(steps=1000, lr=1e-2, beta=1.0, batch=8192),
)

PAPER = Preset(
    name="paper",
    cover_size=512,
    video_frames=16,
    video_size=128,
    audio_samples=100_000,
    image_size=256,
    shape_resolution=256,
    video=ModalityPreset(steps=5000, lr=3e-3, beta=1.0, batch=65536),
    audio=ModalityPreset(steps=20000, lr=1e-2, beta=1.0, batch=65536),
    image=ModalityPreset(steps=5000, lr=3e-3, beta=1.0, batch=65536),
    shape=ModalityPreset(steps=5000, lr=1e-2, beta=1.0, batch=65536),
)

TINY = Preset(
    name="tiny",
    cover_size=64,
    video_frames=4,
    video_size=16,
    audio_samples=4_096,
    image_size=32,
    shape_resolution=48,
    video=ModalityPreset(steps=150, lr=3e-3, beta=1.0, batch=1024),
    audio=ModalityPreset(steps=150, lr=3e-3, beta=1.0, batch=1024),
    image=ModalityPreset(steps=150, lr=3e-3, beta=1.0, batch=1024),
    shape=ModalityPreset(steps=150, lr=1e-2, beta=1.0, batch=1024),
)

PRESETS = {p.name: p for p in (QUICK, PAPER, TINY)}


def get_preset(name: str) -> Preset:
    if name not in PRESETS:
        raise InputError(f"unknown preset '{name}'; choose one of {', '.join(PRESETS)}")
    return PRESETS[name]


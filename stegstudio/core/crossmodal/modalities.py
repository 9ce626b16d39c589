"""The secret types cross-modal hiding knows, in one table that the engine, the key checks, the CLI
choices and the GUI read: adding a modality is one entry here plus its `Secret` class.

Import-light on purpose (no torch): the GUI builds its forms from this table before torch loads;
`Modality.secret_type` imports the class that loads, renders and writes the data only when a job runs.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from stegstudio.core.errors import InputError
from stegstudio.core.media import formats

if TYPE_CHECKING:
    from stegstudio.core.crossmodal.secrets import Secret


@dataclass(frozen=True)
class ModalityPreset:
    """One preset's choices for one modality: the secret's size (recorded in the key under these
    field names) and how the sender trains (steps, lr, beta and batch never reach the recipient)."""

    sizes: Mapping[str, int]
    steps: int
    lr: float
    beta: float
    batch: int


@dataclass(frozen=True)
class Modality:
    name: str
    description: str  # what a user hides, for help texts
    file_kind: str  # a file dialog's filter name
    network_dims: tuple[int, int]  # (in_dim, out_dim): coordinates in, values out
    network: str  # "siren": the paper's 6-layer SIREN; "sdf": its 8-layer signed-distance layout
    omega_first: float  # the first sine layer's frequency
    input_suffixes: tuple[str, ...]
    output_suffixes: tuple[str, ...]  # the first is the default
    reads_folders: bool  # a folder of files is one secret of this kind (video frames)
    sample: str  # the bundled sample in resources/samples
    size_format: str  # the sizes in words, a str.format template over `presets[...].sizes`
    presets: Mapping[str, ModalityPreset]  # by preset name
    secret_class: str  # its class in crossmodal/secrets.py
    describe: Callable[[Any, Mapping[str, Any]], str]  # a revealed secret and its key metadata, in words

    def secret_type(self) -> type[Secret]:
        module = importlib.import_module("stegstudio.core.crossmodal.secrets")
        return getattr(module, self.secret_class)

    @property
    def default_suffix(self) -> str:
        return self.output_suffixes[0]

    def size_text(self, preset: str) -> str:
        return self.size_format.format(**self.presets[preset].sizes)


def _sizes(**fields: int) -> Mapping[str, int]:
    return dict(fields)


MODALITIES: tuple[Modality, ...] = (
    Modality(
        name="image", description="an image", file_kind="Images", network_dims=(2, 3), network="siren",
        omega_first=30.0, input_suffixes=formats.IMAGE_INPUT_SUFFIXES, output_suffixes=(".png",),
        reads_folders=False, sample="image.png", size_format="{height}²", secret_class="ImageSecret",
        describe=lambda data, meta: f"Image, {data.shape[1]}×{data.shape[0]} px",
        presets={
            "quick": ModalityPreset(_sizes(height=128, width=128), steps=1000, lr=3e-3, beta=1.0, batch=8192),
            "paper": ModalityPreset(_sizes(height=256, width=256), steps=5000, lr=3e-3, beta=1.0, batch=65536),
            "tiny": ModalityPreset(_sizes(height=32, width=32), steps=150, lr=3e-3, beta=1.0, batch=1024),
        },
    ),
    Modality(
        name="video", description="a short video (or a folder of frames)", file_kind="Video", network_dims=(3, 3),
        network="siren", omega_first=30.0, input_suffixes=formats.VIDEO_INPUT_SUFFIXES,
        output_suffixes=formats.VIDEO_OUTPUT_SUFFIXES, reads_folders=True, sample="video.gif",
        size_format="{frames}×{height}²", secret_class="VideoSecret",
        describe=lambda data, meta: (f"Video, {data.shape[0]} frames of {data.shape[2]}×{data.shape[1]} px at "
                                     f"{meta.get('fps', 8)} fps"),
        presets={
            "quick": ModalityPreset(_sizes(frames=8, height=64, width=64), steps=4500, lr=3e-3, beta=3.5,
                                    batch=8192),
            "paper": ModalityPreset(_sizes(frames=16, height=128, width=128), steps=5000, lr=3e-3, beta=1.0,
                                    batch=65536),
            "tiny": ModalityPreset(_sizes(frames=4, height=16, width=16), steps=150, lr=3e-3, beta=1.0, batch=1024),
        },
    ),
    Modality(
        # The first layer at a high frequency so the network can follow speech.
        name="audio", description="a sound", file_kind="Audio", network_dims=(1, 1), network="siren",
        omega_first=3000.0, input_suffixes=formats.AUDIO_INPUT_SUFFIXES, output_suffixes=(".wav",),
        reads_folders=False, sample="audio.wav", size_format="{samples:,} samples", secret_class="AudioSecret",
        describe=lambda data, meta: (f"Audio, {len(data) / int(meta['sample_rate']):.2f} s at "
                                     f"{int(meta['sample_rate']):,} Hz"),
        presets={
            "quick": ModalityPreset(_sizes(samples=55_125), steps=3000, lr=1e-2, beta=0.3, batch=8192),  # 2.5 s
            "paper": ModalityPreset(_sizes(samples=100_000), steps=20000, lr=1e-2, beta=1.0, batch=65536),
            "tiny": ModalityPreset(_sizes(samples=4_096), steps=150, lr=3e-3, beta=1.0, batch=1024),
        },
    ),
    Modality(
        name="shape", description="a 3D shape (a closed mesh)", file_kind="3D meshes", network_dims=(3, 1),
        network="sdf", omega_first=30.0, input_suffixes=formats.MESH_INPUT_SUFFIXES,
        output_suffixes=formats.MESH_OUTPUT_SUFFIXES, reads_folders=False, sample="shape.ply",
        size_format="{resolution}³", secret_class="ShapeSecret",
        describe=lambda data, meta: f"3D shape, {len(data.vertices):,} vertices and {len(data.faces):,} triangles",
        presets={
            "quick": ModalityPreset(_sizes(resolution=128), steps=1000, lr=1e-2, beta=1.0, batch=8192),
            "paper": ModalityPreset(_sizes(resolution=256), steps=5000, lr=1e-2, beta=1.0, batch=65536),
            "tiny": ModalityPreset(_sizes(resolution=48), steps=150, lr=1e-2, beta=1.0, batch=1024),
        },
    ),
)

NAMES: tuple[str, ...] = tuple(m.name for m in MODALITIES)
_BY_NAME = {m.name: m for m in MODALITIES}


def get(name: object) -> Modality:
    """The modality called `name`; an InputError naming the known ones otherwise."""
    if not isinstance(name, str) or name not in _BY_NAME:
        raise InputError(f"unknown secret type '{name}'; use {', '.join(NAMES)}")
    return _BY_NAME[name]


def guess(path: str | Path) -> Modality:
    """Pick the modality from the file name, so the user rarely has to say it."""
    p = Path(path)
    suffix = p.suffix.lower()
    for modality in MODALITIES:
        if (p.is_dir() and modality.reads_folders) or suffix in modality.input_suffixes:
            return modality
    raise InputError(f"{p}: cannot tell what kind of secret this is from '{suffix or '(no suffix)'}'; "
                     f"pass --modality {'|'.join(NAMES)}")


def size_limits() -> dict[str, dict[str, int]]:
    """Per modality, the largest value any preset gives each size field (what a key may claim)."""
    return {m.name: {field: max(p.sizes[field] for p in m.presets.values()) for field in m.presets["quick"].sizes}
            for m in MODALITIES}

"""The kinds of secret Hide media offers, in one table: the only place the GUI names a modality, so the
pages read their file filters, bundled samples and descriptions from here (and a registry can replace it).

A kind's name is the core's modality name and the name of its bundled sample.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from stegstudio.core.media import formats
from stegstudio.gui.widgets.file_picker import suffix_patterns


@dataclass(frozen=True)
class SecretKind:
    name: str
    open_label: str  # the open dialog's filter name
    suffixes: tuple[str, ...]  # what the open dialog lists
    save_label: str  # the save dialog's filter name for a revealed secret
    describe: Callable[[Any, dict[str, Any]], str]  # a revealed secret and its metadata, in words


SECRET_KINDS = (
    SecretKind("video", "Video", formats.VIDEO_INPUT_SUFFIXES, "Video",
               lambda data, meta: f"Video, {data.shape[0]} frames of {data.shape[2]}×{data.shape[1]} px at "
                                  f"{meta.get('fps', 8)} fps"),
    SecretKind("audio", "Audio", formats.AUDIO_INPUT_SUFFIXES, "WAV audio",
               lambda data, meta: f"Audio, {len(data) / int(meta['sample_rate']):.2f} s at "
                                  f"{int(meta['sample_rate']):,} Hz"),
    SecretKind("shape", "3D meshes", formats.MESH_INPUT_SUFFIXES, "3D mesh",
               lambda data, meta: f"3D shape, {len(data.vertices):,} vertices and {len(data.faces):,} triangles"),
    SecretKind("image", "Images", formats.IMAGE_INPUT_SUFFIXES, "PNG image",
               lambda data, meta: f"Image, {data.shape[1]}×{data.shape[0]} px"),
)
KIND_NAMES = tuple(kind.name for kind in SECRET_KINDS)
SECRET_SUFFIXES = tuple(suffix for kind in SECRET_KINDS for suffix in kind.suffixes)
SECRET_FILTER = ";;".join([f"Secrets ({suffix_patterns(SECRET_SUFFIXES)})",
                           *(f"{kind.open_label} ({suffix_patterns(kind.suffixes)})" for kind in SECRET_KINDS),
                           "All files (*)"])


def secret_kind(name: str) -> SecretKind:
    return next(kind for kind in SECRET_KINDS if kind.name == name)

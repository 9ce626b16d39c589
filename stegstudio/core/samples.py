"""Bundled sample files, so every feature can be tried (and tested) without the user's own data.

Sources and licences are in resources/samples/README.md; scripts/make_samples.py regenerates them.
"""

from __future__ import annotations

import importlib.resources
from pathlib import Path

from stegstudio.core.crossmodal.modalities import MODALITIES
from stegstudio.core.errors import InputError

_FILES = {"cover": "cover.png", "cover2": "cover2.png", **{m.name: m.sample for m in MODALITIES}}

SAMPLE_NAMES: tuple[str, ...] = tuple(_FILES)


def sample_path(name: str) -> Path:
    """Path of a bundled sample; the package is installed as plain files, so the path opens directly."""
    if name not in _FILES:
        raise InputError(f"unknown sample '{name}'; the samples are: {', '.join(SAMPLE_NAMES)}")
    return Path(str(importlib.resources.files("stegstudio.resources") / "samples" / _FILES[name]))

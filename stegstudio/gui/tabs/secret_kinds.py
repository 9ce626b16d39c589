"""The Hide media page's file filters, read from the core's modality registry, so the GUI names no
modality itself (a new modality appears here with its entry in `core/crossmodal/modalities.py`)."""

from __future__ import annotations

from stegstudio.core.crossmodal.modalities import MODALITIES
from stegstudio.gui.widgets.file_picker import suffix_patterns

SECRET_SUFFIXES = tuple(suffix for m in MODALITIES for suffix in m.input_suffixes)
SECRET_FILTER = ";;".join([f"Secrets ({suffix_patterns(SECRET_SUFFIXES)})",
                           *(f"{m.file_kind} ({suffix_patterns(m.input_suffixes)})" for m in MODALITIES),
                           "All files (*)"])

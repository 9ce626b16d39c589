"""Cross-modal hiding from and to files: what the CLI and the GUI both do around `engine.hide`/`reveal`.

Every output is checked before the long training starts (the CLI) or before anything is written
(the GUI, which trains first and asks where to save afterwards); every write is atomic, and the
container and its key are written as a pair: both or neither.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from stegstudio.core.crossmodal import engine, modalities, secrets
from stegstudio.core.crossmodal.presets import get_preset
from stegstudio.core.errors import InputError
from stegstudio.core.fileio import LOSSY_SUFFIXES, PendingFile, check_lossless_image, check_output, write_files_atomic
from stegstudio.core.jobs import JobContext
from stegstudio.core.keys import Key
from stegstudio.core.media.image import load_cover, load_image, load_png_exact, save_png

PathLike = str | os.PathLike[str]


@dataclass(frozen=True)
class HideInputs:
    secret: secrets.Secret
    cover: np.ndarray
    notices: list[str]


def load_hide_inputs(secret_path: PathLike, cover_path: PathLike, settings: engine.HideSettings) -> HideInputs:
    """Secret and cover at the preset's sizes, with notices saying what was cropped, resized or cut."""
    preset = get_preset(settings.preset)
    cover, cover_notices = load_cover(cover_path, preset.cover_size)
    secret = secrets.load(secret_path, settings.modality, preset.name)
    return HideInputs(secret, cover, cover_notices + secret.notices)


def check_hide_outputs(container: PathLike, key: PathLike, force: bool = False) -> tuple[Path, Path]:
    check_lossless_image(container)
    out = check_output(container, force)
    key_path = check_output(key, force, suffixes={".json"})
    if out.resolve() == key_path.resolve():
        raise InputError("--out and --key must be different files")
    return out, key_path


def save_hide_outputs(result: engine.HideResult, container: PathLike, key: PathLike,
                      force: bool = False) -> tuple[Path, Path]:
    """Write the container PNG and the key file together (both or neither), after checking both paths;
    a key that holds its seed is written readable by its owner only."""
    out, key_path = check_hide_outputs(container, key, force)
    key_bytes = result.key.to_bytes()
    write_files_atomic([
        PendingFile(out, lambda tmp: save_png(tmp, result.container)),
        PendingFile(key_path, lambda tmp: tmp.write_bytes(key_bytes), result.key.file_mode),
    ])
    return out, key_path


@dataclass(frozen=True)
class RevealInputs:
    container: np.ndarray
    key: Key
    meta: dict[str, Any]

    @property
    def modality(self) -> str:
        return str(self.meta["modality"])


def load_reveal_inputs(container_path: PathLike, key_path: PathLike) -> RevealInputs:
    """The container read bit-exactly and a key that describes a cross-modal secret; a lossy container
    (JPEG, WebP...) only with a key whose container was trained to survive re-encoding (`--robust`)."""
    key = Key.load(key_path)
    meta = key.params.get("secret")
    if not isinstance(meta, dict) or meta.get("modality") not in modalities.NAMES:
        raise InputError(f"{key_path}: not a cross-modal key (no secret description)")
    if Path(container_path).suffix.lower() in LOSSY_SUFFIXES and engine.robust_quality(key) is not None:
        return RevealInputs(load_image(container_path), key, meta)
    return RevealInputs(load_png_exact(container_path), key, meta)


def check_reveal_output(out: PathLike, meta: dict[str, Any], force: bool = False) -> Path:
    return check_output(out, force, suffixes=set(modalities.get(meta["modality"]).output_suffixes))


def save_revealed(out: PathLike, revealed: Any, meta: dict[str, Any], force: bool = False) -> Path:
    """Write a revealed secret in a format its modality allows (the suffix picks it), atomically."""
    path = check_reveal_output(out, meta, force)
    secrets.save(path, revealed, meta)
    return path


@dataclass(frozen=True)
class HideReport:
    """A finished `hide_files`: the engine's result and where the pair was written."""

    result: engine.HideResult
    modality: str
    container: Path
    key: Path
    notices: list[str]

    @property
    def warnings(self) -> list[str]:
        return list(self.result.key.warnings)


def hide_files(secret_path: PathLike, cover_path: PathLike, container: PathLike, key: PathLike,
               settings: engine.HideSettings, force: bool = False, ctx: JobContext | None = None,
               on_notice: Callable[[str], None] | None = None) -> HideReport:
    """Check both outputs, load and fit the inputs (each notice passed to `on_notice` before the training
    starts), train, then write the container and its key as a pair."""
    out, key_path = check_hide_outputs(container, key, force)
    inputs = load_hide_inputs(secret_path, cover_path, settings)
    if on_notice is not None:
        for note in inputs.notices:
            on_notice(note)
    result = engine.hide(inputs.secret, inputs.cover, settings, ctx)
    save_hide_outputs(result, out, key_path, force)
    return HideReport(result, inputs.secret.modality, out, key_path, inputs.notices)


@dataclass(frozen=True)
class RevealReport:
    """A finished `reveal_files`: the secret, where it went (if anywhere) and whether the container is intact."""

    revealed: Any
    modality: str
    out: Path | None
    container_intact: bool | None
    warnings: list[str]
    seconds: float


def reveal_files(container: PathLike, key: PathLike, out: PathLike | None = None, password: str | None = None,
                 device: str = "cpu", force: bool = False, strict: bool = False,
                 ask_password: Callable[[], str] | None = None) -> RevealReport:
    """Reveal from a container file and its key, writing the secret to `out` when given (checked first).
    `ask_password` is called when the key needs a password and none was given."""
    inputs = load_reveal_inputs(container, key)
    if out is not None:
        check_reveal_output(out, inputs.meta, force)
    if password is None and inputs.key.seed_source.kind == "scrypt" and ask_password is not None:
        password = ask_password()
    t0 = time.perf_counter()
    result = engine.reveal_checked(inputs.container, inputs.key, password, device, strict)
    path = save_revealed(out, result.revealed, inputs.meta, force) if out is not None else None
    return RevealReport(result.revealed, inputs.modality, path, result.container_intact, result.notes,
                        time.perf_counter() - t0)

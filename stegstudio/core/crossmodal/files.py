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
from stegstudio.core.fileio import PendingFile, check_lossless_image, check_output, write_files_atomic
from stegstudio.core.jobs import JobContext
from stegstudio.core.keys import Key
from stegstudio.core.media.image import image_format, load_cover, load_image, load_png_exact, save_png

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


def check_hide_outputs(container: PathLike, key: PathLike | None, force: bool = False) -> tuple[Path, Path | None]:
    """Both outputs writable and distinct (`key` None: no key file is to be written)."""
    check_lossless_image(container)
    out = check_output(container, force)
    if key is None:
        return out, None
    key_path = check_output(key, force, suffixes={".json"})
    if out.resolve() == key_path.resolve():
        raise InputError("--out and --key must be different files")
    return out, key_path


def save_hide_outputs(result: engine.HideResult, container: PathLike, key: PathLike | None,
                      force: bool = False) -> tuple[Path, Path | None]:
    """Write the container PNG and the key file together (both or neither), after checking both paths;
    a key that holds its seed is written readable by its owner only. No key file is written when `key`
    is None, which only a container that carries its key hidden allows."""
    if key is None and result.key.header_bits is None:
        raise InputError("this container carries no hidden key (hidden without a password, or its key did not fit), so "
                         "its key file must be written too")
    out, key_path = check_hide_outputs(container, key, force)
    pending = [PendingFile(out, lambda tmp: save_png(tmp, result.container))]
    if key_path is not None:
        key_bytes = result.key.to_bytes()
        pending.append(PendingFile(key_path, lambda tmp: tmp.write_bytes(key_bytes), result.key.file_mode))
    write_files_atomic(pending)
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
    meta = _secret_meta(key, f"{key_path}: not a cross-modal key (no secret description)")
    if _reencoded(container_path) and engine.robust_quality(key) is not None:
        return RevealInputs(load_image(container_path), key, meta)
    return RevealInputs(load_png_exact(container_path), key, meta)


def _reencoded(container_path: PathLike) -> bool:
    """True when the file is not a PNG by its header (a JPEG or WebP of the container), whatever its name."""
    return image_format(container_path) != "PNG"


def _secret_meta(key: Key, damaged: str) -> dict[str, Any]:
    meta = key.params.get("secret")
    if not isinstance(meta, dict) or meta.get("modality") not in modalities.NAMES:
        raise InputError(damaged)
    return meta


def load_sealed_container(container_path: PathLike) -> np.ndarray:
    """A container to reveal with the password alone: only the PNG hide wrote carries a readable header."""
    if _reencoded(container_path):
        raise InputError(f"{container_path}: a re-encoded container has lost its hidden key; reveal it with its "
                         "key file (--key)")
    return load_png_exact(container_path)


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
    key: Path | None  # None: no key file was written, the container carries its key
    notices: list[str]

    @property
    def warnings(self) -> list[str]:
        return list(self.result.key.warnings)


def hide_files(secret_path: PathLike, cover_path: PathLike, container: PathLike, key: PathLike | None,
               settings: engine.HideSettings, force: bool = False, ctx: JobContext | None = None,
               on_notice: Callable[[str], None] | None = None) -> HideReport:
    """Check both outputs, load and fit the inputs (each notice passed to `on_notice` before the training
    starts), train, then write the container and its key as a pair (the container alone when `key` is None,
    which a password allows)."""
    if key is None and (not settings.password or settings.seed_source is not None):
        raise InputError("give --key KEY.json: only a container hidden with a new password carries its own key, "
                         "so without one the recipient needs the key file")
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
    meta: dict[str, Any]  # the secret's description, from the key file or the container's hidden key
    container: np.ndarray


def reveal_files(container: PathLike, key: PathLike | None, out: PathLike | None = None,
                 password: str | None = None, device: str = "cpu", force: bool = False, strict: bool = False,
                 ask_password: Callable[[], str] | None = None) -> RevealReport:
    """Reveal from a container file and its key, writing the secret to `out` when given (checked first).
    With no key the password alone reveals, from the key hidden in the container. `ask_password` is called
    when a password is needed and none was given."""
    if key is None:
        return _reveal_sealed(container, out, password, device, force, strict, ask_password)
    inputs = load_reveal_inputs(container, key)
    if out is not None:
        check_reveal_output(out, inputs.meta, force)
    if password is None and inputs.key.seed_source.kind == "scrypt" and ask_password is not None:
        password = ask_password()
    t0 = time.perf_counter()
    result = engine.reveal_checked(inputs.container, inputs.key, password, device, strict)
    path = save_revealed(out, result.revealed, inputs.meta, force) if out is not None else None
    return RevealReport(result.revealed, inputs.modality, path, result.container_intact, result.notes,
                        time.perf_counter() - t0, inputs.meta, inputs.container)


def _reveal_sealed(container: PathLike, out: PathLike | None, password: str | None, device: str, force: bool,
                   strict: bool, ask_password: Callable[[], str] | None) -> RevealReport:
    """The password-only path: the output's folder is checked first, its format once the header says the
    secret's kind."""
    pixels = load_sealed_container(container)
    if out is not None:
        check_output(out, force)
    if password is None and ask_password is not None:
        password = ask_password()
    if not password:
        raise InputError("give --key KEY.json, or the password the container was hidden with (--password-file "
                         "PATH or STEGSTUDIO_PASSWORD): without a key file the password alone reveals")
    t0 = time.perf_counter()
    key, result = engine.reveal_with_password(pixels, password, device, strict)
    meta = _secret_meta(key, "the container's hidden key describes no cross-modal secret")
    path = save_revealed(out, result.revealed, meta, force) if out is not None else None
    return RevealReport(result.revealed, str(meta["modality"]), path, result.container_intact, result.notes,
                        time.perf_counter() - t0, meta, pixels)

"""The Hide media tab's jobs, run on its worker thread: the same core calls as `stegstudio hide`/`reveal`.

The core (and torch with it) is imported inside the jobs, so the window shows before torch loads.
Nothing is written here: the tab saves a finished result when the user asks, through the core's
atomic writers, so a cancelled or failed job never leaves a file behind.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from stegstudio.core.jobs import JobContext
from stegstudio.gui.tabs import self_check

PREVIEW_EVERY = 20  # steps between container previews (the engine reports every 10 steps)


@dataclass(frozen=True)
class HideRequest:
    secret_path: Path
    cover_path: Path
    modality: str | None
    preset: str
    steps: int | None
    beta: float | None
    lr: float | None
    qat: bool
    device: str
    password: str | None
    cover_psnr: float | None = None  # the fidelity dial's target, or None for the fixed beta
    robust: int | None = None  # the lowest JPEG quality the container must survive, or None (PNG only)
    precision: str = "auto"


@dataclass(frozen=True)
class HideOutcome:
    result: Any  # core.crossmodal.engine.HideResult
    modality: str
    secret: Any  # the secret exactly as it was hidden (preset size)
    secret_meta: dict[str, Any]
    cover: np.ndarray
    notices: list[str]
    analysis: Any  # core.analysis.report.AnalysisReport of the container


def hide(request: HideRequest, ctx: JobContext) -> HideOutcome:
    from stegstudio.core.crossmodal import engine, files
    from stegstudio.core.devices import resolve_device

    settings = engine.HideSettings(
        preset=request.preset, modality=request.modality, steps=request.steps, lr=request.lr, beta=request.beta,
        qat=request.qat, device=resolve_device(request.device), password=request.password,
        cover_psnr=request.cover_psnr, robust=request.robust, precision=request.precision,
    )
    ctx.report("load", 0, 1)
    inputs = files.load_hide_inputs(request.secret_path, request.cover_path, settings)
    ctx.report("load", 1, 1)
    result = engine.hide(inputs.secret, inputs.cover, settings, ctx)
    return HideOutcome(result, inputs.secret.modality, inputs.secret.original, inputs.secret.meta(), inputs.cover,
                       inputs.notices, self_check.run(result.container, ctx))


@dataclass(frozen=True)
class RevealRequest:
    container_path: Path
    key_path: Path | None  # None: the password alone, from the key the container carries
    password: str | None
    device: str


@dataclass(frozen=True)
class RevealOutcome:
    revealed: Any
    meta: dict[str, Any]
    container: np.ndarray
    container_intact: bool | None  # None: a version-1 key cannot tell
    notes: list[str]  # the core's warnings (a changed container, an unchecked one)

    @property
    def modality(self) -> str:
        return str(self.meta["modality"])


def reveal(request: RevealRequest, ctx: JobContext) -> RevealOutcome:
    from stegstudio.core.crossmodal import files
    from stegstudio.core.devices import resolve_device

    device = resolve_device(request.device)
    ctx.report("reveal", 0, 1)
    report = files.reveal_files(request.container_path, request.key_path, password=request.password, device=device)
    ctx.report("reveal", 1, 1)
    return RevealOutcome(report.revealed, report.meta, report.container, report.container_intact, report.warnings)


def save_hidden(outcome: HideOutcome, container: Path, key: Path | None) -> tuple[Path, Path | None]:
    """The container and its key (None: the container alone, when it carries its key) through the core's
    checks and atomic writers; the save dialogs already confirmed overwrites."""
    from stegstudio.core.crossmodal import files

    return files.save_hide_outputs(outcome.result, container, key, force=True)


def save_revealed(outcome: RevealOutcome, out: Path) -> Path:
    from stegstudio.core.crossmodal import files

    return files.save_revealed(out, outcome.revealed, outcome.meta, force=True)


def output_suffixes(modality: str) -> tuple[str, ...]:
    """File types a revealed secret of this kind can be saved as, the default first."""
    from stegstudio.core.crossmodal import modalities

    return modalities.get(modality).output_suffixes

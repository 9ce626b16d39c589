"""The Embed bits tab's jobs, run on its worker thread: the same core calls as `stegstudio embed`/`extract`.

The stego image is kept in memory until the user saves it (through the core's checks and atomic
PNG writer), so a cancelled or failed job leaves no file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from stegstudio.core.fnns import payload
from stegstudio.core.jobs import JobContext
from stegstudio.gui.tabs import self_check


@dataclass(frozen=True)
class EmbedRequest:
    cover_path: Path
    size: int | None
    secret: payload.Message
    password: str
    bpp: float
    ecc: str
    device: str
    mode: str = "fast"
    quality: int = 75  # robust mode's lowest JPEG quality to survive


@dataclass(frozen=True)
class EmbedOutcome:
    stego: np.ndarray
    cover: np.ndarray
    stats: Any  # core.fnns.engine.EmbedStats
    notices: list[str]
    analysis: Any  # core.analysis.report.AnalysisReport of the stego image


def embed(request: EmbedRequest, ctx: JobContext) -> EmbedOutcome:
    from stegstudio.core.devices import resolve_device
    from stegstudio.core.fnns import files

    device = resolve_device(request.device)
    res = files.embed_image(request.cover_path, request.secret, request.password, bpp=request.bpp, ecc=request.ecc,
                            mode=request.mode, size=request.size, device=device, ctx=ctx, quality=request.quality)
    return EmbedOutcome(res.image, res.cover, res.stats, res.notices, self_check.run(res.image, ctx))



@dataclass(frozen=True)
class ExtractRequest:
    stego_path: Path
    password: str
    device: str


@dataclass(frozen=True)
class ExtractOutcome:
    result: Any  # core.fnns.engine.ExtractResult
    stego: np.ndarray

    @property
    def secret(self) -> payload.Message:
        return self.result.secret


def extract(request: ExtractRequest, ctx: JobContext) -> ExtractOutcome:
    from stegstudio.core.devices import resolve_device
    from stegstudio.core.fnns import files
    from stegstudio.core.media.image import load_image

    device = resolve_device(request.device)
    result = files.extract_image(request.stego_path, request.password, device=device, ctx=ctx)
    return ExtractOutcome(result, load_image(request.stego_path))


def save_stego(outcome: EmbedOutcome, out: Path) -> Path:
    """Through the core's lossless-PNG check and atomic writer; the save dialog already confirmed overwriting."""
    from stegstudio.core.fnns import files

    return files.save_stego(out, outcome.stego, force=True)


def save_extracted(secret: payload.Message, out: Path) -> Path:
    from stegstudio.core.fnns import files

    return files.save_secret(secret, out, force=True)


def suggested_name(secret: payload.Message) -> str:
    from stegstudio.core.fnns import files

    return files.default_name(secret) if secret.is_file else "message.txt"

"""The steganalysis self-check a job runs on its result (what `stegstudio analyse` reports), on the
worker thread, so the page can show beside every stego image how a trained detector sees it. It is an
extra: if it cannot run, the result it was checking is still shown and saved, with the reason."""

from __future__ import annotations

from typing import Any

import numpy as np

from stegstudio.core.jobs import JobContext


def run(image: np.ndarray, ctx: JobContext) -> Any:
    """The core's AnalysisReport of `image`, or the reason it could not be made (a str)."""
    ctx.report("analyse", 0, 1)
    try:
        from stegstudio.core.analysis.report import analyse

        report: Any = analyse(image)
    except Exception as exc:  # a missing native library must not lose the job's result
        report = f"{type(exc).__name__}: {exc}"
    ctx.report("analyse", 1, 1)
    return report

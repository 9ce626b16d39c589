"""The steganalysis self-check a job runs on its result (what `stegstudio analyse` reports), on the
worker thread, so the page can show beside every stego image how a trained detector sees it."""

from __future__ import annotations

from typing import Any

import numpy as np

from stegstudio.core.jobs import JobContext


def run(image: np.ndarray, ctx: JobContext) -> Any:
    """The core's AnalysisReport of `image`; the core (and torch) is imported here, on the worker."""
    from stegstudio.core.analysis.report import analyse

    ctx.report("analyse", 0, 1)
    report = analyse(image)
    ctx.report("analyse", 1, 1)
    return report

"""One small protocol for long-running engine work, shared by the CLI and the GUI.

An engine function takes a `JobContext`. It calls `ctx.report(...)` once per step (or every few
steps) with named losses/metrics and, optionally, a preview array; it calls `ctx.check_cancel()`
often enough that a cancel request stops it within a second. The CLI turns reports into a
progress bar, the GUI's QThread worker turns them into Qt signals. Neither knows the engine's
internals, and the engine never knows who listens.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from stegstudio.core.errors import Cancelled


@dataclass(frozen=True)
class ProgressEvent:
    """A snapshot of a running job: where it is, how it is doing, and what it looks like."""

    stage: str
    step: int
    total: int
    values: dict[str, float] = field(default_factory=dict)
    preview: Any | None = None
    elapsed_s: float = 0.0


Listener = Callable[[ProgressEvent], None]


class JobContext:
    """Carries progress out of an engine and a cancel request into it.

    Thread-safe for the one thing that crosses threads: `cancel()` may be called from any thread
    (a GUI button, a signal handler) while the engine runs in another.
    """

    def __init__(self, listener: Listener | None = None, preview_every: int = 0) -> None:
        self._listener = listener
        self._cancel = threading.Event()
        self._t0 = time.perf_counter()
        self.preview_every = preview_every

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check_cancel(self) -> None:
        """Raise `Cancelled` if a cancel was requested; engines call this between steps."""
        if self._cancel.is_set():
            raise Cancelled("cancelled by the user; nothing was written")

    def wants_preview(self, step: int) -> bool:
        return self._listener is not None and self.preview_every > 0 and step % self.preview_every == 0

    def report(
        self,
        stage: str,
        step: int,
        total: int,
        values: dict[str, float] | None = None,
        preview: Any | None = None,
    ) -> None:
        if self._listener is not None:
            self._listener(
                ProgressEvent(stage, step, total, dict(values or {}), preview, time.perf_counter() - self._t0)
            )
        self.check_cancel()


def quiet() -> JobContext:
    """A context nobody listens to, for library calls and tests."""
    return JobContext()

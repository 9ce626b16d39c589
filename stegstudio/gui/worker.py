"""Long jobs on a QThread, speaking the core's job protocol (`JobContext` in, `ProgressEvent`s out).

A job is any callable `job(ctx) -> result` that calls the same core functions the CLI calls. The
runner turns the engine's progress reports into Qt signals, and a Cancel into `ctx.cancel()`,
which the engine notices within a step. Reports are batched (at most one signal every
`BATCH_SECONDS`, plus one at every stage change and stage end) so a fast GPU loop cannot flood
the event loop, yet no report is dropped: loss curves get every point.

The outcome (result, failure or cancellation) is announced from the GUI thread after the thread
has finished, so a handler may start the next job straight away.
"""

from __future__ import annotations

import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QEventLoop, QObject, QThread, QTimer, Signal

from stegstudio.core.errors import Cancelled, StegError
from stegstudio.core.jobs import JobContext, ProgressEvent

BATCH_SECONDS = 0.05

Job = Callable[[JobContext], Any]


@dataclass(frozen=True)
class JobFailure:
    """What went wrong, ready for a dialog: `expected` errors carry a message written for the user."""

    title: str
    message: str
    details: str
    expected: bool

    @staticmethod
    def from_exception(exc: BaseException) -> JobFailure:
        if isinstance(exc, StegError):
            return JobFailure("Cannot do that", str(exc), "", True)
        details = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
        return JobFailure("Unexpected error", f"{type(exc).__name__}: {exc}", details, False)


class _ProgressBatcher:
    """The listener the engine calls (on the worker thread): collects events, hands them on in batches."""

    def __init__(self, emit: Callable[[list[ProgressEvent]], None]) -> None:
        self._emit = emit
        self._pending: list[ProgressEvent] = []
        self._last_emit = 0.0
        self._stage = ""

    def __call__(self, event: ProgressEvent) -> None:
        stage_changed = event.stage != self._stage
        if stage_changed and self._pending:
            self.flush()
        self._stage = event.stage
        self._pending.append(event)
        now = time.monotonic()
        if stage_changed or event.step >= event.total or now - self._last_emit >= BATCH_SECONDS:
            self.flush()

    def flush(self) -> None:
        if self._pending:
            batch, self._pending = self._pending, []
            self._last_emit = time.monotonic()
            self._emit(batch)


class _JobThread(QThread):
    progress = Signal(list)

    def __init__(self, job: Job, preview_every: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.job = job
        self.batcher = _ProgressBatcher(self.progress.emit)
        self.ctx = JobContext(self.batcher, preview_every)
        self.result: Any = None
        self.failure: JobFailure | None = None
        self.cancel_message = ""

    def run(self) -> None:
        try:
            self.result = self.job(self.ctx)
        except Cancelled as exc:
            self.cancel_message = str(exc)  # the engine says what a cancel left behind (e.g. a checkpoint)
        except Exception as exc:  # every failure must reach the user as a dialog, never kill the thread silently
            self.failure = JobFailure.from_exception(exc)
        finally:
            self.batcher.flush()


class JobRunner(QObject):
    """One job at a time (per tab). `start` refuses while busy; `cancel` is safe at any time."""

    progress = Signal(list)  # list[ProgressEvent]
    succeeded = Signal(object)
    failed = Signal(object)  # JobFailure
    cancelled = Signal()
    busy_changed = Signal(bool)
    finished = Signal()  # after succeeded / failed / cancelled

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thread: _JobThread | None = None
        self.cancel_message = ""  # the last cancelled job's own words; empty if it ended without raising

    @property
    def busy(self) -> bool:
        return self._thread is not None

    def start(self, job: Job, preview_every: int = 0) -> None:
        if self._thread is not None:
            raise RuntimeError("a job is already running in this tab; wait for it or cancel it")
        thread = _JobThread(job, preview_every, self)
        thread.progress.connect(self.progress)
        thread.finished.connect(self._on_thread_finished)
        self._thread = thread
        self.busy_changed.emit(True)
        thread.start()

    def cancel(self) -> None:
        if self._thread is not None:
            self._thread.ctx.cancel()

    def wait(self, timeout_s: float) -> bool:
        """Block until the thread ends (for shutdown); outcome signals still follow via the event loop."""
        return self._thread is None or self._thread.wait(int(timeout_s * 1000))

    def wait_for_outcome(self, timeout_s: float) -> bool:
        """Spin a local event loop until the job's outcome was announced; False on timeout."""
        if self._thread is None:
            return True
        loop = QEventLoop()
        self.finished.connect(loop.quit)
        QTimer.singleShot(int(timeout_s * 1000), loop.quit)
        loop.exec()
        self.finished.disconnect(loop.quit)
        return self._thread is None

    def _on_thread_finished(self) -> None:
        thread = self._thread
        if thread is None:
            return
        self._thread = None
        thread.deleteLater()
        self.busy_changed.emit(False)
        if thread.failure is not None:
            self.failed.emit(thread.failure)
        elif thread.ctx.cancelled:
            self.cancel_message = thread.cancel_message
            self.cancelled.emit()  # a result that raced the cancel is dropped too: the user asked for nothing
        else:
            self.succeeded.emit(thread.result)
        self.finished.emit()

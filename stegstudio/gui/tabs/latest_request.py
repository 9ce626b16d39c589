"""Requests for a tab's one worker that arrive while it is busy: not dropped, not piled up either. Only
the latest waits, and it starts when the running job ends; debounced inputs (a slider being dragged)
ask once per pause, not once per change."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

from stegstudio.gui.tabs.base import StudioTab


class LatestRequest(QObject):
    def __init__(self, tab: StudioTab) -> None:
        super().__init__(tab)
        self.tab = tab
        self.pending: Callable[[], None] | None = None
        tab.runner.finished.connect(self._run_pending)

    def request(self, start: Callable[[], None]) -> None:
        """Start now, or when the running job ends (replacing any request already waiting)."""
        if self.tab.busy:
            self.pending = start
        else:
            start()

    def debouncer(self, start: Callable[[], None], interval_ms: int) -> QTimer:
        """A timer to (re)start on each change; `start` is requested once it runs out."""
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(interval_ms)
        timer.timeout.connect(lambda: self.request(start))
        return timer

    def _run_pending(self) -> None:
        start, self.pending = self.pending, None
        if start is not None and not self.tab.busy:
            start()

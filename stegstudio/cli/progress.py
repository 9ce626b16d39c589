"""Terminal rendering of job progress: a one-line bar on stderr, so stdout stays clean for --json."""

from __future__ import annotations

import sys
import time
from typing import TextIO

from stegstudio.core.jobs import ProgressEvent


class ProgressBar:
    """Redraws at most every 0.1 s on a terminal; elsewhere (a log file, CI) prints a plain line per
    stage, its end, and one line every LOG_EVERY_S seconds so a long run shows it is alive."""

    LOG_EVERY_S = 30.0

    def __init__(self, stream: TextIO | None = None, enabled: bool = True) -> None:
        self.stream = stream or sys.stderr
        self.enabled = enabled
        self._tty = self.stream.isatty()
        self._last_draw = 0.0
        self._stage = ""
        self._drawn = False  # whether the terminal line holds a bar that needs ending

    def __call__(self, ev: ProgressEvent) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        final = ev.step >= ev.total
        new_stage = ev.stage != self._stage
        if new_stage:
            self._finish_line()
            self._stage = ev.stage
            if not self._tty:
                self._last_draw = now
                self.stream.write(f"{ev.stage} ...\n")
        if not self._tty:
            if final:
                self.stream.write(f"{ev.stage}: done in {ev.elapsed_s:.1f} s {self._values(ev)}\n")
            elif now - self._last_draw >= self.LOG_EVERY_S:
                self._last_draw = now
                self.stream.write(f"{ev.stage}: {ev.step}/{ev.total} {ev.elapsed_s:.0f} s {self._values(ev)}\n")
                self.stream.flush()
            return
        if not final and not new_stage and now - self._last_draw < 0.1:
            return
        self._last_draw = now
        width = 28
        filled = int(width * ev.step / max(ev.total, 1))
        bar = "#" * filled + "-" * (width - filled)
        self.stream.write(f"\r{ev.stage:<10} [{bar}] {ev.step}/{ev.total} {ev.elapsed_s:6.1f}s {self._values(ev)}")
        self.stream.flush()
        self._drawn = True

    @staticmethod
    def _values(ev: ProgressEvent) -> str:
        return " ".join(f"{k}={v:.4g}" for k, v in ev.values.items())

    def _finish_line(self) -> None:
        if self._tty and self._drawn:
            self.stream.write("\n")
        self._drawn = False

    def close(self) -> None:
        self._finish_line()
        self._stage = ""
        self.stream.flush()

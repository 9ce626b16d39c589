"""Live training curves: one stacked plot per panel of named values, redrawn at most a few times a second.

Values arrive in batches from the worker (every report, none dropped); drawing is what is
throttled, by a timer that redraws only when something new came in.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QVBoxLayout, QWidget

from stegstudio.core.jobs import ProgressEvent

REDRAW_MS = 250
COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e")
LOG_FLOOR = 1e-12


@dataclass(frozen=True)
class PlotPanel:
    """A plot of some named values; log-y for losses spanning decades, linear for dB and rates."""

    title: str
    names: tuple[str, ...]
    log_y: bool = False


class LossPlot(QWidget):
    def __init__(self, stage: str, panels: Iterable[PlotPanel], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.stage = stage
        self.canvas = pg.GraphicsLayoutWidget()
        self.canvas.setBackground(None)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.canvas)
        self.curves: dict[str, pg.PlotDataItem] = {}
        self.log_names: set[str] = set()
        self.steps: dict[str, list[int]] = {}
        self.values: dict[str, list[float]] = {}
        first = None
        for row, panel in enumerate(panels):
            plot = self.canvas.addPlot(row=row, col=0, title=panel.title)
            plot.setLogMode(y=panel.log_y)
            plot.showGrid(x=True, y=True, alpha=0.2)
            plot.addLegend(offset=(-10, 10))
            if first is None:
                first = plot
            else:
                plot.setXLink(first)
            for i, name in enumerate(panel.names):
                self.curves[name] = plot.plot(name=name.replace("_", " "), pen=pg.mkPen(COLOURS[i % len(COLOURS)],
                                                                                       width=2))
                if panel.log_y:
                    self.log_names.add(name)
        if first is not None:
            first.setLabel("bottom", "step")
        self._dirty = False
        self.timer = QTimer(self)
        self.timer.setInterval(REDRAW_MS)
        self.timer.timeout.connect(self.redraw)
        self.timer.start()
        self.clear()

    def clear(self) -> None:
        self.steps = {name: [] for name in self.curves}
        self.values = {name: [] for name in self.curves}
        for curve in self.curves.values():
            curve.setData([], [])
        self._dirty = False

    def add_events(self, events: Iterable[ProgressEvent]) -> None:
        for event in events:
            if event.stage != self.stage:
                continue
            for name, value in event.values.items():
                if name in self.curves and np.isfinite(value):
                    self.steps[name].append(event.step)
                    self.values[name].append(max(value, LOG_FLOOR) if name in self.log_names else value)
                    self._dirty = True

    def point_count(self, name: str) -> int:
        return len(self.values.get(name, []))

    def redraw(self) -> None:
        if not self._dirty:
            return
        self._dirty = False
        for name, curve in self.curves.items():
            curve.setData(self.steps[name], self.values[name])

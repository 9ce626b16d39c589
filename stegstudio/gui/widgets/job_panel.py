"""Start and Cancel buttons, a progress bar and the current step with its named values, for one runner.

Several panels may share a tab's runner (hide and reveal): while any job runs, every Start is off.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from stegstudio.core.jobs import ProgressEvent
from stegstudio.gui.worker import JobRunner


def describe(event: ProgressEvent) -> str:
    """"hide 120/150 · secret loss 0.0123 · cover PSNR 31.2" for the status line."""
    parts = [f"{event.stage} {event.step}/{event.total}"]
    parts += [f"{name.replace('_', ' ')} {value:.4g}" for name, value in event.values.items()]
    return " · ".join(parts)


class JobPanel(QWidget):
    start_requested = Signal()

    def __init__(self, runner: JobRunner, start_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.owns_job = False
        self.start_button = QPushButton(start_text)
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(self.start_requested)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(runner.cancel)
        self.bar = QProgressBar()
        self.bar.setTextVisible(True)
        self.bar.setValue(0)
        self.step_label = QLabel("Idle")
        self.step_label.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.start_button, 1)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.bar)
        layout.addWidget(self.step_label)
        runner.busy_changed.connect(self._on_busy)
        runner.progress.connect(self._on_progress)

    def begin(self) -> None:
        """Mark this panel as the one whose job runs (call right before runner.start)."""
        self.owns_job = True
        self.bar.setRange(0, 0)
        self.step_label.setText("Starting…")

    def end(self, message: str, done: bool) -> None:
        self.owns_job = False
        self.bar.setRange(0, 100)
        self.bar.setValue(100 if done else 0)
        self.step_label.setText(message)

    def _on_busy(self, busy: bool) -> None:
        self.start_button.setEnabled(not busy)
        self.cancel_button.setEnabled(busy and self.owns_job)

    def _on_progress(self, events: list[ProgressEvent]) -> None:
        if not self.owns_job or not events:
            return
        last = events[-1]
        self.bar.setRange(0, max(1, last.total))
        self.bar.setValue(last.step)
        self.bar.setFormat(f"{last.stage}: %p%")
        self.step_label.setText(describe(last))

"""What the main window needs from a tab, so adding a tab is one module plus one line in `registry.py`.

A tab owns one `JobRunner` (one job at a time per tab), reports through `status_message`, takes
dropped or recently used files in `accept_files` and keeps its choices in QSettings. What drives a
tab unattended (`stegstudio gui --self-test`, `--demo`) lives in `stegstudio.gui.selftest`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar, TypeVar

import shiboken6
from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QMessageBox, QPushButton, QScrollArea, QSplitter, QVBoxLayout, QWidget

from stegstudio.core.errors import StegError
from stegstudio.gui import dialogs
from stegstudio.gui.widgets.file_picker import dropped_paths
from stegstudio.gui.widgets.job_panel import JobPanel
from stegstudio.gui.widgets.secret_view import SecretView
from stegstudio.gui.worker import Job, JobFailure, JobRunner

RequestT = TypeVar("RequestT")
SavedT = TypeVar("SavedT")


def form_beside_results(form: QWidget, results: QWidget) -> QSplitter:
    """The layout every tab shares: its form on the left (scrolling vertically, never clipped
    horizontally), what it produces on the right, taking the room that is left."""
    scroll = QScrollArea()
    scroll.setWidget(form)
    scroll.setWidgetResizable(True)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    scroll.setMinimumWidth(form.minimumSizeHint().width() + scroll.verticalScrollBar().sizeHint().width() + 4)
    splitter = QSplitter(Qt.Orientation.Horizontal)
    splitter.addWidget(scroll)
    splitter.addWidget(results)
    splitter.setStretchFactor(1, 1)
    splitter.setCollapsible(0, False)
    splitter.setSizes([scroll.minimumWidth(), 1000])
    return splitter


def form_column(*widgets: QWidget) -> QWidget:
    """A tab page's form: its boxes, job panel and result buttons top-down, the spare height below."""
    page = QWidget()
    layout = QVBoxLayout(page)
    for widget in widgets:
        layout.addWidget(widget)
    layout.addStretch(1)
    return page


def split(orientation: Qt.Orientation, widgets: list[QWidget], sizes: list[int],
          stretch: int | None = None) -> QSplitter:
    """Result views next to (or above) each other, resizable by dragging; `stretch`: the one given spare room."""
    splitter = QSplitter(orientation)
    for widget in widgets:
        splitter.addWidget(widget)
    if stretch is not None:
        splitter.setStretchFactor(stretch, 1)
    splitter.setSizes(sizes)
    return splitter


def column(widgets: list[QWidget], grow: QWidget) -> QWidget:
    """Widgets top-down without margins, `grow` taking the spare height."""
    page = QWidget()
    layout = QVBoxLayout(page)
    layout.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        layout.addWidget(widget, 1 if widget is grow else 0)
    return page


def notes_sentence(notices: list[str]) -> str:
    """The core's notices (a cover it resized, say) as a sentence that ends a status message."""
    return f" Notes: {'; '.join(notices)}." if notices else ""


def result_button(text: str, slot: Callable[[], None]) -> QPushButton:
    """A button that acts on a job's result (save it, use it): disabled until there is one."""
    button = QPushButton(text)
    button.setEnabled(False)
    button.clicked.connect(slot)
    return button


class MissingInput(StegError):
    """A form is incomplete; shown like any other input error."""


class StudioTab(QWidget):
    name: ClassVar[str]  # for --tab, settings keys and tests
    title: ClassVar[str]  # the tab's label

    status_message = Signal(str)
    file_used = Signal(str)  # a file the user opened: for the recent-files menu

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = JobRunner(self)
        self.runner.succeeded.connect(self._on_succeeded)
        self.runner.cancelled.connect(self._on_cancelled)
        self.runner.failed.connect(self.report_failure)
        self.setAcceptDrops(True)
        self.last_failure: JobFailure | None = None
        self.last_dialog: QMessageBox | None = None
        self._panel: JobPanel | None = None
        self._on_success: Callable[[Any], None] | None = None

    # -- what each tab provides
    def accept_files(self, paths: list[Path]) -> bool:
        """Put dropped/recent files where they belong; False if none of them fits this tab."""
        raise NotImplementedError

    def open_files(self) -> None:
        """File > Open: the tab's main input dialog."""
        raise NotImplementedError

    def start_job(self) -> None:
        """Job > Start: the job of the page in view."""
        raise NotImplementedError

    def save_result(self) -> None:
        """File > Save result: the result of the page in view."""
        raise NotImplementedError

    def save_settings(self, store: QSettings) -> None:
        raise NotImplementedError

    def restore_settings(self, store: QSettings) -> None:
        raise NotImplementedError

    def use_cover(self, path: Path) -> None:
        """Tabs with a cover picker: take a cover made in the Cover generator tab."""
        raise NotImplementedError

    # -- shared behaviour
    @property
    def busy(self) -> bool:
        return self.runner.busy

    def cancel_job(self) -> None:
        self.runner.cancel()

    def form_request(self, build: Callable[[], RequestT]) -> RequestT | None:
        """What every Start button does first: nothing while this tab runs a job, and an incomplete
        form explains itself in a dialog instead of starting."""
        if self.busy:
            return None
        try:
            return build()
        except MissingInput as exc:
            dialogs.show_error(self, exc)
            return None

    def save_with_dialog(self, write: Callable[[], SavedT]) -> SavedT | None:
        """Every Save goes through here: what `write` returns, or None when the core refused (a lossy
        suffix, a full disk) and a dialog says why."""
        try:
            return write()
        except StegError as exc:
            dialogs.show_error(self, exc)
            return None

    def launch(self, panel: JobPanel, job: Job, on_success: Callable[[Any], None], preview_every: int = 0) -> None:
        """Run `job` on this tab's worker, with `panel` showing its progress and `on_success` its result."""
        self._panel, self._on_success = panel, on_success
        panel.begin()
        self.runner.start(job, preview_every)

    def _end_panel(self, message: str, done: bool = False) -> None:
        if self._panel is not None:
            self._panel.end(message, done)
        self._panel = None

    def _on_succeeded(self, result: Any) -> None:
        on_success, self._on_success = self._on_success, None
        self._end_panel("Done", done=True)
        if on_success is not None:
            on_success(result)

    def _on_cancelled(self) -> None:
        """The engine's own message where it raised one: a cancelled training run says where its checkpoint is."""
        core_message = self.runner.cancel_message
        message = core_message[:1].upper() + core_message[1:] if core_message else "Cancelled; nothing was written"
        self._end_panel(message)
        self.status_message.emit(message)

    def report_failure(self, failure: JobFailure) -> None:
        first_line = failure.message.splitlines()[0] if failure.message else failure.title
        self._end_panel(f"Failed: {first_line}")
        self.last_failure = failure
        self.status_message.emit(first_line)
        self.last_dialog = dialogs.show_failure(self, failure)

    def close_last_dialog(self) -> None:
        """Close the last error dialog if the user has not already (it deletes itself on close)."""
        if self.last_dialog is not None and shiboken6.isValid(self.last_dialog):
            self.last_dialog.close()
        self.last_dialog = None

    def release(self) -> None:
        """Before the window closes: free native views (VTK) while their windows still exist."""
        for view in self.findChildren(SecretView):
            view.release()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 (Qt's name)
        if dropped_paths(event):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 (Qt's name)
        paths = dropped_paths(event)
        if paths and self.accept_files(paths):
            event.acceptProposedAction()
            for path in paths:
                self.file_used.emit(str(path))
        elif paths:
            self.status_message.emit(f"{self.title}: cannot use {', '.join(p.name for p in paths)} here")

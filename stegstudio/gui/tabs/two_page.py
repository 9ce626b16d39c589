"""A tab of two pages (Hide/Reveal, Embed/Extract, Sample/Train): the page switch and the main window's
requests routed to the page in view, so each page module holds one job and nothing else.

Each page puts its form on the tab's left and its results on the right; switching pages switches
both. Settings are each page's `settings` table plus the page in view. A result saved on the first
page (`saved`) goes to the second (`take_saved`), which can check it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtWidgets import QStackedWidget, QTabWidget, QVBoxLayout, QWidget

from stegstudio.gui.settings_binding import SettingsTable, restore_table, save_table
from stegstudio.gui.tabs.base import StudioTab, form_beside_results, result_button
from stegstudio.gui.tabs.cover_source import generated_label
from stegstudio.gui.widgets.file_picker import FilePicker
from stegstudio.gui.widgets.job_panel import JobPanel
from stegstudio.gui.worker import Job


class TabPage(QObject):
    """One job of a two-page tab. Subclasses name their Start and Save buttons, build `form` (where
    `panel` and `save_button` go) and `results`, name their `main_input` (File > Open) and
    `cover_input` (covers from the Cover generator) where they have one, list their `settings`, and
    fill in the steps of `start_job`."""

    saved = Signal(list)  # the paths of a result just saved (as text), for the other page
    preview_every = 0  # steps between previews the job sends, 0 for none
    outcome: Any = None  # what the last job returned; None while none has, or one runs
    start_label: ClassVar[str]  # the job panel's Start button
    save_label: ClassVar[str] = ""  # the Save button under it; none if empty

    def __init__(self, tab: StudioTab) -> None:
        super().__init__(tab)
        self.tab = tab
        self.panel = JobPanel(tab.runner, self.start_label)
        self.panel.start_requested.connect(self.start_job)
        self.save_button = result_button(self.save_label, self.save_result) if self.save_label else None
        self.main_input: FilePicker | None = None
        self.cover_input: FilePicker | None = None
        self.settings: SettingsTable = {}
        self.form = self.build_form()
        self.results = self.build_results()

    def build_form(self) -> QWidget:
        raise NotImplementedError

    def build_results(self) -> QWidget:
        raise NotImplementedError

    def start_job(self) -> None:
        """Start: read the form (an incomplete one explains itself), forget the last result, run the job."""
        request = self.tab.form_request(self.request)
        if request is None:
            return
        self.outcome = None
        if self.save_button is not None:
            self.save_button.setEnabled(False)
        self.clear_result()
        job, announcement = self.job(request)
        self.tab.launch(self.panel, job, self._finish, self.preview_every)
        self.tab.status_message.emit(announcement)

    def _finish(self, outcome: Any) -> None:
        self.outcome = outcome
        self.show_result(outcome)
        if self.save_button is not None:
            self.save_button.setEnabled(True)

    def announce_saved(self, paths: list[Path], message: str) -> None:
        """A result just written: the first file in the recent files, all of them offered to the other
        page, and `message` in the status bar."""
        self.tab.file_used.emit(str(paths[0]))
        self.saved.emit([str(path) for path in paths])
        self.tab.status_message.emit(message)

    # -- the steps of start_job
    def request(self) -> Any:
        """What the form asks for; MissingInput when it is incomplete."""
        raise NotImplementedError

    def job(self, request: Any) -> tuple[Job, str]:
        """The job to run for `request`, and the status line that announces it."""
        raise NotImplementedError

    def clear_result(self) -> None:
        raise NotImplementedError

    def show_result(self, outcome: Any) -> None:
        raise NotImplementedError

    # -- the main window's other requests
    def save_result(self) -> None:
        """File > Save result, and the Save button: a save dialog for the result on show, if there is one."""
        if self.outcome is not None:
            self.save_dialog()

    def save_dialog(self) -> None:
        raise NotImplementedError

    def accept_file(self, path: Path) -> bool:
        """Put `path` where it belongs on this page; False if it has no place here."""
        return False

    def take_saved(self, paths: list[str]) -> None:
        """What the other page just saved."""


class TwoPageTab(StudioTab):
    # (label on the switch, attribute name, page type), in the order they are shown: `HideTab().reveal`
    # is its Reveal page
    page_types: ClassVar[tuple[tuple[str, str, type[TabPage]], tuple[str, str, type[TabPage]]]]

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.modes = QTabWidget()
        self.results = QStackedWidget()
        pages = []
        for label, attribute, page_type in self.page_types:
            page = page_type(self)
            setattr(self, attribute, page)
            self.modes.addTab(page.form, label)
            self.results.addWidget(page.results)
            pages.append(page)
        self.pages = tuple(pages)
        self.pages[0].saved.connect(self.pages[1].take_saved)
        self.modes.currentChanged.connect(self.results.setCurrentIndex)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(form_beside_results(self.modes, self.results))

    @property
    def current_page(self) -> TabPage:
        return self.pages[self.modes.currentIndex()]

    def show_page(self, page: TabPage) -> None:
        self.modes.setCurrentIndex(self.pages.index(page))

    def start_job(self) -> None:
        self.current_page.start_job()

    def save_result(self) -> None:
        self.current_page.save_result()

    def open_files(self) -> None:
        if self.current_page.main_input is not None:
            self.current_page.main_input.choose()

    def accept_files(self, paths: list[Path]) -> bool:
        """Each file to the page in view if it has a place for it, else to the other page, which comes to the front."""
        used = False
        for path in paths:
            current = self.current_page
            other = self.pages[1 - self.pages.index(current)]
            if current.accept_file(path):
                used = True
            elif other.accept_file(path):
                self.show_page(other)
                used = True
        return used

    def use_cover(self, path: Path) -> None:
        """Listed in the first page's cover picker under a readable name, and chosen."""
        self.show_page(self.pages[0])
        self.pages[0].cover_input.add_choice(generated_label(path), path)

    def save_settings(self, store: QSettings) -> None:
        for page in self.pages:
            save_table(store, page.settings)
        store.setValue(f"{self.name}/mode", self.modes.currentIndex())

    def restore_settings(self, store: QSettings) -> None:
        for page in self.pages:
            restore_table(store, page.settings)
        self.modes.setCurrentIndex(int(store.value(f"{self.name}/mode", 0)))

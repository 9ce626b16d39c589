"""A tab of two pages (Hide/Reveal, Embed/Extract, Sample/Train): the page switch and the main window's
requests routed to the page in view, so each page module holds one job and nothing else.

Each page puts its form on the tab's left and its results on the right; switching pages switches
both. Settings are each page's `settings` table plus the page in view.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QSettings
from PySide6.QtWidgets import QStackedWidget, QTabWidget, QVBoxLayout, QWidget

from stegstudio.gui.settings_binding import SettingsTable, restore_table, save_table
from stegstudio.gui.tabs.base import StudioTab, form_beside_results


class TabPage(QObject):
    """One job of a two-page tab; subclasses build `form` and `results` and list `settings`."""

    def __init__(self, tab: StudioTab) -> None:
        super().__init__(tab)
        self.tab = tab
        self.form = QWidget()
        self.results = QWidget()
        self.settings: SettingsTable = {}

    def start_job(self) -> None:
        raise NotImplementedError

    def save_result(self) -> None:
        raise NotImplementedError

    def open_files(self) -> None:
        raise NotImplementedError

    def accept_file(self, path: Path) -> bool:
        """Put `path` where it belongs on this page; False if it has no place here."""
        return False

    def use_cover(self, path: Path) -> None:
        """Pages with a cover picker: take a cover made in the Cover generator tab."""
        raise NotImplementedError


PageEntry = tuple[str, TabPage]  # the page's label on the switch, the page


class TwoPageTab(StudioTab):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        first, second = self.build_pages()
        self.pages = (first[1], second[1])
        self.modes = QTabWidget()
        self.results = QStackedWidget()
        for label, page in (first, second):
            self.modes.addTab(page.form, label)
            self.results.addWidget(page.results)
        self.modes.currentChanged.connect(self.results.setCurrentIndex)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(form_beside_results(self.modes, self.results))

    def build_pages(self) -> tuple[PageEntry, PageEntry]:
        """The two pages, made on this tab (`page.tab is self`), in the order they are shown."""
        raise NotImplementedError

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
        self.current_page.open_files()

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
        self.show_page(self.pages[0])
        self.pages[0].use_cover(path)

    def save_settings(self, store: QSettings) -> None:
        for page in self.pages:
            save_table(store, page.settings)
        store.setValue(f"{self.name}/mode", self.modes.currentIndex())

    def restore_settings(self, store: QSettings) -> None:
        for page in self.pages:
            restore_table(store, page.settings)
        self.modes.setCurrentIndex(int(store.value(f"{self.name}/mode", 0)))

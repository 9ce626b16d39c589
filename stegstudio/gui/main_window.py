"""The main window: one tab per workflow (from `tabs.registry`), menus, shortcuts, status bar, and
the window's memory (geometry, open tab, recent files, each tab's settings) in QSettings."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMessageBox, QTabWidget, QWidget

from stegstudio import __version__
from stegstudio.gui import dialogs, settings
from stegstudio.gui.tabs.base import StudioTab
from stegstudio.gui.tabs.cover_tab import CoverTab
from stegstudio.gui.tabs.registry import TAB_TYPES
from stegstudio.gui.widgets.file_picker import FilePicker

SHUTDOWN_WAIT_S = 30.0
STATUS_TIMEOUT_MS = 0  # messages stay until the next one

ABOUT_TEXT = f"""<h3>StegStudio {__version__}</h3>
<p>Steganography with implicit neural representations.</p>
<ul>
<li><b>Hide media</b>: hide a video, a sound, a 3D shape or an image inside a cover photo
(cross-modal hiding, Han et al., ICIP 2023).</li>
<li><b>Cover generator</b>: sample covers of any size from a generator (GASP), or train one on your photos.</li>
<li><b>Embed bits</b>: hide a message or a file in any image with a password (FNNS).</li>
</ul>
<p>The same engine runs the command line: <code>stegstudio --help</code>.</p>"""


class MainWindow(QMainWindow):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("StegStudio")
        self.resize(1440, 900)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tab_list: list[StudioTab] = []
        for tab_type in TAB_TYPES:
            tab = tab_type()
            tab.status_message.connect(self.show_status)
            tab.file_used.connect(self._remember_file)
            for picker in tab.findChildren(FilePicker):  # files chosen from now on, not the defaults set above
                picker.path_changed.connect(self._remember_file)
            if isinstance(tab, CoverTab):
                tab.cover_ready.connect(self.use_cover)
            self.tabs.addTab(tab, tab.title)
            self.tab_list.append(tab)
        self.setCentralWidget(self.tabs)
        self.statusBar().showMessage("Ready. Choose inputs on the left (or drop files on the window) and press Start.")
        self._build_menus()
        self._restore()

    # ------------------------------------------------------------------ menus
    def _action(self, text: str, slot: object, shortcut: QKeySequence | str | None = None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.addAction(self._action("&Open…", lambda: self.current_tab.open_files(),
                                         QKeySequence.StandardKey.Open))
        self.recent_menu = file_menu.addMenu("Open &recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        file_menu.addAction(self._action("&Save result…", lambda: self.current_tab.save_result(),
                                         QKeySequence.StandardKey.Save))
        file_menu.addSeparator()
        file_menu.addAction(self._action("&Quit", self.close, "Ctrl+Q"))
        job_menu = bar.addMenu("&Job")
        job_menu.addAction(self._action("&Start", lambda: self.current_tab.start_job(), "Ctrl+Return"))
        job_menu.addAction(self._action("&Cancel", lambda: self.current_tab.cancel_job(), "Esc"))
        view_menu = bar.addMenu("&View")
        for index, tab in enumerate(self.tab_list):
            view_menu.addAction(self._action(tab.title, lambda _=False, i=index: self.tabs.setCurrentIndex(i),
                                             f"Ctrl+{index + 1}"))
        help_menu = bar.addMenu("&Help")
        help_menu.addAction(self._action("&About StegStudio", self.show_about))
        help_menu.addAction(self._action("About &Qt", lambda: QMessageBox.aboutQt(self)))

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        paths = settings.recent_files()
        for path in paths:
            self.recent_menu.addAction(self._action(path, lambda _=False, p=path: self.open_paths([Path(p)])))
        if not paths:
            empty = self.recent_menu.addAction("(none yet)")
            empty.setEnabled(False)

    def show_about(self) -> None:
        QMessageBox.about(self, "About StegStudio", ABOUT_TEXT)

    # ------------------------------------------------------------------ tabs
    @property
    def current_tab(self) -> StudioTab:
        return self.tab_list[self.tabs.currentIndex()]

    def tab(self, name: str) -> StudioTab:
        for tab in self.tab_list:
            if tab.name == name:
                return tab
        raise KeyError(f"no tab named '{name}'; the tabs are: {', '.join(t.name for t in self.tab_list)}")

    def select_tab(self, name: str) -> StudioTab:
        tab = self.tab(name)
        self.tabs.setCurrentWidget(tab)
        return tab

    def use_cover(self, path: str, tab_name: str) -> None:
        """A cover from the Cover generator: the tab it is meant for takes it and comes to the front."""
        self.select_tab(tab_name).use_cover(Path(path))

    def open_paths(self, paths: list[Path]) -> None:
        if self.current_tab.accept_files(paths):
            for path in paths:
                self._remember_file(str(path))
        else:
            self.show_status(f"{self.current_tab.title}: cannot use {', '.join(p.name for p in paths)} here")

    def show_status(self, message: str) -> None:
        self.statusBar().showMessage(message, STATUS_TIMEOUT_MS)

    def _remember_file(self, path: str) -> None:
        if Path(path).is_file():
            settings.add_recent_file(path)

    # ------------------------------------------------------------------ state
    def _restore(self) -> None:
        store = settings.store()
        geometry = store.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        state = store.value("window/state")
        if isinstance(state, QByteArray):
            self.restoreState(state)
        for tab in self.tab_list:
            tab.restore_settings(store)
        self.tabs.setCurrentIndex(min(int(store.value("window/tab", 0)), len(self.tab_list) - 1))

    def save_state(self) -> None:
        store = settings.store()
        store.setValue("window/geometry", self.saveGeometry())
        store.setValue("window/state", self.saveState())
        store.setValue("window/tab", self.tabs.currentIndex())
        for tab in self.tab_list:
            tab.save_settings(store)
        store.sync()

    def busy_tabs(self) -> list[StudioTab]:
        return [tab for tab in self.tab_list if tab.busy]

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt's name)
        """Ask before stopping a running job; then cancel it and wait for its thread to end cleanly."""
        busy = self.busy_tabs()
        if busy:
            names = ", ".join(tab.title for tab in busy)
            question = f"A job is still running in {names}. Cancel it and quit? Nothing of it is saved."
            if not dialogs.ask_yes_no(self, "A job is running", question):
                event.ignore()
                return
            for tab in busy:
                tab.cancel_job()
            for tab in busy:
                tab.runner.wait(SHUTDOWN_WAIT_S)
        self.save_state()
        for tab in self.tab_list:
            tab.release()
        event.accept()

"""Hide media's Reveal page: reveal the secret a container holds, with its key (and password)."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSplitter, QVBoxLayout, QWidget

from stegstudio.core.errors import StegError
from stegstudio.core.media import formats
from stegstudio.gui.tabs import hide_jobs
from stegstudio.gui.tabs.base import MissingInput, StudioTab, form_column, result_button
from stegstudio.gui.tabs.hide_page import CONTAINER_FILTER, KEY_FILTER
from stegstudio.gui.tabs.secret_kinds import secret_kind
from stegstudio.gui.tabs.two_page import TabPage
from stegstudio.gui.widgets.device_box import device_box
from stegstudio.gui.widgets.file_picker import FilePicker, save_file_name, suffix_patterns
from stegstudio.gui.widgets.form_fields import form_box
from stegstudio.gui.widgets.image_view import ImagePane
from stegstudio.gui.widgets.job_panel import JobPanel
from stegstudio.gui.widgets.password_field import PasswordField
from stegstudio.gui.widgets.secret_view import SecretView

WARNING_STYLE = "color: #b3261e; font-weight: 600;"  # a changed container must not pass unnoticed


class RevealPage(TabPage):
    def __init__(self, tab: StudioTab) -> None:
        super().__init__(tab)
        self.revealed: hide_jobs.RevealOutcome | None = None
        self.form = self._build_form()
        self.results = self._build_results()

    def _build_form(self) -> QWidget:
        self.container_picker = FilePicker("container", "Open a container", CONTAINER_FILTER)
        self.container_picker.path_changed.connect(lambda _: self._show_container())
        self.key_picker = FilePicker("key", "Open the key", KEY_FILTER)
        self.password = PasswordField("only if the key was made with one", show_strength=False)
        self.device_box = device_box()
        box = form_box("Container and key", [
            ("Container", self.container_picker), ("Key", self.key_picker), ("Password", self.password),
            ("Device", self.device_box),
        ])
        self.panel = JobPanel(self.tab.runner, "Reveal")
        self.panel.start_requested.connect(self.start_reveal)
        self.save_button = result_button("Save revealed secret…", self.save_result)
        return form_column(box, self.panel, self.save_button)

    def _build_results(self) -> QWidget:
        self.container_view = ImagePane("Container", "Open a container PNG and its key, then Reveal")
        self.revealed_view = SecretView("Revealed secret", "The revealed secret appears here")
        self.info = QLabel("")
        self.info.setWordWrap(True)
        right = QWidget()
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.revealed_view, 1)
        column.addWidget(self.info)
        page = QSplitter(Qt.Orientation.Horizontal)
        page.addWidget(self.container_view)
        page.addWidget(right)
        page.setSizes([400, 700])
        return page

    # ------------------------------------------------------------------ inputs
    def _show_container(self) -> None:
        from stegstudio.core.media.image import load_png_exact

        path = self.container_picker.path()
        if path is None or not path.is_file():
            return
        try:
            self.container_view.set_image(load_png_exact(path))
        except StegError as exc:
            self.container_view.clear(str(exc))

    def take_saved(self, container: str, key: str) -> None:
        """A container and key just saved on the Hide page: ready to be checked here."""
        self.container_picker.set_path(container)
        self.key_picker.set_path(key)

    def request(self) -> hide_jobs.RevealRequest:
        container, key = self.container_picker.path(), self.key_picker.path()
        if container is None or key is None:
            raise MissingInput("open a container PNG and its key file first")
        return hide_jobs.RevealRequest(container, key, self.password.text() or None, self.device_box.currentText())

    def accept_file(self, path: Path) -> bool:
        """.json: the key; an image: the container."""
        suffix = path.suffix.lower()
        if suffix == ".json":
            self.key_picker.set_path(path)
        elif suffix in formats.IMAGE_INPUT_SUFFIXES:
            self.container_picker.set_path(path)
        else:
            return False
        return True

    def open_files(self) -> None:
        self.container_picker.choose()

    # ------------------------------------------------------------------ the job
    def start_job(self) -> None:
        self.start_reveal()

    def start_reveal(self) -> None:
        request = self.tab.form_request(self.request)
        if request is None:
            return
        self.revealed = None
        self.save_button.setEnabled(False)
        self.revealed_view.clear()
        self.info.setText("")
        self.info.setStyleSheet("")
        self.tab.launch(self.panel, partial(hide_jobs.reveal, request), self._on_revealed)
        self.tab.status_message.emit(f"Revealing {request.container_path.name}…")

    def _on_revealed(self, outcome: hide_jobs.RevealOutcome) -> None:
        self.revealed = outcome
        self.container_view.set_image(outcome.container)
        self.revealed_view.show_secret(outcome.modality, outcome.revealed, outcome.meta)
        warnings = "".join(f"\nWarning: {note}." for note in outcome.notes)  # the same notes the CLI prints
        self.info.setText(secret_kind(outcome.modality).describe(outcome.revealed, outcome.meta) + warnings)
        self.info.setStyleSheet(WARNING_STYLE if outcome.notes else "")
        self.save_button.setEnabled(True)
        self.tab.status_message.emit(f"Revealed the {outcome.modality}; save it with “Save revealed secret…”"
                                     + warnings.replace("\n", " "))

    # ------------------------------------------------------------------ saving
    def save_result(self) -> None:
        if self.revealed is None:
            return
        suffixes = hide_jobs.output_suffixes(self.revealed.modality)
        file_filter = f"{secret_kind(self.revealed.modality).save_label} ({suffix_patterns(suffixes)})"
        out = save_file_name(self.tab, "save", "Save the revealed secret", f"revealed{suffixes[0]}", file_filter)
        if out is not None:
            self.save(out)

    def save(self, out: Path) -> bool:
        path = self.tab.save_with_dialog(lambda: hide_jobs.save_revealed(self.revealed, out))
        if path is not None:
            self.tab.status_message.emit(f"Saved {path}")
        return path is not None

"""Embed bits' Extract page: read the text or file hidden in a stego image, with the password."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QSplitter, QVBoxLayout, QWidget

from stegstudio.core.errors import StegError
from stegstudio.core.media import formats
from stegstudio.gui.tabs import embed_jobs
from stegstudio.gui.tabs.base import MissingInput, StudioTab, form_column, result_button
from stegstudio.gui.tabs.cover_source import COVER_FILTER
from stegstudio.gui.tabs.two_page import TabPage
from stegstudio.gui.widgets.device_box import device_box
from stegstudio.gui.widgets.file_picker import FilePicker, save_file_name
from stegstudio.gui.widgets.form_fields import form_box
from stegstudio.gui.widgets.image_view import ImagePane
from stegstudio.gui.widgets.job_panel import JobPanel
from stegstudio.gui.widgets.password_field import PasswordField

STEGO_FILTER = "PNG stego images (*.png);;" + COVER_FILTER
EXTRACTED_PLACEHOLDER = "The extracted message appears here"


class ExtractPage(TabPage):
    def __init__(self, tab: StudioTab) -> None:
        super().__init__(tab)
        self.extracted: embed_jobs.ExtractOutcome | None = None
        self.form = self._build_form()
        self.results = self._build_results()

    def _build_form(self) -> QWidget:
        self.stego_picker = FilePicker("stego", "Open a stego image", STEGO_FILTER)
        self.stego_picker.path_changed.connect(lambda _: self._show_stego())
        self.password = PasswordField("the password used to embed", show_strength=False)
        self.device_box = device_box()
        box = form_box("Stego image", [("Image", self.stego_picker), ("Password", self.password),
                                       ("Device", self.device_box)])
        self.panel = JobPanel(self.tab.runner, "Extract")
        self.panel.start_requested.connect(self.start_extract)
        self.save_button = result_button("Save extracted message…", self.save_result)
        return form_column(box, self.panel, self.save_button)

    def _build_results(self) -> QWidget:
        self.stego_view = ImagePane("Stego image", "Open a stego PNG, type the password, then Extract")
        self.extracted_text = QPlainTextEdit()
        self.extracted_text.setReadOnly(True)
        self.extracted_text.setPlaceholderText(EXTRACTED_PLACEHOLDER)
        self.info = QLabel("")
        self.info.setWordWrap(True)
        right = QWidget()
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        title = QLabel("Extracted message")
        title.setStyleSheet("font-weight: bold")
        column.addWidget(title)
        column.addWidget(self.extracted_text, 1)
        column.addWidget(self.info)
        page = QSplitter(Qt.Orientation.Horizontal)
        page.addWidget(self.stego_view)
        page.addWidget(right)
        page.setSizes([600, 500])
        return page

    # ------------------------------------------------------------------ inputs
    def _show_stego(self) -> None:
        from stegstudio.core.media.image import load_image

        path = self.stego_picker.path()
        if path is None or not path.is_file():
            return
        try:
            self.stego_view.set_image(load_image(path))
        except StegError as exc:
            self.stego_view.clear(str(exc))

    def take_saved(self, stego: str) -> None:
        """A stego image just saved on the Embed page: ready to be checked here."""
        self.stego_picker.set_path(stego)

    def request(self) -> embed_jobs.ExtractRequest:
        stego = self.stego_picker.path()
        if stego is None:
            raise MissingInput("open a stego image first")
        return embed_jobs.ExtractRequest(stego, self.password.text(), self.device_box.currentText())

    def accept_file(self, path: Path) -> bool:
        """An image: the stego image."""
        if not path.is_file() or path.suffix.lower() not in formats.IMAGE_INPUT_SUFFIXES:
            return False
        self.stego_picker.set_path(path)
        return True

    def open_files(self) -> None:
        self.stego_picker.choose()

    # ------------------------------------------------------------------ the job
    def start_job(self) -> None:
        self.start_extract()

    def start_extract(self) -> None:
        request = self.tab.form_request(self.request)
        if request is None:
            return
        self.extracted = None
        self.save_button.setEnabled(False)
        self.extracted_text.setPlainText("")
        self.extracted_text.setPlaceholderText(EXTRACTED_PLACEHOLDER)
        self.info.setText("")
        self.tab.launch(self.panel, partial(embed_jobs.extract, request), self._on_extracted)
        self.tab.status_message.emit(f"Extracting from {request.stego_path.name}…")

    def _on_extracted(self, outcome: embed_jobs.ExtractOutcome) -> None:
        self.extracted = outcome
        secret = outcome.secret
        self.stego_view.set_image(outcome.stego)
        if secret.is_file:
            self.extracted_text.setPlainText("")
            self.extracted_text.setPlaceholderText(f"A file was hidden: {secret.name}; save it to open it")
            kind = f"File “{secret.name}”, {len(secret.data):,} bytes"
        else:
            self.extracted_text.setPlainText(secret.data.decode("utf-8", errors="replace"))
            kind = f"Text, {len(secret.data):,} bytes"
        r = outcome.result
        self.info.setText(f"{kind} · {r.bpp} bpp, ECC {r.ecc} · {r.seconds:.1f} s")
        self.save_button.setEnabled(True)
        self.tab.status_message.emit("Extracted " + (f"the file {secret.name}" if secret.is_file else "a text"))

    # ------------------------------------------------------------------ saving
    def save_result(self) -> None:
        if self.extracted is None:
            return
        name = embed_jobs.suggested_name(self.extracted.secret)
        out = save_file_name(self.tab, "save", "Save the extracted message", name, "All files (*)")
        if out is not None:
            self.save(out)

    def save(self, out: Path) -> bool:
        path = self.tab.save_with_dialog(lambda: embed_jobs.save_extracted(self.extracted.secret, out))
        if path is not None:
            self.tab.status_message.emit(f"Saved {path}")
        return path is not None

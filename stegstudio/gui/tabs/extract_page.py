"""Embed bits' Extract page: read the text or file hidden in a stego image, with the password."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QWidget

from stegstudio.core.fnns import density
from stegstudio.core.media import formats
from stegstudio.core.media.image import load_image
from stegstudio.gui.tabs import embed_jobs
from stegstudio.gui.tabs.base import MissingInput, column, form_column, split
from stegstudio.gui.tabs.cover_source import COVER_FILTER
from stegstudio.gui.tabs.two_page import TabPage
from stegstudio.gui.widgets.device_box import device_box
from stegstudio.gui.widgets.file_picker import FilePicker, save_file_name
from stegstudio.gui.widgets.form_fields import form_box
from stegstudio.gui.widgets.image_view import ImagePane
from stegstudio.gui.widgets.password_field import PasswordField
from stegstudio.gui.worker import Job

STEGO_FILTER = "PNG stego images (*.png);;" + COVER_FILTER
EXTRACTED_PLACEHOLDER = "The extracted message appears here"


class ExtractPage(TabPage):
    start_label = "Extract"
    save_label = "Save extracted message…"

    def build_form(self) -> QWidget:
        self.stego_picker = self.main_input = FilePicker("stego", "Open a stego image", STEGO_FILTER)
        self.stego_picker.path_changed.connect(lambda _: self.stego_view.show_file(self.stego_picker.path(),
                                                                                   load_image))
        self.password = PasswordField("the password used to embed", show_strength=False)
        self.device_box = device_box()
        box = form_box("Stego image", [("Image", self.stego_picker), ("Password", self.password),
                                       ("Device", self.device_box)])
        return form_column(box, self.panel, self.save_button)

    def build_results(self) -> QWidget:
        self.stego_view = ImagePane("Stego image", "Open a stego PNG, type the password, then Extract")
        self.extracted_text = QPlainTextEdit()
        self.extracted_text.setReadOnly(True)
        self.extracted_text.setPlaceholderText(EXTRACTED_PLACEHOLDER)
        self.info = QLabel("")
        self.info.setWordWrap(True)
        title = QLabel("Extracted message")
        title.setStyleSheet("font-weight: bold")
        right = column([title, self.extracted_text, self.info], grow=self.extracted_text)
        return split(Qt.Orientation.Horizontal, [self.stego_view, right], [600, 500])

    # ------------------------------------------------------------------ inputs
    def take_saved(self, paths: list[str]) -> None:
        """A stego image just saved on the Embed page: ready to be checked here."""
        self.stego_picker.set_path(paths[0])

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

    # ------------------------------------------------------------------ the job
    def job(self, request: embed_jobs.ExtractRequest) -> tuple[Job, str]:
        return partial(embed_jobs.extract, request), f"Extracting from {request.stego_path.name}…"

    def clear_result(self) -> None:
        self.extracted_text.setPlainText("")
        self.extracted_text.setPlaceholderText(EXTRACTED_PLACEHOLDER)
        self.info.setText("")

    def show_result(self, outcome: embed_jobs.ExtractOutcome) -> None:
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
        if r.jpeg_quality is None:
            mode = f"{r.mode}, {density.label(r.bpp)} bpp"
        else:
            mode = f"robust (made to survive JPEG quality {r.jpeg_quality})"
        self.info.setText(f"{kind} · {mode}, ECC {r.ecc} · {r.seconds:.1f} s")
        self.tab.status_message.emit("Extracted " + (f"the file {secret.name}" if secret.is_file else "a text"))

    # ------------------------------------------------------------------ saving
    def save_dialog(self) -> None:
        name = embed_jobs.suggested_name(self.outcome.secret)
        out = save_file_name(self.tab, "save", "Save the extracted message", name, "All files (*)")
        if out is not None:
            self.save(out)

    def save(self, out: Path) -> bool:
        path = self.tab.save_with_dialog(lambda: embed_jobs.save_extracted(self.outcome.secret, out))
        if path is not None:
            self.tab.status_message.emit(f"Saved {path}")
        return path is not None

"""Hide media's Reveal page: reveal the secret a container holds, with its key (and password), or with the
password alone."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from stegstudio.core.crossmodal import modalities
from stegstudio.core.media import formats
from stegstudio.core.media.image import load_png_exact
from stegstudio.gui.tabs import hide_jobs
from stegstudio.gui.tabs.base import MissingInput, column, form_column, split
from stegstudio.gui.tabs.hide_page import CONTAINER_FILTER, KEY_FILTER
from stegstudio.gui.tabs.two_page import TabPage
from stegstudio.gui.widgets.device_box import device_box
from stegstudio.gui.widgets.file_picker import FilePicker, save_file_name, suffix_patterns
from stegstudio.gui.widgets.form_fields import form_box
from stegstudio.gui.widgets.image_view import ImagePane
from stegstudio.gui.widgets.password_field import PasswordField
from stegstudio.gui.widgets.secret_view import SecretView
from stegstudio.gui.worker import Job

WARNING_STYLE = "color: #b3261e; font-weight: 600;"  # a changed container must not pass unnoticed


class RevealPage(TabPage):
    start_label = "Reveal"
    save_label = "Save revealed secret…"

    def build_form(self) -> QWidget:
        self.container_picker = self.main_input = FilePicker("container", "Open a container", CONTAINER_FILTER)
        self.container_picker.path_changed.connect(
            lambda _: self.container_view.show_file(self.container_picker.path(), load_png_exact))
        self.key_picker = FilePicker("key", "Open the key", KEY_FILTER,
                                     placeholder="none: the password alone")
        self.password = PasswordField("if it was hidden with one; alone it needs no key", show_strength=False)
        self.device_box = device_box()
        box = form_box("Container and key", [
            ("Container", self.container_picker), ("Key", self.key_picker), ("Password", self.password),
            ("Device", self.device_box),
        ])
        return form_column(box, self.panel, self.save_button)

    def build_results(self) -> QWidget:
        self.container_view = ImagePane("Container", "Open a container PNG and its key (or type its password), "
                                                                 "then Reveal")
        self.revealed_view = SecretView("Revealed secret", "The revealed secret appears here")
        self.info = QLabel("")
        self.info.setWordWrap(True)
        right = column([self.revealed_view, self.info], grow=self.revealed_view)
        return split(Qt.Orientation.Horizontal, [self.container_view, right], [400, 700])

    # ------------------------------------------------------------------ inputs
    def take_saved(self, paths: list[str]) -> None:
        """A container (and its key, unless the container carries it) just saved on the Hide page: ready to
        be checked here."""
        container, *key = paths
        self.container_picker.set_path(container)
        self.key_picker.set_path(key[0] if key else "")

    def request(self) -> hide_jobs.RevealRequest:
        container, key, password = self.container_picker.path(), self.key_picker.path(), self.password.text() or None
        if container is None:
            raise MissingInput("open a container PNG first")
        if key is None and password is None:
            raise MissingInput("open the container's key file, or type the password it was hidden with")
        return hide_jobs.RevealRequest(container, key, password, self.device_box.currentText())

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

    # ------------------------------------------------------------------ the job
    def job(self, request: hide_jobs.RevealRequest) -> tuple[Job, str]:
        return partial(hide_jobs.reveal, request), f"Revealing {request.container_path.name}…"

    def clear_result(self) -> None:
        self.revealed_view.clear()
        self.info.setText("")
        self.info.setStyleSheet("")

    def show_result(self, outcome: hide_jobs.RevealOutcome) -> None:
        self.container_view.set_image(outcome.container)
        self.revealed_view.show_secret(outcome.modality, outcome.revealed, outcome.meta)
        warnings = "".join(f"\nWarning: {note}." for note in outcome.notes)  # the same notes the CLI prints
        self.info.setText(modalities.get(outcome.modality).describe(outcome.revealed, outcome.meta) + warnings)
        self.info.setStyleSheet(WARNING_STYLE if outcome.notes else "")
        self.tab.status_message.emit(f"Revealed the {outcome.modality}; save it with “Save revealed secret…”"
                                     + warnings.replace("\n", " "))

    # ------------------------------------------------------------------ saving
    def save_dialog(self) -> None:
        suffixes = hide_jobs.output_suffixes(self.outcome.modality)
        file_filter = f"{modalities.get(self.outcome.modality).file_kind} ({suffix_patterns(suffixes)})"
        out = save_file_name(self.tab, "save", "Save the revealed secret", f"revealed{suffixes[0]}", file_filter)
        if out is not None:
            self.save(out)

    def save(self, out: Path) -> bool:
        path = self.tab.save_with_dialog(lambda: hide_jobs.save_revealed(self.outcome, out))
        if path is not None:
            self.tab.status_message.emit(f"Saved {path}")
        return path is not None

"""The message to embed: a text typed in, or a file, with the choice between them."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QButtonGroup, QGroupBox, QHBoxLayout, QPlainTextEdit, QRadioButton, QVBoxLayout, QWidget

from stegstudio.core.errors import StegError
from stegstudio.core.fnns import payload
from stegstudio.gui.widgets.file_picker import FilePicker


class MessageInput(QGroupBox):
    typed = Signal()  # the text changed (keystroke by keystroke: worth a debounce)
    changed = Signal()  # text or file chosen, or another file read
    unreadable = Signal(str)  # why the chosen file could not be read

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Message", parent)
        self.file_secret: payload.Message | None = None
        self.text_choice = QRadioButton("Text")
        self.file_choice = QRadioButton("File")
        self.text_choice.setChecked(True)
        choice = QButtonGroup(self)
        choice.addButton(self.text_choice)
        choice.addButton(self.file_choice)
        self.text_choice.toggled.connect(self._on_kind)
        self.message_edit = QPlainTextEdit()
        self.message_edit.setPlaceholderText("The message to hide")
        self.message_edit.setMinimumHeight(80)
        self.message_edit.textChanged.connect(self.typed)
        self.file_picker = FilePicker("message-file", "Choose a file to hide", "All files (*)")
        self.file_picker.path_changed.connect(lambda _: self._load_file())
        self.file_picker.setVisible(False)
        kinds = QHBoxLayout()
        kinds.addWidget(self.text_choice)
        kinds.addWidget(self.file_choice)
        kinds.addStretch(1)
        column = QVBoxLayout(self)
        column.addLayout(kinds)
        column.addWidget(self.message_edit)
        column.addWidget(self.file_picker)

    def secret(self) -> payload.Message | None:
        """What would be embedded now; None for an empty text or a file not (yet) read."""
        if self.text_choice.isChecked():
            text = self.message_edit.toPlainText()
            return payload.Message.from_text(text) if text else None
        return self.file_secret

    def set_text(self, text: str) -> None:
        self.text_choice.setChecked(True)
        self.message_edit.setPlainText(text)

    def set_file(self, path: str) -> None:
        self.file_choice.setChecked(True)
        self.file_picker.set_path(path)

    def _on_kind(self, text: bool) -> None:
        self.message_edit.setVisible(text)
        self.file_picker.setVisible(not text)
        self.changed.emit()

    def _load_file(self) -> None:
        path = self.file_picker.path()
        self.file_secret = None
        if path is not None:
            try:
                self.file_secret = payload.Message.from_file(path)
            except StegError as exc:
                self.unreadable.emit(str(exc))
        self.changed.emit()

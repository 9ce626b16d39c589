"""Choose an input: a bundled sample from the list, a file from a dialog, a typed path, or a dropped file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QComboBox, QFileDialog, QHBoxLayout, QPushButton, QWidget

from stegstudio.gui import settings


def suffix_patterns(suffixes: tuple[str, ...]) -> str:
    """(".png", ".jpg") -> "*.png *.jpg", for a file dialog's name filter."""
    return " ".join(f"*{s}" for s in suffixes)


def dropped_paths(event: QDropEvent | QDragEnterEvent) -> list[Path]:
    """Local files carried by a drag; anything else (web links, text) is not ours to take."""
    mime = event.mimeData()
    if not mime.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]


class FilePicker(QWidget):
    """An editable combo box: its items are bundled samples, its text is the chosen path."""

    path_changed = Signal(str)

    def __init__(self, role: str, caption: str, file_filter: str, samples: dict[str, Path] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.role = role
        self.caption = caption
        self.file_filter = file_filter
        self.combo = QComboBox()
        self.combo.setEditable(True)
        self.combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.combo.lineEdit().setPlaceholderText("a file path, a bundled sample, or drop a file here")
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.combo.setMinimumContentsLength(12)
        for name, path in (samples or {}).items():
            self.combo.addItem(f"sample: {name}", str(path))
        self.combo.setCurrentIndex(-1)
        self.combo.currentIndexChanged.connect(self._on_sample)
        self.combo.lineEdit().editingFinished.connect(lambda: self.path_changed.emit(self.text()))
        self.browse = QPushButton("Browse…")
        self.browse.clicked.connect(self.choose)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.combo, 1)
        row.addWidget(self.browse)
        self.setAcceptDrops(True)

    def text(self) -> str:
        index = self.combo.currentIndex()
        if index >= 0 and self.combo.currentText() == self.combo.itemText(index):
            return str(self.combo.itemData(index))
        return self.combo.currentText().strip()

    def path(self) -> Path | None:
        text = self.text()
        return Path(text).expanduser() if text else None

    def set_path(self, path: str | Path) -> None:
        """Show `path` (a sample shows under its sample name) and announce it."""
        index = self.combo.findData(str(path))
        self.combo.blockSignals(True)
        if index >= 0:
            self.combo.setCurrentIndex(index)
        else:
            self.combo.setCurrentIndex(-1)
            self.combo.setEditText(str(path))
        self.combo.blockSignals(False)
        self.path_changed.emit(self.text())

    def choose(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, self.caption, settings.last_folder(self.role), self.file_filter)
        if name:
            settings.remember_folder(self.role, name)
            self.set_path(name)

    def _on_sample(self, index: int) -> None:
        if index >= 0:
            self.path_changed.emit(self.text())

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 (Qt's name)
        if len(dropped_paths(event)) == 1:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 (Qt's name)
        paths = dropped_paths(event)
        if len(paths) == 1:
            self.set_path(paths[0])
            event.acceptProposedAction()


def save_file_name(parent: QWidget, role: str, caption: str, suggested: str, file_filter: str) -> Path | None:
    """A save dialog starting in the folder last used for `role`; None when the user cancels.

    The dialog itself asks before replacing an existing file, so callers may then overwrite.
    """
    start = str(Path(settings.last_folder(role)) / suggested)
    name, _ = QFileDialog.getSaveFileName(parent, caption, start, file_filter)
    if not name:
        return None
    settings.remember_folder(role, name)
    return Path(name)

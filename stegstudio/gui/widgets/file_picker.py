"""Choose an input: a bundled sample from the list, a file or folder from a dialog, a typed path, or a drop."""

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
    """An editable combo box: its items are bundled samples (or other named choices), its text is the chosen path.

    With `folder=True` Browse asks for a folder (model and image folders); `file_filter` is then unused.
    `placeholder` says what an empty choice means where it means something (the shipped model, say).
    """

    path_changed = Signal(str)

    def __init__(self, role: str, caption: str, file_filter: str, samples: dict[str, Path] | None = None,
                 parent: QWidget | None = None, folder: bool = False, placeholder: str | None = None) -> None:
        super().__init__(parent)
        self.role = role
        self.caption = caption
        self.file_filter = file_filter
        self.folder = folder
        self.combo = QComboBox()
        self.combo.setEditable(True)
        self.combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        hint = "a folder path, or drop one here" if folder else "a file path, a bundled sample, or drop a file here"
        self.combo.lineEdit().setPlaceholderText(placeholder or hint)
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

    def add_choice(self, label: str, path: str | Path) -> None:
        """List `path` under a readable name (a generated cover's temporary file, say) and choose it."""
        if self.combo.findData(str(path)) < 0:
            self.combo.addItem(label, str(path))
        self.set_path(path)
        self.combo.lineEdit().setCursorPosition(0)  # show the name's start ("generated: …"), not its end

    def choose(self) -> None:
        start = settings.last_folder(self.role)
        if self.folder:
            name = QFileDialog.getExistingDirectory(self, self.caption, start)
        else:
            name, _ = QFileDialog.getOpenFileName(self, self.caption, start, self.file_filter)
        if name:
            settings.remember_folder(self.role, name)  # a folder's parent: next time it shows among its siblings
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

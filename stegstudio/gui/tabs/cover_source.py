"""The cover input of Hide media and Embed bits, and covers made for it on request: the "Generate" button.

One implementation for both tabs: a random seed, the shipped cover generator, the size the tab will
crop to anyway, drawn on the tab's own worker (its job panel shows the progress) and written to a
temporary folder that lives as long as the button, then listed in the picker as "generated: seed N".
"""

from __future__ import annotations

import random
from collections.abc import Callable
from functools import partial
from pathlib import Path

from PySide6.QtCore import QDir, QTemporaryDir
from PySide6.QtWidgets import QPushButton, QWidget

from stegstudio.core.errors import InputError, StegError
from stegstudio.core.media import formats
from stegstudio.core.samples import sample_path
from stegstudio.gui import dialogs
from stegstudio.gui.tabs import cover_jobs
from stegstudio.gui.tabs.base import StudioTab
from stegstudio.gui.widgets.file_picker import FilePicker, suffix_patterns
from stegstudio.gui.widgets.job_panel import JobPanel

SEED_LIMIT = 2**31  # seeds the GUI offers: what a spin box holds (the core takes up to 2**63 - 1)
COVER_FILTER = f"Images ({suffix_patterns(formats.IMAGE_INPUT_SUFFIXES)});;All files (*)"
COVER_SAMPLES = ("cover", "cover2")


def cover_picker(caption: str) -> FilePicker:
    """The cover input of Hide media and Embed bits: an image file, or one of the bundled photos."""
    return FilePicker("cover", caption, COVER_FILTER, {name: sample_path(name) for name in COVER_SAMPLES})


def session_folder() -> QTemporaryDir:
    """A temporary folder for covers handed between tabs; removed when its owner is destroyed."""
    return QTemporaryDir(QDir.tempPath() + "/stegstudio-covers-XXXXXX")


def folder_path(folder: QTemporaryDir) -> Path:
    """Where to write; an error for the user if the folder could not be made (a full or read-only disk)."""
    if not folder.isValid():
        raise InputError(f"cannot create a temporary folder for generated covers: {folder.errorString()}")
    return Path(folder.path())


def generated_label(path: Path) -> str:
    return f"generated: {path.stem.removeprefix('generated-')}"


class GenerateCoverButton(QPushButton):
    def __init__(self, tab: StudioTab, panel: JobPanel, picker: FilePicker, size: Callable[[], int],
                 parent: QWidget | None = None) -> None:
        super().__init__("Generate a cover", parent)
        self.setToolTip("Draw a new cover with the shipped cover generator (a random seed) at the size this tab "
                        "uses; the Cover generator tab offers seeds, interpolation and your own models")
        self.tab, self.panel, self.picker, self.size = tab, panel, picker, size
        self.folder = session_folder()
        self.clicked.connect(lambda: self.generate())
        tab.runner.busy_changed.connect(lambda busy: self.setEnabled(not busy))

    def generate(self, seed: int | None = None) -> None:
        if self.tab.busy:
            return
        seed = random.randrange(SEED_LIMIT) if seed is None else seed
        size = self.size()
        try:
            job = partial(cover_jobs.generate_cover_file, folder_path(self.folder), seed, size)
        except StegError as exc:
            dialogs.show_error(self.tab, exc)
            return
        self.tab.launch(self.panel, job, self._on_generated)
        self.tab.status_message.emit(f"Generating a {size} px cover (seed {seed})…")

    def _on_generated(self, cover: cover_jobs.GeneratedCover) -> None:
        self.picker.add_choice(generated_label(cover.path), cover.path)
        self.tab.status_message.emit(f"Generated a {cover.size} px cover from seed {cover.seed}; it is the cover now")

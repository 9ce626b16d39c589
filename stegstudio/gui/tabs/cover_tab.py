"""Cover generator: sample covers of any size from a trained generator (GASP), or train one on your photos.

The two pages live in their own modules (`cover_sample_page`, `cover_train_page`); a model trained
on the second is sampled on the first. A cover chosen here goes to Hide media or Embed bits through
`cover_ready`.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from stegstudio.gui.tabs.cover_sample_page import SamplePage
from stegstudio.gui.tabs.cover_train_page import TrainPage
from stegstudio.gui.tabs.two_page import TwoPageTab


class CoverTab(TwoPageTab):
    name = "cover"
    title = "Cover generator"
    page_types = (("Sample", "sample", SamplePage), ("Train", "train", TrainPage))

    cover_ready = Signal(str, str)  # a saved cover's path, the name of the tab that should take it

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.sample.cover_ready.connect(self.cover_ready)
        self.train.model_ready.connect(self.sample_from)

    def sample_from(self, folder: str) -> None:
        """A freshly trained model: make it the Sample page's model and draw its grid."""
        self.sample.model_picker.set_path(folder)
        self.sample.stop_timers()  # drawn once, now, not again when the debounce runs out
        self.show_page(self.sample)
        self.sample.requests.request(self.sample.start_page)

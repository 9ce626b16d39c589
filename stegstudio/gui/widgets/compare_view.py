"""Cover, container and their amplified difference side by side, zoomed and panned together."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QSlider, QVBoxLayout, QWidget

from stegstudio.gui.widgets.image_view import ImagePane

DEFAULT_GAIN = 10


def amplified_difference(a: np.ndarray, b: np.ndarray, gain: float) -> np.ndarray:
    """|a - b| x gain, clipped to 8 bits: small changes become visible, large ones saturate."""
    diff = np.abs(a.astype(np.int16) - b.astype(np.int16)).astype(np.float32) * gain
    return np.clip(diff, 0, 255).astype(np.uint8)


class CompareView(QWidget):
    def __init__(self, left_title: str, right_title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.left = ImagePane(left_title, f"No {left_title.lower()} yet")
        self.right = ImagePane(right_title, f"No {right_title.lower()} yet")
        self.diff = ImagePane("", "The difference appears with a result")
        self.right.link_to(self.left)
        self.diff.link_to(self.left)
        self.gain = QSlider(Qt.Orientation.Horizontal)
        self.gain.setRange(1, 50)
        self.gain.setValue(DEFAULT_GAIN)
        self.gain.setToolTip("Amplification of the difference")
        self.gain.valueChanged.connect(self._refresh_difference)
        diff_box = QWidget()
        diff_layout = QVBoxLayout(diff_box)
        diff_layout.setContentsMargins(0, 0, 0, 0)
        diff_layout.addWidget(self.diff, 1)
        diff_layout.addWidget(self.gain)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        for pane in (self.left, self.right, diff_box):
            row.addWidget(pane, 1)
        self._refresh_difference()

    def set_left(self, image: np.ndarray | None) -> None:
        if image is None:
            self.left.clear()
        else:
            self.left.set_image(image)
        self._refresh_difference()

    def set_right(self, image: np.ndarray | None) -> None:
        if image is None:
            self.right.clear()
        else:
            self.right.set_image(image)
        self._refresh_difference()

    def _refresh_difference(self) -> None:
        gain = self.gain.value()
        self.diff.set_title(f"|difference| × {gain}")
        a, b = self.left.image, self.right.image
        if a is None or b is None or a.shape != b.shape:
            self.diff.clear()
            return
        self.diff.set_image(amplified_difference(a, b, gain))

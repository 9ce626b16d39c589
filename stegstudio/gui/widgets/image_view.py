"""An image you can zoom (wheel) and pan (drag), with a title and a placeholder while it is empty."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QStackedLayout, QVBoxLayout, QWidget

from stegstudio.core.errors import StegError


class ImagePane(QWidget):
    """pyqtgraph draws the pixels (nearest-neighbour when zoomed in, so single weights stay visible)."""

    def __init__(self, title: str = "", placeholder: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel(title)
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title.setStyleSheet("font-weight: bold")
        self.title.setVisible(bool(title))
        self.placeholder = QLabel(placeholder)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.placeholder.setStyleSheet("color: palette(mid); border: 1px dashed palette(mid); padding: 8px")
        self.canvas = pg.GraphicsLayoutWidget()
        self.canvas.setBackground(None)
        self.view_box: pg.ViewBox = self.canvas.addViewBox(lockAspect=True, invertY=True, enableMenu=False)
        self.item = pg.ImageItem(axisOrder="row-major")  # numpy's (row, column) order, whatever the global option
        self.view_box.addItem(self.item)
        self.stack = QStackedLayout()
        self.stack.addWidget(self.placeholder)
        self.stack.addWidget(self.canvas)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.title)
        layout.addLayout(self.stack, 1)
        self.image: np.ndarray | None = None

    def set_title(self, title: str) -> None:
        self.title.setText(title)
        self.title.setVisible(bool(title))

    def set_image(self, image: np.ndarray) -> None:
        """uint8 (H, W, 3) or (H, W); the view fits the image only when its size changes."""
        resized = self.image is None or self.image.shape[:2] != image.shape[:2]
        self.image = image
        self.item.setImage(image, levels=(0, 255), autoLevels=False)
        self.stack.setCurrentWidget(self.canvas)
        if resized:
            self.view_box.autoRange(padding=0.02)

    def show_file(self, path: Path | None, load: Callable[[Path], np.ndarray]) -> None:
        """The image `load` reads from `path` (a file chosen in a form), or why it could not; nothing
        changes while no file is chosen."""
        if path is None or not path.is_file():
            return
        try:
            self.set_image(load(path))
        except StegError as exc:
            self.clear(str(exc))

    def clear(self, placeholder: str | None = None) -> None:
        self.image = None
        self.item.clear()
        if placeholder is not None:
            self.placeholder.setText(placeholder)
        self.stack.setCurrentWidget(self.placeholder)

    def link_to(self, other: ImagePane) -> None:
        """Zoom and pan together, so the same pixels stay side by side."""
        self.view_box.setXLink(other.view_box)
        self.view_box.setYLink(other.view_box)

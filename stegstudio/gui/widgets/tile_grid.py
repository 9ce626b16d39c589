"""A grid of equal tiles shown as one image, where a click picks a tile (the Cover generator's seed grid).

Painted here rather than in a zooming view: the tiles are thumbnails to choose from, so the grid
simply fills the largest square that fits, and "which tile is under the mouse" is plain arithmetic.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QImage, QMouseEvent, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

HIGHLIGHT = Qt.GlobalColor.yellow
HIGHLIGHT_WIDTH = 3
MIN_TILE = 48


class TileGrid(QWidget):
    tile_clicked = Signal(int)  # row-major index of the tile

    def __init__(self, side: int, tile: int, placeholder: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.side, self.tile, self.placeholder = side, tile, placeholder
        self.setMinimumSize(side * MIN_TILE, side * MIN_TILE)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.image: np.ndarray | None = None
        self._qimage: QImage | None = None
        self.selected: int | None = None

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return QSize(self.side * self.tile, self.side * self.tile)

    def set_grid(self, image: np.ndarray, selected: int | None) -> None:
        """uint8 (side·tile, side·tile, 3); `selected` gets a frame (None: no tile is chosen)."""
        self.image = np.ascontiguousarray(image)
        h, w = self.image.shape[:2]
        self._qimage = QImage(self.image.data, w, h, 3 * w, QImage.Format.Format_RGB888).copy()
        self.select(selected)

    def select(self, index: int | None) -> None:
        self.selected = index
        self.update()

    def grid_rect(self) -> QRect:
        """The largest square that fits, centred (as an image view centres its image, so the two line up)."""
        side = min(self.width(), self.height())
        return QRect((self.width() - side) // 2, (self.height() - side) // 2, side, side)

    def tile_rect(self, index: int) -> QRect:
        rect, (row, col) = self.grid_rect(), divmod(index, self.side)
        step = rect.width() / self.side
        return QRect(round(rect.x() + col * step), round(rect.y() + row * step), round(step), round(step))

    def tile_at(self, point: QPoint) -> int | None:
        rect = self.grid_rect()
        if not rect.contains(point):
            return None
        step = rect.width() / self.side
        col = min(int((point.x() - rect.x()) / step), self.side - 1)
        row = min(int((point.y() - rect.y()) / step), self.side - 1)
        return row * self.side + col

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        painter = QPainter(self)
        rect = self.grid_rect()
        if self._qimage is None:
            painter.setPen(QPen(self.palette().color(QPalette.ColorRole.Mid), 1, Qt.PenStyle.DashLine))
            painter.drawRect(rect.adjusted(0, 0, -1, -1))
            painter.drawText(rect.adjusted(12, 12, -12, -12), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                             self.placeholder)
            return
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.drawImage(rect, self._qimage)
        if self.selected is not None:
            painter.setPen(QPen(HIGHLIGHT, HIGHLIGHT_WIDTH))
            inset = HIGHLIGHT_WIDTH // 2 + 1
            painter.drawRect(self.tile_rect(self.selected).adjusted(inset, inset, -inset - 1, -inset - 1))

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt's name)
        index = self.tile_at(event.position().toPoint())
        if self._qimage is not None and index is not None:
            self.tile_clicked.emit(index)

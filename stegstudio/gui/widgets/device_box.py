"""The torch device choice; checked by the core (`core.devices`) when a job starts, not here, so the
window never imports torch to draw a combo box."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QWidget


def device_box(parent: QWidget | None = None) -> QComboBox:
    box = QComboBox(parent)
    box.addItems(["cpu", "cuda"])
    box.setToolTip("cuda needs an NVIDIA GPU and a CUDA build of torch")
    return box

"""A frame stack as a looping clip: play/pause, a frame slider, zoom and pan on the frame."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSlider, QToolButton, QVBoxLayout, QWidget

from stegstudio.gui.widgets.image_view import ImagePane


class VideoPlayer(QWidget):
    def __init__(self, title: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.frame_view = ImagePane(title, "No video")
        self.play_button = QToolButton()
        self.play_button.setText("Play")
        self.play_button.setCheckable(True)
        self.play_button.toggled.connect(self._set_playing)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.valueChanged.connect(self._show_frame)
        self.position = QLabel("0 / 0")
        self.timer = QTimer(self)
        self.timer.timeout.connect(self._advance)
        controls = QHBoxLayout()
        controls.addWidget(self.play_button)
        controls.addWidget(self.slider, 1)
        controls.addWidget(self.position)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.frame_view, 1)
        layout.addLayout(controls)
        self.frames = np.zeros((0, 1, 1, 3), dtype=np.uint8)
        self._enable(False)

    def set_video(self, frames: np.ndarray, fps: float) -> None:
        """uint8 (T, H, W, 3) at `fps`; shows the first frame, paused."""
        self.play_button.setChecked(False)
        self.frames = frames
        self.timer.setInterval(max(1, round(1000.0 / fps)))
        self.slider.blockSignals(True)
        self.slider.setRange(0, len(frames) - 1)
        self.slider.setValue(0)
        self.slider.blockSignals(False)
        self._enable(True)
        self._show_frame(0)

    def _enable(self, on: bool) -> None:
        self.play_button.setEnabled(on)
        self.slider.setEnabled(on)

    def _set_playing(self, playing: bool) -> None:
        self.play_button.setText("Pause" if playing else "Play")
        if playing:
            self.timer.start()
        else:
            self.timer.stop()

    def _advance(self) -> None:
        self.slider.setValue((self.slider.value() + 1) % max(1, len(self.frames)))

    def _show_frame(self, index: int) -> None:
        if len(self.frames):
            self.frame_view.set_image(self.frames[index])
            self.position.setText(f"{index + 1} / {len(self.frames)}")

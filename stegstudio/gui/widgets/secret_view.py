"""Any secret the core hides or reveals, shown the way its modality is experienced.

Views are created on first use: a mesh view may load VTK, an audio view Qt Multimedia.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QStackedWidget, QVBoxLayout, QWidget

from stegstudio.gui.widgets.audio_view import AudioView
from stegstudio.gui.widgets.image_view import ImagePane
from stegstudio.gui.widgets.mesh_view import MeshView
from stegstudio.gui.widgets.video_player import VideoPlayer

DEFAULT_FPS = 8.0


class SecretView(QWidget):
    def __init__(self, title: str, placeholder: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.placeholder = QLabel(placeholder)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.placeholder.setStyleSheet("color: palette(mid); border: 1px dashed palette(mid); padding: 8px")
        self.pages = QStackedWidget()
        self.pages.addWidget(self.placeholder)
        self._views: dict[str, QWidget] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)
        self.modality: str | None = None

    def view(self, modality: str) -> QWidget:
        if modality not in self._views:
            make = {"image": ImagePane, "video": VideoPlayer, "audio": AudioView, "shape": MeshView}[modality]
            self._views[modality] = make(self.title)
            self.pages.addWidget(self._views[modality])
        return self._views[modality]

    def show_secret(self, modality: str, data: Any, meta: dict[str, Any]) -> None:
        """`data` as the core returns it: uint8 image or frames, float32 samples, or a Mesh."""
        view = self.view(modality)
        if modality == "image":
            view.set_image(data)
        elif modality == "video":
            view.set_video(data, float(meta.get("fps", DEFAULT_FPS)))
        elif modality == "audio":
            view.set_audio(data, int(meta["sample_rate"]))
        else:
            view.set_mesh(data.vertices, data.faces)
        self.pages.setCurrentWidget(view)
        self.modality = modality

    def clear(self, placeholder: str | None = None) -> None:
        if placeholder is not None:
            self.placeholder.setText(placeholder)
        self.pages.setCurrentWidget(self.placeholder)
        self.modality = None

    def release(self) -> None:
        for view in self._views.values():
            if isinstance(view, MeshView):
                view.release()

"""A triangle mesh: an interactive VTK view (pyvistaqt) where OpenGL can run, a still picture elsewhere.

Whether a live OpenGL view is possible is decided by `interactive_3d_possible()` alone, from Qt's
platform name: the offscreen and minimal platforms have no window system for VTK to draw into,
and creating a QtInteractor there can abort the whole process. There the mesh is drawn by an
off-screen `pyvista.Plotter` and shown as an image (which still zooms and pans). pyvista and
pyvistaqt are imported only when the first mesh is shown: together they take about 2 s.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLabel, QStackedLayout, QVBoxLayout, QWidget

from stegstudio.gui.widgets.image_view import ImagePane

NO_OPENGL_PLATFORMS = frozenset({"offscreen", "minimal", "vnc", "linuxfb"})
MESH_COLOUR = "#c9b18f"
SNAPSHOT_SIZE = (640, 480)


def interactive_3d_possible(platform_name: str | None = None) -> bool:
    """True when Qt runs on a real window system, where VTK can make an OpenGL context."""
    name = platform_name if platform_name is not None else QGuiApplication.platformName()
    return name not in NO_OPENGL_PLATFORMS


def _poly_data(vertices: np.ndarray, faces: np.ndarray):  # -> pyvista.PolyData, imported lazily
    import pyvista

    cells = np.hstack([np.full((len(faces), 1), 3, dtype=np.int64), faces.astype(np.int64)]).ravel()
    return pyvista.PolyData(vertices.astype(np.float64), cells)


def render_snapshot(vertices: np.ndarray, faces: np.ndarray, size: tuple[int, int] = SNAPSHOT_SIZE) -> np.ndarray:
    """The mesh drawn off screen as uint8 RGB, from the same angle the live view starts at."""
    import pyvista

    plotter = pyvista.Plotter(off_screen=True, window_size=list(size))
    try:
        plotter.set_background("white")
        plotter.add_mesh(_poly_data(vertices, faces), color=MESH_COLOUR, smooth_shading=True)
        plotter.view_isometric()
        return np.asarray(plotter.screenshot(return_img=True))[..., :3].copy()
    finally:
        plotter.close()


class MeshView(QWidget):
    def __init__(self, title: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel(title)
        self.title.setStyleSheet("font-weight: bold")
        self.message = QLabel("No shape")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        self.snapshot = ImagePane()
        self.stack = QStackedLayout()
        self.stack.addWidget(self.message)
        self.stack.addWidget(self.snapshot)
        self.info = QLabel("")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addLayout(self.stack, 1)
        layout.addWidget(self.info)
        self.interactor = None  # pyvistaqt.QtInteractor once a mesh was shown on a window system
        self.mode = "interactive" if interactive_3d_possible() else "snapshot"

    def set_mesh(self, vertices: np.ndarray, faces: np.ndarray) -> None:
        self.info.setText("Drag to rotate, wheel to zoom" if self.mode == "interactive" else
                          "A still picture: this display has no OpenGL for a live 3D view")
        try:
            if self.mode == "interactive":
                self._show_interactive(vertices, faces)
            else:
                self.snapshot.set_image(render_snapshot(vertices, faces))
                self.stack.setCurrentWidget(self.snapshot)
        except Exception as exc:  # VTK reports missing OpenGL pieces in many ways; the rest of the window lives on
            self.message.setText(f"The 3D view could not be drawn here ({type(exc).__name__}: {exc})")
            self.stack.setCurrentWidget(self.message)

    def _show_interactive(self, vertices: np.ndarray, faces: np.ndarray) -> None:
        if self.interactor is None:
            from pyvistaqt import QtInteractor

            self.interactor = QtInteractor(self)
            self.interactor.set_background("white")
            if not self.interactor.renderer.lights:  # shaded, never a flat silhouette
                self.interactor.enable_lightkit()
            self.stack.addWidget(self.interactor)
        self.interactor.clear_actors()  # not clear(): that removes the lights as well
        self.interactor.add_mesh(_poly_data(vertices, faces), color=MESH_COLOUR, smooth_shading=True)
        self.interactor.view_isometric()
        self.stack.setCurrentWidget(self.interactor)

    def release(self) -> None:
        """Close VTK's render window before Qt destroys the widget, so VTK never draws into a dead window."""
        if self.interactor is not None:
            self.interactor.close()
            self.interactor = None

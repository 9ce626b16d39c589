"""Start the GUI: the QApplication, the main window, and the two unattended modes (--self-test, --screenshot;
what they run is `selftest`).

The window is shown before anything heavy loads: torch and the engines are imported by the
first job, pyvista by the first 3D view.
"""

from __future__ import annotations

import importlib.resources
import os
import sys
import tempfile
from pathlib import Path

import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from stegstudio.gui import settings
from stegstudio.gui.main_window import MainWindow
from stegstudio.gui.selftest import SelfTestFailure, run_demo, run_self_test
from stegstudio.gui.tabs.registry import tab_names

SETTLE_MS = 400  # after showing or a demo: lets layouts, plots' redraw timers and VTK finish drawing


def application() -> QApplication:
    """The one QApplication (tests bring their own through pytest-qt)."""
    pg.setConfigOptions(antialias=True)
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
    app.setApplicationDisplayName("StegStudio")
    app.setDesktopFileName("stegstudio")  # matches the installed .desktop entry (Wayland/X11 task bars)
    app.setWindowIcon(QIcon(str(icon_path())))
    return app


def icon_path() -> Path:
    return Path(str(importlib.resources.files("stegstudio.resources") / "icons" / "stegstudio.png"))


def settle(ms: int = SETTLE_MS) -> None:
    """Let the event loop run for `ms` so what was asked for is drawn."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def save_screenshot(window: MainWindow, path: Path, demo: bool) -> int:
    """The window as drawn (after the tab's real demonstration run when `demo`), saved as PNG."""
    if demo:
        try:
            run_demo(window.current_tab)
        except SelfTestFailure as exc:
            print(f"stegstudio: demo failed: {exc}", file=sys.stderr)
            return 1
    settle()
    if not window.grab().save(str(path)):
        print(f"stegstudio: error: could not write {path}", file=sys.stderr)
        return 2
    print(f"saved {path}")
    return 0


def headless_problem(unattended: bool) -> str:
    """Empty when Qt can start here. On Linux without a display, unattended runs draw off screen
    (QT_QPA_PLATFORM=offscreen) and an interactive run gets a message, instead of Qt aborting."""
    if not sys.platform.startswith("linux"):
        return ""
    if any(os.environ.get(name) for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")):
        return ""
    if unattended:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        return ""
    return ("no display to open the window on (DISPLAY is not set); run it on a desktop, under a virtual "
            "screen (xvfb-run -a stegstudio gui), or use --screenshot/--self-test, which work without one")


def run_app(tab: str | None = None, self_test: bool = False, screenshot: Path | None = None, demo: bool = False,
            settings_dir: Path | None = None) -> int:
    if tab is not None and tab not in tab_names():
        print(f"stegstudio: error: --tab {tab}: no such tab; use one of {', '.join(tab_names())}", file=sys.stderr)
        return 2
    if screenshot is not None and not screenshot.parent.is_dir():
        print(f"stegstudio: error: --screenshot {screenshot}: the folder {screenshot.parent} does not exist",
              file=sys.stderr)
        return 2
    if demo and screenshot is None:
        print("stegstudio: error: --demo goes with --screenshot", file=sys.stderr)
        return 2
    unattended = self_test or screenshot is not None
    problem = headless_problem(unattended)
    if problem:
        print(f"stegstudio: error: {problem}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="stegstudio-settings-") as throwaway:
        # Unattended runs start from default settings and leave the user's untouched.
        settings.configure(settings_dir or (throwaway if unattended else None))
        app = application()
        window = MainWindow()
        if tab is not None:
            window.select_tab(tab)
        window.show()
        if unattended:
            settle()
            code = run_self_test(window) if self_test else save_screenshot(window, screenshot, demo)
            window.close()
        else:
            code = app.exec()
        dispose(window)
        return code


def dispose(window: MainWindow) -> None:
    """Destroy the window while Qt still runs: left to the interpreter's final garbage collection,
    pyqtgraph's items outlive their scene and crash the process on exit (PySide6 6.12)."""
    window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)

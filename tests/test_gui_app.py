"""The main window, settings, previews and the `stegstudio gui` command (screenshot, self-test under Xvfb)."""

import os
import shutil
import subprocess
import sys

import numpy as np
import pytest
from PIL import Image

from stegstudio.core.samples import sample_path
from stegstudio.gui import settings
from stegstudio.gui.main_window import MainWindow
from stegstudio.gui.selftest import configure_hide
from stegstudio.gui.tabs.registry import TAB_TYPES, tab_names

pytestmark = pytest.mark.usefixtures("gui_settings_dir")


@pytest.fixture
def window(qtbot):
    win = MainWindow()
    qtbot.addWidget(win)
    win.show()
    return win


def test_window_has_one_tab_per_registered_type_and_the_menus(window):
    assert [tab.name for tab in window.tab_list] == tab_names() == ["hide", "cover", "embed"]
    assert [window.tabs.tabText(i) for i in range(window.tabs.count())] == [t.title for t in TAB_TYPES]
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus == ["&File", "&Job", "&View", "&Help"]
    shortcuts = {a.shortcut().toString() for m in window.menuBar().actions() for a in m.menu().actions()}
    assert {"Ctrl+O", "Ctrl+S", "Ctrl+Q", "Ctrl+Return", "Esc", "Ctrl+1", "Ctrl+2", "Ctrl+3"} <= shortcuts
    assert window.select_tab("embed") is window.current_tab
    with pytest.raises(KeyError, match="hide, cover, embed"):
        window.tab("nope")


def test_state_and_recent_files_persist_in_the_chosen_settings_folder(qtbot, gui_settings_dir):
    first = MainWindow()
    qtbot.addWidget(first)
    first.select_tab("embed").embed.bpp_box.setValue(3)
    first.open_paths([sample_path("cover2")])
    first.close()
    assert list(gui_settings_dir.rglob("*.ini"))  # written where the test pointed QSettings
    second = MainWindow()
    qtbot.addWidget(second)
    assert second.current_tab.name == "embed" and second.current_tab.embed.bpp_box.value() == 3
    assert settings.recent_files() == [str(sample_path("cover2").resolve())]


def test_closing_during_a_job_asks_then_cancels_and_waits(window, monkeypatch, qtbot):
    from PySide6.QtWidgets import QMessageBox

    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.No)
    hide = window.tab("hide")
    configure_hide(hide, "video", "quick", 5000)
    with qtbot.waitSignal(hide.runner.progress, timeout=30_000, check_params_cb=lambda b: b[-1].stage == "hide"):
        hide.hide.start_job()
    assert not window.close() and hide.busy and "Hide media" in asked[0]
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    assert window.close()
    assert not hide.runner._thread or hide.runner._thread.isFinished()


def test_previews_work_without_sound_or_opengl(qtbot):
    from stegstudio.core.media.shape import load_mesh
    from stegstudio.gui.widgets.audio_view import AudioView, audio_output_problem, spectrogram_db
    from stegstudio.gui.widgets.compare_view import amplified_difference
    from stegstudio.gui.widgets.mesh_view import MeshView, interactive_3d_possible

    tone = np.sin(2 * np.pi * 1000 * np.arange(22050) / 22050).astype(np.float32)
    spec = spectrogram_db(tone)
    assert spec.shape[1] == 257 and abs(int(spec.mean(axis=0).argmax()) - round(1000 / (22050 / 512))) <= 1
    audio = AudioView()
    qtbot.addWidget(audio)
    audio.set_audio(tone, 22050)
    assert audio.play_button.isEnabled() == (audio_output_problem() == "")
    assert "1.00 s" in audio.info.text()

    assert not interactive_3d_possible("offscreen") and interactive_3d_possible("xcb")
    mesh = MeshView()
    qtbot.addWidget(mesh)
    shape = load_mesh(sample_path("shape"))
    mesh.set_mesh(shape.vertices, shape.faces)
    assert mesh.mode == "snapshot" and mesh.stack.currentWidget() is mesh.snapshot
    picture = mesh.snapshot.image
    assert picture.ndim == 3 and (picture < 250).any()  # something was drawn on the white background

    a = np.full((4, 4, 3), 100, np.uint8)
    b = a.copy()
    b[0, 0] = [103, 90, 100]
    assert amplified_difference(a, b, 10)[0, 0].tolist() == [30, 100, 0]


def _run_cli(*args, env_extra=None, timeout=240):
    env = {**os.environ, "OMP_NUM_THREADS": "1", **(env_extra or {})}
    return subprocess.run([sys.executable, "-m", "stegstudio", *args], capture_output=True, text=True,
                          timeout=timeout, env=env)


def test_cli_stays_qt_free_and_registers_gui():
    code = ("import sys, stegstudio.cli as c; p = c.build_parser(gui_only=True); "
            "assert 'gui' in p._subparsers._group_actions[0].choices; "
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'PySide6', 'torch'}))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"  # `stegstudio gui` parses its arguments before Qt or torch load


def test_screenshot_command_and_bad_tab(tmp_path):
    out = tmp_path / "embed.png"
    proc = _run_cli("gui", "--screenshot", str(out), "--tab", "embed", env_extra={"QT_QPA_PLATFORM": "offscreen"})
    assert proc.returncode == 0, proc.stderr
    assert Image.open(out).size[0] >= 800
    bad = _run_cli("gui", "--tab", "nope", "--screenshot", str(out))
    assert bad.returncode == 2 and "use one of hide, cover, embed" in bad.stderr


@pytest.mark.skipif(shutil.which("xvfb-run") is None, reason="xvfb-run is not installed (Debian package xvfb), "
                    "so the real X11 + OpenGL 3D view cannot be exercised")
def test_self_test_under_xvfb_with_the_live_3d_view(tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "xcb", "OMP_NUM_THREADS": "1",
           "STEGSTUDIO_SETTINGS_DIR": str(tmp_path)}
    proc = subprocess.run(["xvfb-run", "-a", "-s", "-screen 0 1600x1000x24", sys.executable, "-m", "stegstudio",
                           "gui", "--self-test"], capture_output=True, text=True, timeout=600, env=env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "self-test passed" in proc.stdout
    assert "3D view: interactive" in proc.stdout

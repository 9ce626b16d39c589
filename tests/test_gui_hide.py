"""The Hide media tab through its real worker: tiny hide + reveal, saving, cancelling, and error dialogs."""

import time

import numpy as np
import pytest

from stegstudio.core.samples import sample_path
from stegstudio.gui.selftest import configure_hide, run_and_wait
from stegstudio.gui.tabs.hide_page import key_advice
from stegstudio.gui.tabs.hide_tab import HideTab

pytestmark = pytest.mark.usefixtures("gui_settings_dir")


@pytest.fixture
def tab(qtbot):
    widget = HideTab()
    qtbot.addWidget(widget)
    widget.show()
    yield widget
    widget.cancel_job()
    widget.runner.wait(10)


def test_tiny_hide_reveal_save_round_trip(tab, tmp_path, dialogs_shown):
    configure_hide(tab, "image", "tiny", 30)
    tab.hide.password.set_text("correct horse")
    run_and_wait(tab, tab.hide.start_job, "hide")
    result = tab.hide.outcome.result
    assert result.container.shape == (64, 64, 3) and result.steps == 30
    assert tab.hide.loss_plot.point_count("secret_loss") == 3  # one report every 10 steps
    assert np.array_equal(tab.hide.compare.right.image, result.container)  # the final container is on show
    assert tab.hide.compare.diff.image is not None
    labels = tab.hide.metrics.as_dict()
    assert "Cover PSNR" in labels and labels["Steps"] == "30"
    assert tab.hide.outcome.analysis.verdict in tab.hide.verdict.text()
    assert tab.hide.revealed_view.modality == "image" and tab.hide.save_button.isEnabled()

    container, key = tmp_path / "c.png", tmp_path / "c.key.json"
    assert tab.hide.save(container, key) and container.is_file() and key.is_file()
    assert tab.reveal.container_picker.path() == container and tab.reveal.key_picker.path() == key  # handed over
    tab.modes.setCurrentIndex(1)
    tab.reveal.password.set_text("wrong horse")
    run_and_wait(tab, tab.reveal.start_job, "reveal", expect_failure=True)  # the core's error, not noise
    assert tab.reveal.outcome is None
    assert "the password is wrong" in dialogs_shown[-1]["text"] and dialogs_shown[-1]["details"] == ""
    tab.reveal.password.set_text("correct horse")
    run_and_wait(tab, tab.reveal.start_job, "reveal")
    assert np.array_equal(tab.reveal.outcome.revealed, result.revealed)
    assert tab.reveal.outcome.container_intact is True and "Warning" not in tab.reveal.info.text()
    assert tab.reveal.revealed_view.modality == "image"
    tab.reveal.key_picker.set_path("")  # no key: the password alone, from the key the container carries
    run_and_wait(tab, tab.reveal.start_job, "reveal")
    assert np.array_equal(tab.reveal.outcome.revealed, result.revealed) and tab.reveal.outcome.container_intact
    out = tmp_path / "revealed.png"
    assert tab.reveal.save(out) and out.is_file()
    assert not tab.reveal.save(tmp_path / "revealed.wav")  # the core refuses a suffix for another kind
    assert "unsupported output type" in dialogs_shown[-1]["text"]
    assert dialogs_shown[-1]["details"] == ""


def test_a_changed_container_reveals_with_the_cores_warning(tab, tmp_path, dialogs_shown):
    from PIL import Image

    from stegstudio.core.crossmodal import integrity

    configure_hide(tab, "image", "tiny", 5)
    run_and_wait(tab, tab.hide.start_job, "hide")
    container, key = tmp_path / "c.png", tmp_path / "c.key.json"
    assert tab.hide.save(container, key)
    pixels = np.asarray(Image.open(container)).copy()
    pixels[0, 0, 0] ^= 1
    Image.fromarray(pixels).save(container)
    tab.reveal.container_picker.set_path(container)
    tab.reveal.key_picker.set_path(key)
    tab.modes.setCurrentIndex(1)
    run_and_wait(tab, tab.reveal.start_job, "reveal")
    assert tab.reveal.outcome.container_intact is False
    assert f"Warning: {integrity.ALTERED}" in tab.reveal.info.text()


def test_cancel_stops_within_a_second_and_leaves_no_file(tab, tmp_path, qtbot, dialogs_shown):
    configure_hide(tab, "video", "quick", 5000)
    with qtbot.waitSignal(tab.runner.progress, timeout=30_000, check_params_cb=lambda b: b[-1].stage == "hide"):
        tab.hide.start_job()
    assert not tab.hide.panel.start_button.isEnabled() and tab.hide.panel.cancel_button.isEnabled()
    t0 = time.perf_counter()
    tab.hide.panel.cancel_button.click()
    assert tab.runner.wait_for_outcome(5)
    assert time.perf_counter() - t0 < 1.0
    assert tab.hide.outcome is None and not tab.hide.save_button.isEnabled()
    assert "Cancelled" in tab.hide.panel.step_label.text()
    assert list(tmp_path.iterdir()) == [tmp_path / "qsettings"]  # nothing written anywhere we own
    assert dialogs_shown == []
    assert tab.hide.panel.start_button.isEnabled()


def test_core_error_shows_the_core_message_without_traceback(tab, tmp_path, dialogs_shown):
    bogus = tmp_path / "notes.xyz"
    bogus.write_text("not media")
    configure_hide(tab, "image", "tiny", 5)
    tab.hide.secret_picker.set_path(bogus)
    run_and_wait(tab, tab.hide.start_job, "hide", expect_failure=True)
    (dialog,) = dialogs_shown
    assert "cannot tell what kind of secret" in dialog["text"] and dialog["details"] == ""
    assert dialog["icon"] == "Warning"
    assert "Failed" in tab.hide.panel.step_label.text()


def test_unexpected_errors_show_type_message_and_traceback(tab, monkeypatch, dialogs_shown):
    from stegstudio.gui.tabs import hide_jobs

    def broken(request, ctx):
        raise ZeroDivisionError("division by zero in a bug")

    monkeypatch.setattr(hide_jobs, "hide", broken)
    run_and_wait(tab, tab.hide.start_job, "hide", expect_failure=True)
    (dialog,) = dialogs_shown
    assert dialog["text"] == "ZeroDivisionError: division by zero in a bug"
    assert "Traceback" in dialog["details"] and dialog["icon"] == "Critical"


def test_dropped_files_go_where_they_belong(tab, tmp_path):
    from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
    from PySide6.QtGui import QDropEvent

    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(sample_path("audio")))])
    used = []
    tab.file_used.connect(used.append)
    tab.dropEvent(QDropEvent(QPointF(5, 5), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton,
                             Qt.KeyboardModifier.NoModifier))
    assert tab.hide.secret_picker.path() == sample_path("audio") and tab.modes.currentIndex() == 0
    assert used == [str(sample_path("audio"))]
    key = tmp_path / "k.json"
    key.write_text("{}")
    assert tab.accept_files([sample_path("cover2")])
    assert tab.hide.cover_picker.path() == sample_path("cover2")
    assert tab.accept_files([key]) and tab.reveal.key_picker.path() == key and tab.modes.currentIndex() == 1
    assert tab.accept_files([sample_path("cover")]) and tab.reveal.container_picker.path() == sample_path("cover")
    assert not tab.accept_files([tmp_path / "report.pdf"])


def test_the_fidelity_dial_replaces_beta_in_the_request(tab):
    dial = tab.hide.fidelity
    assert dial.value() is None and tab.hide.beta_box.isEnabled() and tab.hide.request().cover_psnr is None
    dial.enabled_box.setChecked(True)
    dial.slider.setValue(71)  # half decibels
    request = tab.hide.request()
    assert request.cover_psnr == 35.5 and request.beta is None
    assert not tab.hide.beta_box.isEnabled() and dial.value_label.text() == "35.5 dB"
    dial.enabled_box.setChecked(False)
    assert tab.hide.beta_box.isEnabled() and tab.hide.request().cover_psnr is None


def test_robustness_and_precision_reach_the_hide_settings(tab, tmp_path):
    from stegstudio.core.crossmodal import engine

    configure_hide(tab, "image", "tiny", 5)
    request = tab.hide.request()
    assert request.robust is None and request.precision == "auto"  # the safe defaults: PNG only, auto
    tab.hide.robust_box.setCurrentIndex(tab.hide.robust_box.findData(90))
    tab.hide.precision_box.setCurrentIndex(tab.hide.precision_box.findData("float32"))
    run_and_wait(tab, tab.hide.start_job, "hide")
    training = tab.hide.outcome.result.key.params["training"]
    assert training["jpeg_quality"] == 90 and training["precision"] == "float32"
    assert any(name.endswith("_after_jpeg") for name in tab.hide.outcome.result.metrics)
    assert engine.robust_quality(tab.hide.outcome.result.key) == 90
    assert "a JPEG of it needs the key file" in key_advice(tab.hide.outcome.result.key)


def test_a_container_that_carries_its_key_saves_alone(tab, tmp_path):
    configure_hide(tab, "image", "tiny", 5)
    tab.hide.password.set_text("correct horse")
    run_and_wait(tab, tab.hide.start_job, "hide")
    container = tmp_path / "c.png"
    assert "key file is optional" in key_advice(tab.hide.outcome.result.key)
    assert tab.hide.save(container, None) and container.is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.png", "qsettings"]
    assert tab.reveal.container_picker.path() == container and tab.reveal.key_picker.path() is None
    tab.modes.setCurrentIndex(1)
    tab.reveal.password.set_text("correct horse")
    run_and_wait(tab, tab.reveal.start_job, "reveal")
    assert tab.reveal.outcome.container_intact is True


def test_without_a_password_the_key_must_be_saved(tab, tmp_path, dialogs_shown):
    configure_hide(tab, "image", "tiny", 5)
    run_and_wait(tab, tab.hide.start_job, "hide")
    assert not tab.hide.save(tmp_path / "c.png", None)
    assert "carries no hidden key" in dialogs_shown[-1]["text"] and not (tmp_path / "c.png").exists()

"""The Embed bits tab: the capacity gauge, a small embed + extract through the real worker, and plain errors."""

import numpy as np
import pytest

from stegstudio.gui.selftest import configure_embed, run_and_wait
from stegstudio.gui.tabs.embed_tab import EmbedTab
from stegstudio.gui.widgets.capacity_gauge import FITS_COLOUR, TOO_BIG_COLOUR

pytestmark = pytest.mark.usefixtures("gui_settings_dir")


@pytest.fixture
def tab(qtbot):
    widget = EmbedTab()
    qtbot.addWidget(widget)
    widget.show()
    yield widget
    widget.cancel_job()
    widget.runner.wait(10)


def test_capacity_gauge_turns_red_when_the_message_does_not_fit_and_green_again(tab, qtbot):
    configure_embed(tab, 64, "short", "pw")
    assert tab.embed.capacity_fits is True and FITS_COLOUR in tab.embed.gauge.bar.styleSheet()
    capacity = tab.embed.fit.capacity_bytes
    tab.embed.message.set_text(np.random.default_rng(0).bytes(600).hex())  # ~600 bytes after compression
    qtbot.waitUntil(lambda: tab.embed.capacity_fits is False, timeout=2000)  # debounced, not immediate
    assert TOO_BIG_COLOUR in tab.embed.gauge.bar.styleSheet() and "does not fit" in tab.embed.gauge.label.text()
    tab.embed.bpp_box.setValue(4)
    qtbot.waitUntil(lambda: tab.embed.capacity_fits is True, timeout=2000)
    assert tab.embed.fit.capacity_bytes > capacity


def test_embed_refuses_to_start_when_it_does_not_fit(tab, dialogs_shown):
    configure_embed(tab, 64, np.random.default_rng(1).bytes(600).hex(), "pw")
    assert tab.embed.capacity_fits is False
    tab.embed.start_job()
    assert not tab.busy and "does not fit" in dialogs_shown[-1]["text"]


def test_embed_extract_round_trip_and_wrong_password(tab, tmp_path, dialogs_shown):
    message = "meet at noon ✓"
    configure_embed(tab, 64, message, "correct horse battery")
    run_and_wait(tab, tab.embed.start_job, "embed")
    stats = tab.embed.outcome.stats
    assert stats.width == 64 and stats.secret_bytes == len(message.encode())
    assert tab.embed.compare.diff.image is not None and tab.embed.ber_plot.point_count("ber") > 0
    metrics = tab.embed.metrics.as_dict()
    assert metrics["PSNR RGB"].endswith("dB") and "SSIM" in metrics
    analysis = tab.embed.outcome.analysis  # the steganalysis self-check beside the result, red when flagged
    assert analysis.verdict in tab.embed.verdict.text()
    assert ("#b3261e" in tab.embed.verdict.styleSheet()) == analysis.flagged
    stego = tmp_path / "stego.png"
    assert tab.embed.save(stego) and stego.is_file()
    assert not tab.embed.save(tmp_path / "stego.jpg")
    assert "lossy" in dialogs_shown[-1]["text"]
    dialogs_shown.clear()

    assert tab.extract.stego_picker.path() == stego  # handed over by the save
    tab.modes.setCurrentIndex(1)
    tab.extract.password.set_text("wrong horse")
    run_and_wait(tab, tab.extract.start_job, "extract", expect_failure=True)
    (dialog,) = dialogs_shown
    assert dialog["text"].startswith("no hidden data found for this password") and dialog["details"] == ""
    tab.extract.password.set_text("correct horse battery")
    run_and_wait(tab, tab.extract.start_job, "extract")
    assert tab.extract.extracted_text.toPlainText() == message
    out = tmp_path / "message.txt"
    assert tab.extract.save(out) and out.read_text(encoding="utf-8") == message


def test_a_file_message_is_sized_and_extracted_under_its_name(tab, tmp_path):
    secret_file = tmp_path / "notes.txt"
    secret_file.write_text("the vault code is 1234\n" * 3)
    configure_embed(tab, 64, "", "pw")
    assert tab.accept_files([secret_file])
    assert tab.embed.message.file_choice.isChecked() and tab.embed.capacity_fits is True
    assert tab.embed.message.secret().name == "notes.txt"


def test_password_strength_hint_and_show_toggle(tab):
    field = tab.embed.password
    field.set_text("abc")
    assert field.hint.text().startswith("weak")
    field.set_text("correct horse battery staple, 1987!")
    assert field.hint.text().startswith("strong")
    assert field.edit.echoMode() == field.edit.EchoMode.Password
    field.show_box.setChecked(True)
    assert field.edit.echoMode() == field.edit.EchoMode.Normal


def test_a_self_check_that_cannot_run_keeps_the_result_and_says_why(qtbot, monkeypatch):
    from stegstudio.core.analysis import report
    from stegstudio.core.jobs import quiet
    from stegstudio.gui.tabs import self_check
    from stegstudio.gui.widgets.verdict_label import VerdictLabel

    def broken(image):
        raise OSError("libjpeg build missing")

    monkeypatch.setattr(report, "analyse", broken)
    reason = self_check.run(np.zeros((32, 32, 3), np.uint8), quiet())
    assert reason == "OSError: libjpeg build missing"
    label = VerdictLabel()
    qtbot.addWidget(label)
    label.show_report(reason)
    assert "could not run" in label.text() and "libjpeg build missing" in label.text()


def test_covert_mode_caps_the_density_and_round_trips(tab, tmp_path):
    configure_embed(tab, 64, "quiet words", "pw", bpp=2)
    page = tab.embed
    page.mode_box.setCurrentIndex(page.mode_box.findData("covert"))
    assert page.bpp_box.value() == 1 and page.bpp_box.maximum() == 1
    page.bpp_box.setValue(0.5)
    run_and_wait(tab, page.start_job, "embed")
    stats = page.outcome.stats
    assert (stats.mode, stats.bpp) == ("covert", 0.5) and stats.changed < 0.05 and stats.psnr_rgb > 50
    assert page.metrics.as_dict()["Mode"] == "covert"
    stego = tmp_path / "covert.png"
    assert page.save(stego)
    tab.modes.setCurrentIndex(1)
    tab.extract.password.set_text("pw")
    run_and_wait(tab, tab.extract.start_job, "extract")
    assert tab.extract.extracted_text.toPlainText() == "quiet words" and "covert, 0.5 bpp" in tab.extract.info.text()


def test_robust_mode_takes_a_quality_and_its_jpeg_reads_back(tab, tmp_path):
    from PIL import Image

    configure_embed(tab, 128, "survives sharing", "pw", mode="robust")
    page = tab.embed
    assert not page.bpp_box.isEnabled() and page.quality_box.isEnabled()
    assert "in robust mode" in page.gauge.label.text()
    page.quality_box.setCurrentIndex(page.quality_box.findData(80))
    run_and_wait(tab, page.start_job, "embed")
    stats = page.outcome.stats
    assert (stats.mode, stats.jpeg_quality) == ("robust", 80) and stats.psnr_rgb > 35
    assert page.metrics.as_dict()["Survives JPEG quality"] == "80 and above"
    assert page.save(tmp_path / "robust.png")
    shared = tmp_path / "shared.jpg"
    Image.open(tmp_path / "robust.png").save(shared, quality=85)
    tab.modes.setCurrentIndex(1)
    tab.extract.stego_picker.set_path(shared)
    tab.extract.password.set_text("pw")
    run_and_wait(tab, tab.extract.start_job, "extract")
    assert tab.extract.extracted_text.toPlainText() == "survives sharing"
    assert "survive JPEG quality 80" in tab.extract.info.text()
    page.mode_box.setCurrentIndex(page.mode_box.findData("fast"))
    assert page.bpp_box.isEnabled() and not page.quality_box.isEnabled()

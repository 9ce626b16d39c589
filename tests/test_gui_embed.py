"""The Embed bits tab: the capacity gauge, a small embed + extract through the real worker, and plain errors."""

import numpy as np
import pytest

from stegstudio.gui.tabs.embed_tab import FITS_COLOUR, TOO_BIG_COLOUR, EmbedTab

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
    tab.configure_embed(64, "short", "pw")
    assert tab.capacity_fits is True and FITS_COLOUR in tab.capacity_bar.styleSheet()
    capacity = tab.fit.capacity_bytes
    tab.message_edit.setPlainText(np.random.default_rng(0).bytes(600).hex())  # ~600 bytes after compression
    qtbot.waitUntil(lambda: tab.capacity_fits is False, timeout=2000)  # debounced, not immediate
    assert TOO_BIG_COLOUR in tab.capacity_bar.styleSheet() and "does not fit" in tab.capacity_label.text()
    tab.bpp_box.setValue(4)
    qtbot.waitUntil(lambda: tab.capacity_fits is True, timeout=2000)
    assert tab.fit.capacity_bytes > capacity


def test_embed_refuses_to_start_when_it_does_not_fit(tab, dialogs_shown):
    tab.configure_embed(64, np.random.default_rng(1).bytes(600).hex(), "pw")
    assert tab.capacity_fits is False
    tab.start_embed()
    assert not tab.busy and "does not fit" in dialogs_shown[-1]["text"]


def test_embed_extract_round_trip_and_wrong_password(tab, tmp_path, dialogs_shown):
    message = "meet at noon ✓"
    tab.configure_embed(64, message, "correct horse battery")
    tab.run_and_wait(tab.start_embed, "embed")
    stats = tab.embedded.stats
    assert stats.width == 64 and stats.secret_bytes == len(message.encode())
    assert tab.compare.diff.image is not None and tab.ber_plot.point_count("ber") > 0
    metrics = tab.metrics.as_dict()
    assert metrics["PSNR RGB"].endswith("dB") and "SSIM" in metrics
    stego = tmp_path / "stego.png"
    assert tab.save_stego(stego) and stego.is_file()
    assert not tab.save_stego(tmp_path / "stego.jpg")
    assert "lossy" in dialogs_shown[-1]["text"]
    dialogs_shown.clear()

    tab.stego_picker.set_path(stego)
    tab.modes.setCurrentIndex(1)
    tab.extract_password.set_text("wrong horse")
    tab.run_and_wait(tab.start_extract, "extract", expect_failure=True)
    (dialog,) = dialogs_shown
    assert dialog["text"].startswith("no hidden data found for this password") and dialog["details"] == ""
    tab.extract_password.set_text("correct horse battery")
    tab.run_and_wait(tab.start_extract, "extract")
    assert tab.extracted_text.toPlainText() == message
    out = tmp_path / "message.txt"
    assert tab.save_extracted(out) and out.read_text(encoding="utf-8") == message


def test_a_file_message_is_sized_and_extracted_under_its_name(tab, tmp_path):
    secret_file = tmp_path / "notes.txt"
    secret_file.write_text("the vault code is 1234\n" * 3)
    tab.configure_embed(64, "", "pw")
    assert tab.accept_files([secret_file])
    assert tab.file_choice.isChecked() and tab.capacity_fits is True
    assert tab.secret().name == "notes.txt"


def test_password_strength_hint_and_show_toggle(tab):
    field = tab.password
    field.set_text("abc")
    assert field.hint.text().startswith("weak")
    field.set_text("correct horse battery staple, 1987!")
    assert field.hint.text().startswith("strong")
    assert field.edit.echoMode() == field.edit.EchoMode.Password
    field.show_box.setChecked(True)
    assert field.edit.echoMode() == field.edit.EchoMode.Normal

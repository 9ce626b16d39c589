"""The Cover generator tab through its real worker: the seed grid, choosing a seed, interpolating, saving,
training (cancel, resume, plain errors), and covers handed to or generated in the other tabs."""

import json
import re
import time

import numpy as np
import pytest
import torch
from PIL import Image
from PySide6.QtCore import Qt

from stegstudio.gui.main_window import MainWindow
from stegstudio.gui.selftest import configure_sample, configure_train, run_and_wait, write_photos
from stegstudio.gui.tabs.cover_jobs import GRID_SIDE, GRID_TILE
from stegstudio.gui.tabs.cover_tab import CoverTab
from stegstudio.gui.tabs.embed_page import SIZES
from stegstudio.gui.tabs.embed_tab import EmbedTab

pytestmark = pytest.mark.usefixtures("gui_settings_dir")


@pytest.fixture
def tab(qtbot):
    widget = CoverTab()
    qtbot.addWidget(widget)
    widget.show()
    yield widget
    widget.cancel_job()
    widget.runner.wait(10)


@pytest.fixture
def one_torch_thread():
    """A training step (the cancel latency) as long as on a quiet machine, however busy the other core is:
    two threads contending with another process take a second and more per tiny step."""
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


def _jobs_started(tab):
    started = []
    tab.runner.busy_changed.connect(lambda busy: busy and started.append(time.perf_counter()))
    return started


def test_the_grid_shows_sixteen_seeds_and_a_click_chooses_one(tab, qtbot):
    s = tab.sample
    configure_sample(tab, 10, 64)
    run_and_wait(tab, s.start_page, "sample")
    side = GRID_SIDE * GRID_TILE
    assert s.grid.image.shape == (side, side, 3) and s.cover.shape == (64, 64, 3)
    assert s.grid.selected == 0 and "seed 10 " in s.cover_view.title.text()
    assert s.grid_title.text() == "Seeds 10 to 25 (click one)"
    assert s.model_info.text().startswith("shipped model: trained at")
    assert s.save_button.isEnabled() and s.use_embed_button.isEnabled()
    first = s.cover
    qtbot.mouseClick(s.grid, Qt.MouseButton.LeftButton, pos=s.grid.tile_rect(6).center())  # row 1, column 2
    qtbot.waitUntil(lambda: "seed 16 " in s.cover_view.title.text(), timeout=10_000)
    assert s.grid.selected == 6 and s.cover.shape == (64, 64, 3) and not np.array_equal(s.cover, first)


def test_the_slider_interpolates_after_the_running_job_and_save_writes_a_png(tab, qtbot, tmp_path, dialogs_shown):
    s = tab.sample
    configure_sample(tab, 0, 64)
    run_and_wait(tab, lambda: s.start_cover(3), "seed A")
    seed_a = s.cover
    started = _jobs_started(tab)
    s.start_page()  # busy: the slider's request waits for it instead of being dropped
    s.seed_a.setValue(3)
    s.seed_b.setValue(4)
    for percent in (10, 30, 50):
        s.slider.setValue(percent)
    qtbot.waitUntil(lambda: "3 → 4 at 50%" in s.cover_view.title.text() and not tab.busy, timeout=10_000)
    assert len(started) == 2 and s.grid.selected is None  # the page, then one interpolation for three moves
    middle = s.cover
    s.slider.setValue(0)
    qtbot.waitUntil(lambda: "at 0%" in s.cover_view.title.text(), timeout=10_000)
    assert np.array_equal(s.cover, seed_a) and not np.array_equal(middle, seed_a)

    out = tmp_path / "cover.png"
    assert s.save(out) == out and np.array_equal(np.asarray(Image.open(out)), seed_a)
    assert s.save(tmp_path / "cover.jpg") is None
    assert "unsupported output type" in dialogs_shown[-1]["text"]


@pytest.mark.usefixtures("one_torch_thread")
def test_cancelling_training_keeps_a_checkpoint_that_resume_continues(tab, qtbot, tmp_path, dialogs_shown):
    t = tab.train
    photos, out = tmp_path / "photos", tmp_path / "model"
    write_photos(photos, 8)
    configure_train(tab, photos, out, steps=100_000, batch=4, every=1000)
    with qtbot.waitSignal(tab.runner.progress, timeout=60_000, check_params_cb=lambda b: b[-1].stage == "training"):
        t.start_job()
    assert not t.panel.start_button.isEnabled() and t.panel.cancel_button.isEnabled()
    t0 = time.perf_counter()
    t.panel.cancel_button.click()
    assert tab.runner.wait_for_outcome(5)
    assert time.perf_counter() - t0 < 1.0
    assert "continues with --resume" in t.panel.step_label.text() and t.outcome is None
    assert (out / "training.pt").is_file() and dialogs_shown == []
    stopped = json.loads((out / "config.json").read_text())["training"]["steps"]
    assert t.loss_plot.point_count("loss_d") >= stopped >= 1

    t.steps_box.setValue(stopped + 2)
    t.resume_box.setChecked(True)
    run_and_wait(tab, t.start_job, "resume")
    assert t.outcome.steps == stopped + 2 and t.use_model_button.isEnabled()
    assert t.metrics.as_dict()["Steps"] == str(stopped + 2)
    t.use_model_button.click()
    assert tab.modes.currentIndex() == 0 and tab.sample.model_picker.path() == out
    tab.runner.wait_for_outcome(30)  # the new model's grid
    assert tab.sample.model_info.text().startswith("model: trained at 32 px") and dialogs_shown == []


def test_training_errors_show_the_core_message(tab, tmp_path, dialogs_shown):
    empty = tmp_path / "empty"
    empty.mkdir()
    configure_train(tab, empty, tmp_path / "model", steps=4, batch=4, every=2)
    run_and_wait(tab, tab.train.start_job, "train", expect_failure=True)
    (dialog,) = dialogs_shown
    assert "holds no images" in dialog["text"] and dialog["details"] == "" and dialog["icon"] == "Warning"
    assert not (tmp_path / "model").exists()
    tab.train.images_picker.set_path("")
    tab.train.start_job()
    assert not tab.busy and "choose a folder of photos" in dialogs_shown[-1]["text"]


def test_use_as_cover_in_embed_bits_switches_tab_and_sets_the_picker(qtbot):
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    cover_tab = window.select_tab("cover")
    configure_sample(cover_tab, 5, 256)
    run_and_wait(cover_tab, cover_tab.sample.start_page, "sample")
    cover_tab.sample.use_embed_button.click()
    embed = window.current_tab
    assert embed.name == "embed" and embed.current_page is embed.embed
    assert embed.embed.cover_picker.combo.currentText() == "generated: seed5-256px"
    assert np.array_equal(np.asarray(Image.open(embed.embed.cover_picker.path())), cover_tab.sample.cover)
    assert np.array_equal(embed.embed.cover, cover_tab.sample.cover)  # loaded for the view and the capacity gauge


def test_generate_in_embed_bits_sets_a_new_cover_at_the_tab_size(qtbot):
    tab = EmbedTab()
    qtbot.addWidget(tab)
    tab.show()
    tab.embed.size_box.setCurrentIndex(SIZES.index(64))
    run_and_wait(tab, tab.embed.generate_button.click, "generate")
    path = tab.embed.cover_picker.path()
    assert path.is_file() and re.fullmatch(r"generated-seed\d+-64px\.png", path.name)
    assert tab.embed.cover_picker.combo.currentText().startswith("generated: seed")
    assert tab.embed.cover.shape == (64, 64, 3) and tab.embed.panel.step_label.text() == "Done"
    assert tab.embed.generate_button.isEnabled()

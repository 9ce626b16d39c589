"""The Cover generator's Sample page: a grid of 16 seeds to choose from, the chosen cover at full size,
an interpolation between two seeds, and hand-over of the cover to the other tabs.

Every request renders on the tab's worker, through a `LatestRequest` (seed, slider and size changes debounced).
"""

from __future__ import annotations

import random
from functools import partial
from pathlib import Path

import numpy as np
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSlider, QVBoxLayout, QWidget

from stegstudio.gui.tabs import cover_jobs
from stegstudio.gui.tabs.base import StudioTab, form_column, result_button, split
from stegstudio.gui.tabs.cover_source import SEED_LIMIT, folder_path, session_folder
from stegstudio.gui.tabs.latest_request import LatestRequest
from stegstudio.gui.tabs.two_page import TabPage
from stegstudio.gui.widgets.device_box import device_box
from stegstudio.gui.widgets.file_picker import FilePicker, save_file_name
from stegstudio.gui.widgets.form_fields import choice_box, form_box, spin_box
from stegstudio.gui.widgets.image_view import ImagePane
from stegstudio.gui.widgets.tile_grid import TileGrid

SIZES = (64, 128, 256, 512, 1024)
DEFAULT_SIZE = 256
DEBOUNCE_MS = 100
SHIPPED_MODEL_INFO = "An empty folder means the shipped model; its details show after the first sample"
MODEL_CONFIG = "config.json"  # how a dropped folder is told apart: a model folder has one, a photo folder not


class SamplePage(TabPage):
    start_label = "Sample"
    save_label = "Save cover…"
    cover_ready = Signal(str, str)  # a saved cover's path, the name of the tab that should take it

    def __init__(self, tab: StudioTab) -> None:
        super().__init__(tab)
        self.page: cover_jobs.SeedPage | None = None
        self.cover: np.ndarray | None = None  # the cover on show: a seed's or an interpolation's
        self.cover_name = ""
        self.folder = session_folder()
        self.main_input = self.model_picker
        self.settings = {"cover/model": self.model_picker, "cover/seed": self.seed_box, "cover/size": self.size_box,
                         "cover/device": self.device_box}
        self.requests = LatestRequest(tab)
        self.seed_timer = self.requests.debouncer(self.start_page, DEBOUNCE_MS)
        self.size_timer = self.requests.debouncer(self._redraw_cover, DEBOUNCE_MS)
        self.mix_timer = self.requests.debouncer(self.start_interpolation, DEBOUNCE_MS)

    # ------------------------------------------------------------------ building
    def build_form(self) -> QWidget:
        self.model_picker = FilePicker("cover-model", "Choose a cover model folder", "", folder=True,
                                       placeholder="the shipped model")
        self.model_picker.path_changed.connect(lambda _: self._on_model())
        self.model_info = QLabel(SHIPPED_MODEL_INFO)
        self.model_info.setWordWrap(True)
        self.model_info.setStyleSheet("color: palette(dark)")
        self.device_box = device_box()
        model_box = form_box("Model", [("Folder", self.model_picker), self.model_info, ("Device", self.device_box)])

        self.seed_box = spin_box(0, SEED_LIMIT - 1, 0,
                                 "The grid shows this seed and the 15 after it; a seed is the same cover everywhere")
        self.seed_box.valueChanged.connect(lambda _: self._on_seed())
        random_button = QPushButton("Random")
        random_button.clicked.connect(self.random_seed)
        seed_row = QHBoxLayout()
        seed_row.addWidget(self.seed_box, 1)
        seed_row.addWidget(random_button)
        self.size_box = choice_box((f"{size}×{size}", size) for size in SIZES)
        self.size_box.setCurrentIndex(SIZES.index(DEFAULT_SIZE))
        self.size_box.currentIndexChanged.connect(lambda _: self._on_size())
        seeds_box = form_box("Covers", [("First seed", seed_row), ("Size", self.size_box)])

        self.seed_a, self.seed_b = spin_box(0, SEED_LIMIT - 1, 0), spin_box(0, SEED_LIMIT - 1, 1)
        for box in (self.seed_a, self.seed_b):
            box.valueChanged.connect(lambda _: self.mix_timer.start())
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, 100)
        self.slider.setToolTip("0: seed A's cover, 100: seed B's; in between, the covers along the way")
        self.slider.valueChanged.connect(self._on_slider)
        self.mix_label = QLabel("0%")
        self.mix_label.setMinimumWidth(self.mix_label.fontMetrics().horizontalAdvance("100%"))
        mix_row = QHBoxLayout()
        mix_row.addWidget(self.slider, 1)
        mix_row.addWidget(self.mix_label)
        mix_box = form_box("Interpolate between two seeds", [("Seed A", self.seed_a), ("Seed B", self.seed_b),
                                                             ("A → B", mix_row)])

        self.use_hide_button = result_button("Use as cover in Hide media", lambda: self.use_cover_in("hide"))
        self.use_embed_button = result_button("Use as cover in Embed bits", lambda: self.use_cover_in("embed"))
        return form_column(model_box, seeds_box, mix_box, self.panel, self.save_button, self.use_hide_button,
                           self.use_embed_button)

    def build_results(self) -> QWidget:
        side, tile = cover_jobs.GRID_SIDE, cover_jobs.GRID_TILE
        self.grid_title = QLabel("Seeds")
        self.grid_title.setStyleSheet("font-weight: bold")
        self.grid = TileGrid(side, tile, f"Press Sample to draw {side * side} covers; click one to choose it")
        self.grid.setToolTip("Click a cover to show it at full size")
        self.grid.tile_clicked.connect(self._on_tile)
        column = QWidget()
        layout = QVBoxLayout(column)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.grid_title, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.grid, 1)
        self.cover_view = ImagePane("Cover", "The chosen cover appears here at full size (wheel: zoom, drag: pan)")
        return split(Qt.Orientation.Horizontal, [column, self.cover_view], [500, 500])

    # ------------------------------------------------------------------ the tab's requests
    def start_job(self) -> None:
        self.start_page()

    def accept_file(self, path: Path) -> bool:
        """A model folder (it has a config.json): sample from it."""
        if not (path / MODEL_CONFIG).is_file():
            return False
        self.model_picker.set_path(path)
        return True

    @property
    def model(self) -> cover_jobs.ModelChoice:
        return cover_jobs.ModelChoice(self.model_picker.path(), self.device_box.currentText())

    @property
    def size(self) -> int:
        return int(self.size_box.currentData())

    def start_page(self) -> None:
        """The grid from the first seed, and that seed's cover."""
        if self.tab.busy:
            return
        job = partial(cover_jobs.sample_page, self.model, self.seed_box.value(), self.size)
        self.tab.launch(self.panel, job, self._on_page)

    def start_cover(self, seed: int) -> None:
        if self.tab.busy:
            return
        job = partial(cover_jobs.sample_cover, self.model, seed, self.size)
        self.tab.launch(self.panel, job, lambda cover: self._show_seed(cover, seed))

    def start_interpolation(self) -> None:
        if self.tab.busy:
            return
        a, b, percent = self.seed_a.value(), self.seed_b.value(), self.slider.value()
        job = partial(cover_jobs.interpolate_cover, self.model, a, b, percent / 100, self.size)
        self.tab.launch(self.panel, job, lambda cover: self._show_mix(cover, a, b, percent))

    def random_seed(self) -> None:
        self.seed_box.setValue(random.randrange(SEED_LIMIT))
        self.seed_timer.start()

    def _on_seed(self) -> None:
        """Live once a grid is on show; before that (settings being restored, say) Sample starts the first."""
        if self.page is not None:
            self.seed_timer.start()

    def _on_model(self) -> None:
        shipped = self.model_picker.path() is None
        self.model_info.setText(SHIPPED_MODEL_INFO if shipped else "Its details show after the next sample")
        self._on_seed()

    def _on_size(self) -> None:
        if self.cover is not None:
            self.size_timer.start()

    def _redraw_cover(self) -> None:
        """The cover on show, at the size just chosen."""
        if self.grid.selected is None:
            self.start_interpolation()
        else:
            self.start_cover(self.page.first_seed + self.grid.selected)

    def stop_timers(self) -> None:
        """Forget debounced requests (for self-tests that set several fields and then start one job)."""
        for timer in (self.seed_timer, self.size_timer, self.mix_timer):
            timer.stop()

    def _on_slider(self, percent: int) -> None:
        self.mix_label.setText(f"{percent}%")
        self.mix_timer.start()

    def _on_tile(self, index: int) -> None:
        if self.page is not None:
            self.grid.select(index)
            self.requests.request(partial(self.start_cover, self.page.first_seed + index))

    # ------------------------------------------------------------------ results
    def _on_page(self, page: cover_jobs.SeedPage) -> None:
        self.page = page
        last = page.first_seed + cover_jobs.GRID_SIDE ** 2 - 1
        self.grid_title.setText(f"Seeds {page.first_seed:,} to {last:,} (click one)")
        self.grid.set_grid(page.grid, 0)
        self.model_info.setText(page.model_info)
        self._show_seed(page.cover, page.first_seed)

    def _show_seed(self, cover: np.ndarray, seed: int) -> None:
        if self.page is not None and 0 <= seed - self.page.first_seed < cover_jobs.GRID_SIDE ** 2:
            self.grid.select(seed - self.page.first_seed)
        self._show(cover, f"seed {seed:,}", f"seed{seed}")

    def _show_mix(self, cover: np.ndarray, a: int, b: int, percent: int) -> None:
        self.grid.select(None)
        self._show(cover, f"seed {a:,} → {b:,} at {percent}%", f"seed{a}-to-seed{b}-at{percent}pct")

    def _show(self, cover: np.ndarray, title: str, name: str) -> None:
        size = cover.shape[0]
        self.cover = cover
        self.cover_name = f"generated-{name}-{size}px"
        self.cover_view.set_title(f"Cover: {title} · {size}×{size}")
        self.cover_view.set_image(cover)
        for button in (self.save_button, self.use_hide_button, self.use_embed_button):
            button.setEnabled(True)
        self.tab.status_message.emit(f"Cover: {title}, {size}×{size} px")

    # ------------------------------------------------------------------ saving and handing over
    def save_result(self) -> None:
        if self.cover is None:
            return
        out = save_file_name(self.tab, "save", "Save the cover", f"{self.cover_name}.png", "PNG images (*.png)")
        if out is not None:
            self.save(out)

    def save(self, out: Path) -> Path | None:
        path = self.tab.save_with_dialog(lambda: cover_jobs.save_cover(self.cover, out))
        if path is not None:
            self.tab.file_used.emit(str(path))
            self.tab.status_message.emit(f"Saved {path}")
        return path

    def use_cover_in(self, tab_name: str) -> None:
        """Write the cover on show to the session folder (not to the recent files) and hand it to `tab_name`."""
        if self.cover is not None:
            path = self.tab.save_with_dialog(
                lambda: cover_jobs.save_cover(self.cover, folder_path(self.folder) / f"{self.cover_name}.png"))
            if path is not None:
                self.cover_ready.emit(str(path), tab_name)

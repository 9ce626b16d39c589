"""Cover generator: sample covers of any size from a trained generator (GASP), or train one on your photos.

The two pages live in their own modules (`cover_sample_page`, `cover_train_page`); this one puts
them side by side like the other tabs, answers the main window, and brings the self-test and demo.
A cover chosen here goes to Hide media or Embed bits through `cover_ready`.
"""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
from PySide6.QtCore import QSettings, Signal
from PySide6.QtWidgets import QStackedWidget, QTabWidget, QVBoxLayout, QWidget

from stegstudio.core.samples import sample_path
from stegstudio.gui.tabs.base import SelfTestFailure, StudioTab, form_beside_results
from stegstudio.gui.tabs.cover_jobs import GRID_SIDE
from stegstudio.gui.tabs.cover_sample_page import DEFAULT_SIZE, SIZES, SamplePage
from stegstudio.gui.tabs.cover_train_page import DEFAULTS, TrainPage

SAMPLE, TRAIN = 0, 1
MODEL_CONFIG = "config.json"  # how a dropped folder is told apart: a model folder has one, a photo folder not


class CoverTab(StudioTab):
    name = "cover"
    title = "Cover generator"

    cover_ready = Signal(str, str)  # a saved cover's path, the name of the tab that should take it

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.sample = SamplePage(self)
        self.train = TrainPage(self)
        self.modes = QTabWidget()
        self.modes.addTab(self.sample.form, "Sample")
        self.modes.addTab(self.train.form, "Train")
        self.results = QStackedWidget()
        self.results.addWidget(self.sample.results)
        self.results.addWidget(self.train.results)
        self.modes.currentChanged.connect(self.results.setCurrentIndex)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(form_beside_results(self.modes, self.results))
        self.sample.cover_ready.connect(self.cover_ready)
        self.train.model_ready.connect(self.sample_from)

    def sample_from(self, folder: str) -> None:
        """A freshly trained model: make it the Sample page's model and draw its grid."""
        self.sample.model_picker.set_path(folder)
        self.sample.stop_timers()  # drawn once, now, not again when the debounce runs out
        self.modes.setCurrentIndex(SAMPLE)
        self.sample.request(self.sample.start_page)

    # ------------------------------------------------------------------ the main window's requests
    def start_job(self) -> None:
        if self.modes.currentIndex() == SAMPLE:
            self.sample.start_page()
        else:
            self.train.start_train()

    def save_result(self) -> None:
        if self.modes.currentIndex() == SAMPLE:
            self.sample.save_dialog()
        else:
            self.status_message.emit("Training writes the model as it goes: it is in the model folder already")

    def open_files(self) -> None:
        if self.modes.currentIndex() == SAMPLE:
            self.sample.model_picker.choose()
        else:
            self.train.images_picker.choose()

    def accept_files(self, paths: list[Path]) -> bool:
        """A model folder (it has a config.json): sample from it; another folder: train on its photos."""
        used = False
        for path in paths:
            if not path.is_dir():
                continue
            if (path / MODEL_CONFIG).is_file():
                self.sample.model_picker.set_path(path)
                self.modes.setCurrentIndex(SAMPLE)
            else:
                self.train.images_picker.set_path(path)
                self.modes.setCurrentIndex(TRAIN)
            used = True
        return used

    def save_settings(self, store: QSettings) -> None:
        s, t = self.sample, self.train
        store.setValue("cover/model", s.model_picker.text())
        store.setValue("cover/seed", s.seed_box.value())
        store.setValue("cover/size", s.size)
        store.setValue("cover/device", s.device_box.currentText())
        store.setValue("cover/images", t.images_picker.text())
        store.setValue("cover/out", t.out_picker.text())
        store.setValue("cover/resolution", t.resolution_box.currentData())
        store.setValue("cover/steps", t.steps_box.value())
        store.setValue("cover/batch", t.batch_box.value())
        store.setValue("cover/discriminator", t.discriminator_box.currentData())
        store.setValue("cover/architecture", t.architecture_box.currentData())
        store.setValue("cover/sample_every", t.sample_every_box.value())
        store.setValue("cover/checkpoint_every", t.checkpoint_every_box.value())
        store.setValue("cover/train_device", t.device_box.currentText())
        store.setValue("cover/mode", self.modes.currentIndex())

    def restore_settings(self, store: QSettings) -> None:
        s, t = self.sample, self.train
        for picker, key in ((s.model_picker, "model"), (t.images_picker, "images"), (t.out_picker, "out")):
            text = str(store.value(f"cover/{key}", ""))
            if text:
                picker.set_path(text)
        s.seed_box.setValue(int(store.value("cover/seed", 0)))
        s.size_box.setCurrentIndex(max(0, s.size_box.findData(int(store.value("cover/size", DEFAULT_SIZE)))))
        s.device_box.setCurrentText(str(store.value("cover/device", "cpu")))
        t.resolution_box.setCurrentIndex(max(0, t.resolution_box.findData(int(store.value("cover/resolution", 32)))))
        for box, key in ((t.steps_box, "steps"), (t.batch_box, "batch"), (t.sample_every_box, "sample_every"),
                         (t.checkpoint_every_box, "checkpoint_every")):
            box.setValue(int(store.value(f"cover/{key}", DEFAULTS[key])))
        for box, key in ((t.discriminator_box, "discriminator"), (t.architecture_box, "architecture")):
            box.setCurrentIndex(max(0, box.findData(store.value(f"cover/{key}", ""))))
        t.device_box.setCurrentText(str(store.value("cover/train_device", "cpu")))
        self.modes.setCurrentIndex(int(store.value("cover/mode", SAMPLE)))

    # ------------------------------------------------------------------ self-test and demo
    def configure_sample(self, seed: int, size: int) -> None:
        s = self.sample
        s.model_picker.set_path("")
        s.device_box.setCurrentText("cpu")
        s.seed_box.setValue(seed)
        s.size_box.setCurrentIndex(SIZES.index(size))
        s.stop_timers()  # the page is asked for right away by whoever configures it
        self.modes.setCurrentIndex(SAMPLE)

    def configure_train(self, images: Path, out: Path, steps: int, batch: int, every: int) -> None:
        t = self.train
        t.images_picker.set_path(images)
        t.out_picker.set_path(out)
        t.resolution_box.setCurrentIndex(t.resolution_box.findData(32))
        t.steps_box.setValue(steps)
        t.batch_box.setValue(batch)
        t.discriminator_box.setCurrentIndex(t.discriminator_box.findData("conv"))
        t.architecture_box.setCurrentIndex(t.architecture_box.findData("compact"))
        t.sample_every_box.setValue(every)
        t.checkpoint_every_box.setValue(every)
        t.resume_box.setChecked(False)
        t.force_box.setChecked(False)
        t.device_box.setCurrentText("cpu")
        self.modes.setCurrentIndex(TRAIN)

    def self_test(self, workdir: Path) -> str:
        """Sample with the shipped model (a real, non-flat cover; a seed is always the same cover; the
        interpolation starts at seed A), then train 4 steps on 8 small photos and check the model folder."""
        s = self.sample
        self.configure_sample(0, 64)
        self.run_and_wait(s.start_page, "sample")
        if s.cover is None or s.cover.shape != (64, 64, 3) or s.page is None:
            raise SelfTestFailure("sample: no 64x64 cover came back")
        std = median_tile_std(s.page.grid)  # over 16 seeds: a model may draw the odd flat cover, not a grid of them
        if std <= 5:
            raise SelfTestFailure(f"sample: the covers are flat (median standard deviation {std:.1f} grey levels)")
        covers = []
        for _ in range(2):
            self.run_and_wait(lambda: s.start_cover(7), "sample seed 7")
            covers.append(s.cover)
        if not np.array_equal(covers[0], covers[1]):
            raise SelfTestFailure("sample: seed 7 gave two different covers")
        s.seed_a.setValue(7)
        s.seed_b.setValue(8)
        s.slider.setValue(0)
        s.stop_timers()
        self.run_and_wait(s.start_interpolation, "interpolate")
        if not np.array_equal(s.cover, covers[0]):
            raise SelfTestFailure("interpolate: position 0 is not seed A's cover")

        images, out = workdir / "photos", workdir / "model"
        write_photos(images, 8)
        self.configure_train(images, out, steps=4, batch=4, every=2)
        t0 = time.perf_counter()
        self.run_and_wait(self.train.start_train, "train")
        missing = [name for name in (MODEL_CONFIG, "generator.pt") if not (out / name).is_file()]
        if missing:
            raise SelfTestFailure(f"train: the model folder lacks {', '.join(missing)}")
        if self.train.loss_plot.point_count("loss_d") != 4 or self.train.preview.image is None:
            raise SelfTestFailure("train: the loss curve or the sample grid did not receive the 4 steps")
        return (f"sample + interpolate + train ok (64 px covers, median std {std:.0f}; 4 training steps in "
                f"{time.perf_counter() - t0:.1f} s)")

    def demo(self, workdir: Path) -> None:
        """The shipped model's grid from seed 0 and seed 0's cover at 256 px."""
        self.configure_sample(0, 256)
        self.run_and_wait(self.sample.start_page, "sample demo")


def median_tile_std(grid: np.ndarray) -> float:
    side, tile = GRID_SIDE, grid.shape[0] // GRID_SIDE
    return float(np.median([grid[r * tile:(r + 1) * tile, c * tile:(c + 1) * tile].std()
                            for r in range(side) for c in range(side)]))


def write_photos(folder: Path, count: int, size: int = 48) -> list[Path]:
    """Small crops of the bundled photos: a training folder for self-tests that needs no download."""
    from stegstudio.core.media.image import load_image, save_png

    folder.mkdir(parents=True, exist_ok=True)
    photos = [load_image(sample_path(name)) for name in ("cover", "cover2")]
    paths = []
    for n in range(count):
        photo = photos[n % len(photos)]
        h, w = photo.shape[:2]
        y, x = (h - size) * (n + 1) // (count + 1), (w - size) * (n + 1) // (count + 1)
        paths.append(save_png(folder / f"photo{n}.png", photo[y:y + size, x:x + size]))
    return paths

"""Embed bits' Embed page: hide a text or a file in a photo with a password (FNNS).

The capacity gauge answers "does it fit?" while the message, cover, size, bpp or ECC change,
with the core's own sizing (`payload.fit`: compression, header and error correction included),
so Embed never starts a job the core would refuse for size.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

import numpy as np
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QWidget

from stegstudio.core.errors import StegError
from stegstudio.core.fnns import payload
from stegstudio.core.media import formats
from stegstudio.core.samples import sample_path
from stegstudio.gui.tabs import embed_jobs
from stegstudio.gui.tabs.base import MissingInput, StudioTab, column, form_column, notes_sentence, split
from stegstudio.gui.tabs.cover_source import GenerateCoverButton, cover_picker
from stegstudio.gui.tabs.two_page import TabPage
from stegstudio.gui.widgets.capacity_gauge import CapacityGauge
from stegstudio.gui.widgets.compare_view import CompareView
from stegstudio.gui.widgets.device_box import device_box
from stegstudio.gui.widgets.file_picker import save_file_name
from stegstudio.gui.widgets.form_fields import choice_box, form_box, spin_box
from stegstudio.gui.widgets.loss_plot import LossPlot, PlotPanel
from stegstudio.gui.widgets.message_input import MessageInput
from stegstudio.gui.widgets.metrics_table import MetricsTable
from stegstudio.gui.widgets.password_field import PasswordField
from stegstudio.gui.widgets.verdict_label import VerdictLabel
from stegstudio.gui.worker import Job

SIZES = (None, 64, 128, 256, 512)
DEFAULT_SIZE = 256
CAPACITY_DEBOUNCE_MS = 150


class EmbedPage(TabPage):
    start_label = "Embed"
    save_label = "Save stego PNG…"
    cover: np.ndarray | None = None  # at the chosen size, for the capacity gauge and the view
    fit: payload.Fit | None = None

    def __init__(self, tab: StudioTab) -> None:
        super().__init__(tab)
        self.main_input = self.cover_input = self.cover_picker
        self.settings = {"embed/bpp": self.bpp_box, "embed/ecc": self.ecc_box, "embed/size": self.size_box,
                         "embed/device": self.device_box}
        self.cover_picker.set_path(sample_path("cover"))

    # ------------------------------------------------------------------ building
    def build_form(self) -> QWidget:
        self.capacity_timer = QTimer(self)
        self.capacity_timer.setSingleShot(True)
        self.capacity_timer.setInterval(CAPACITY_DEBOUNCE_MS)
        self.capacity_timer.timeout.connect(self.update_capacity)
        self.cover_picker = cover_picker("Choose a cover image")
        self.cover_picker.path_changed.connect(lambda _: self._load_cover())
        self.generate_button = GenerateCoverButton(self.tab, self.panel, self.cover_picker,
                                                   lambda: self.cover_size or DEFAULT_SIZE)
        self.size_box = choice_box((("as is" if s is None else f"{s}×{s} (centre crop)", s) for s in SIZES),
                                   "Smaller covers embed faster; the cover is never enlarged")
        self.size_box.setCurrentIndex(SIZES.index(DEFAULT_SIZE))
        self.size_box.currentIndexChanged.connect(lambda _: self._load_cover())
        cover_box = form_box("Cover", [("Image", self.cover_picker), ("", self.generate_button),
                                       ("Size", self.size_box)])

        self.message = MessageInput()
        self.message.typed.connect(self.capacity_timer.start)
        self.message.changed.connect(self.update_capacity)
        self.message.unreadable.connect(self.tab.status_message)

        self.password = PasswordField("the recipient needs it to extract")
        self.bpp_box = spin_box(1, payload.MAX_BPP, 1, "Bits per pixel: more holds more, but changes the image more",
                                " bpp")
        self.bpp_box.valueChanged.connect(self.capacity_timer.start)
        self.ecc_box = choice_box((level, level) for level in payload.ECC_LEVELS)
        self.ecc_box.setCurrentIndex(self.ecc_box.findData(payload.DEFAULT_ECC))
        self.ecc_box.currentIndexChanged.connect(self.capacity_timer.start)
        self.device_box = device_box()
        self.gauge = CapacityGauge()
        settings_box = form_box("Embedding", [
            ("Password", self.password), ("Density", self.bpp_box), ("Error correction", self.ecc_box),
            ("Device", self.device_box), ("Capacity", self.gauge.bar), self.gauge.label,
        ])
        return form_column(cover_box, self.message, settings_box, self.panel, self.save_button)

    def build_results(self) -> QWidget:
        self.compare = CompareView("Cover", "Stego image")
        self.ber_plot = LossPlot("embed", [PlotPanel("payload bits still wrong (bit error rate)", ("ber",))])
        self.tab.runner.progress.connect(self.ber_plot.add_events)
        self.metrics = MetricsTable()
        self.metrics.setMinimumWidth(220)
        self.verdict = VerdictLabel()
        side = column([self.verdict, self.metrics], grow=self.metrics)
        bottom = split(Qt.Orientation.Horizontal, [self.ber_plot, side], [800, 260], stretch=0)
        return split(Qt.Orientation.Vertical, [self.compare, bottom], [420, 420])

    # ------------------------------------------------------------------ inputs and capacity
    @property
    def cover_size(self) -> int | None:
        return self.size_box.currentData()

    def _load_cover(self) -> None:
        """The cover at the chosen size, read by the same core functions the embedding uses."""
        from stegstudio.core.media.image import load_cover

        path = self.cover_picker.path()
        self.cover = None
        if path is not None and not self.tab.busy:
            try:
                self.cover = load_cover(path, self.cover_size)[0]
            except StegError as exc:
                self.compare.left.clear(str(exc))
        if self.cover is not None:
            self.compare.set_left(self.cover)
            self.compare.set_right(None)
        self.update_capacity()

    def update_capacity(self) -> None:
        self.capacity_timer.stop()
        size = None if self.cover is None else self.cover.shape[:2]
        self.fit = self.gauge.measure(size, self.bpp_box.value(), str(self.ecc_box.currentData()),
                                      self.message.secret())

    @property
    def capacity_fits(self) -> bool | None:
        """None without a message; else whether it fits (the gauge is green or red accordingly)."""
        return None if self.fit is None else self.fit.fits

    def request(self) -> embed_jobs.EmbedRequest:
        self.update_capacity()  # the fit check below must see the form as it is now
        cover, secret = self.cover_picker.path(), self.message.secret()
        if cover is None:
            raise MissingInput("choose a cover image first (a file, or a bundled sample from the list)")
        if secret is None:
            raise MissingInput("type a message or choose a file to hide")
        if not self.password.text():
            raise MissingInput("type a password; the recipient needs it to extract the message")
        if self.fit is not None and not self.fit.fits:
            raise MissingInput(self.gauge.label.text())
        return embed_jobs.EmbedRequest(cover, self.cover_size, secret, self.password.text(), self.bpp_box.value(),
                                       str(self.ecc_box.currentData()), self.device_box.currentText())

    def accept_file(self, path: Path) -> bool:
        """An image: the cover; another file: the message."""
        if not path.is_file():
            return False
        if path.suffix.lower() in formats.IMAGE_INPUT_SUFFIXES:
            self.cover_picker.set_path(path)
        else:
            self.message.set_file(str(path))
        return True

    # ------------------------------------------------------------------ the job
    def job(self, request: embed_jobs.EmbedRequest) -> tuple[Job, str]:
        return partial(embed_jobs.embed, request), f"Embedding {len(request.secret.data):,} bytes at {request.bpp} bpp…"

    def clear_result(self) -> None:
        self.ber_plot.clear()
        self.metrics.set_metrics({})
        self.verdict.show_report(None)
        self.compare.set_right(None)

    def show_result(self, outcome: embed_jobs.EmbedOutcome) -> None:
        s = outcome.stats
        self.ber_plot.redraw()
        self.compare.set_left(outcome.cover)
        self.compare.set_right(outcome.stego)
        self.verdict.show_report(outcome.analysis)
        self.metrics.set_metrics({
            "psnr_rgb": s.psnr_rgb, "psnr_y": s.psnr_y, "ssim": s.ssim, "bytes": s.secret_bytes,
            "capacity_bytes": s.capacity_bytes, "bpp": s.bpp, "ecc": s.ecc, "ber_8bit": s.ber_8bit,
            "steps": s.steps, "seconds": round(s.seconds, 2), "size": f"{s.width}×{s.height}",
        })
        notes = notes_sentence(outcome.notices)
        self.tab.status_message.emit(f"Embedded {s.secret_bytes:,} bytes: PSNR {s.psnr_rgb:.2f} dB, SSIM "
                                     f"{s.ssim:.3f}. Save the stego image as PNG.{notes}")

    # ------------------------------------------------------------------ saving
    def save_dialog(self) -> None:
        out = save_file_name(self.tab, "save", "Save the stego image (PNG keeps the bits)", "stego.png",
                             "PNG images (*.png)")
        if out is not None:
            self.save(out)

    def save(self, out: Path) -> bool:
        path = self.tab.save_with_dialog(lambda: embed_jobs.save_stego(self.outcome, out))
        if path is not None:
            self.announce_saved([path], f"Saved {path}; the Extract page has it")
        return path is not None

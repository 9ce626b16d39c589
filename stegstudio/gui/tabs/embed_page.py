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
from PySide6.QtWidgets import QLabel, QStackedWidget, QWidget

from stegstudio.core.errors import StegError
from stegstudio.core.fnns import density, payload, robust
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
from stegstudio.gui.widgets.form_fields import choice_box, decimal_box, form_box
from stegstudio.gui.widgets.loss_plot import LossPlot, PlotPanel
from stegstudio.gui.widgets.message_input import MessageInput
from stegstudio.gui.widgets.metrics_table import MetricsTable
from stegstudio.gui.widgets.password_field import PasswordField
from stegstudio.gui.widgets.verdict_label import VerdictLabel
from stegstudio.gui.worker import Job

SIZES = (None, 64, 128, 256, 512)
DEFAULT_SIZE = 256
CAPACITY_DEBOUNCE_MS = 150
MODES = (  # (label, core mode name): the engine's modes, explained for the form
    ("fast: dense neural perturbation, a detector finds it", "fast"),
    ("covert: few ±1 changes in texture, hard to detect", "covert"),
    ("robust: survives JPEG re-encoding, a detector finds it", "robust"),
    ("faithful: the paper's L-BFGS procedure, slow", "faithful"),
)
MODE_TIP = (f"Covert changes a few samples by one where texture hides them (up to {density.COVERT_MAX_BPP} bpp; "
            f"at most {density.RECOMMENDED_COVERT_BPP:g} bpp recommended). Fast and faithful perturb every pixel "
            "for the keyed neural decoder (up to 4 bpp): a trained steganalysis detector finds that easily. "
            "Robust moves the image's low frequencies, which JPEG keeps, at a density of its own (about 0.07 bpp)")
QUALITY_TIP = ("Robust mode: the lowest JPEG quality the message must survive (messaging apps and sites often "
               "re-encode at 70-85); lower survives more and changes the image more")


class EmbedPage(TabPage):
    start_label = "Embed"
    save_label = "Save stego PNG…"
    cover: np.ndarray | None = None  # at the chosen size, for the capacity gauge and the view
    fit: payload.Fit | None = None

    def __init__(self, tab: StudioTab) -> None:
        super().__init__(tab)
        self.main_input = self.cover_input = self.cover_picker
        self.settings = {"embed/embedding_mode": self.mode_box, "embed/bpp": self.bpp_box, "embed/ecc": self.ecc_box,
                         "embed/robust_quality": self.quality_box, "embed/size": self.size_box,
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
        self.mode_box = choice_box(MODES, MODE_TIP)
        self.mode_box.currentIndexChanged.connect(self._mode_changed)
        self.bpp_box = decimal_box(density.MAX_BPP, 2, density.MIN_BPP,
                                   tooltip="Bits per pixel: more holds more, but changes the image more")
        self.bpp_box.setMinimum(density.MIN_BPP)
        self.bpp_box.setSuffix(" bpp")
        self.bpp_box.setValue(1)
        self.bpp_box.valueChanged.connect(self.capacity_timer.start)
        self.quality_box = choice_box(((f"JPEG quality {q} and above", q) for q in robust.QUALITIES), QUALITY_TIP)
        self.quality_box.setCurrentIndex(self.quality_box.findData(robust.DEFAULT_QUALITY))
        self.quality_box.setEnabled(False)
        self.ecc_box = choice_box((level, level) for level in payload.ECC_LEVELS)
        self.ecc_box.setCurrentIndex(self.ecc_box.findData(payload.DEFAULT_ECC))
        self.ecc_box.currentIndexChanged.connect(self.capacity_timer.start)
        self.device_box = device_box()
        self.gauge = CapacityGauge()
        settings_box = form_box("Embedding", [
            ("Password", self.password), ("Mode", self.mode_box), ("Density", self.bpp_box),
            ("Survives", self.quality_box), ("Error correction", self.ecc_box),
            ("Device", self.device_box), ("Capacity", self.gauge.bar), self.gauge.label,
        ])
        return form_column(cover_box, self.message, settings_box, self.panel, self.save_button)

    def build_results(self) -> QWidget:
        self.compare = CompareView("Cover", "Stego image")
        self.ber_plot = LossPlot("embed", [PlotPanel("payload bits still wrong (bit error rate)", ("ber",))])
        self.tab.runner.progress.connect(self.ber_plot.add_events)
        self.covert_note = QLabel()  # covert and robust mode have no optimisation to plot: this says what happened
        self.covert_note.setWordWrap(True)
        self.covert_note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.plot_stack = QStackedWidget()
        self.plot_stack.addWidget(self.ber_plot)
        self.plot_stack.addWidget(self.covert_note)
        self.metrics = MetricsTable()
        self.metrics.setMinimumWidth(220)
        self.verdict = VerdictLabel()
        side = column([self.verdict, self.metrics], grow=self.metrics)
        bottom = split(Qt.Orientation.Horizontal, [self.plot_stack, side], [800, 260], stretch=0)
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

    @property
    def mode(self) -> str:
        return str(self.mode_box.currentData())

    def _mode_changed(self) -> None:
        """Each mode carries up to its own density; a higher value is lowered to it (the spin box clamps).
        Robust mode has a density of its own and a quality to survive instead."""
        robust_mode = self.mode == "robust"
        self.bpp_box.setEnabled(not robust_mode)
        self.quality_box.setEnabled(robust_mode)
        if not robust_mode:
            self.bpp_box.setMaximum(density.highest(self.mode))
        self.capacity_timer.start()

    def update_capacity(self) -> None:
        self.capacity_timer.stop()
        size = None if self.cover is None else self.cover.shape[:2]
        self.fit = self.gauge.measure(size, self.bpp_box.value(), str(self.ecc_box.currentData()),
                                      self.message.secret(), self.mode)

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
        return embed_jobs.EmbedRequest(cover, self.cover_size, secret, self.password.text(),
                                       density.normalise(self.bpp_box.value()), str(self.ecc_box.currentData()),
                                       self.device_box.currentText(), self.mode, int(self.quality_box.currentData()))

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
        at = (f"to survive JPEG quality {request.quality}" if request.mode == "robust" else
              f"at {density.label(request.bpp)} bpp")
        return partial(embed_jobs.embed, request), (f"Embedding {len(request.secret.data):,} bytes {at}, "
                                                    f"{request.mode} mode…")

    def clear_result(self) -> None:
        self.ber_plot.clear()
        self.plot_stack.setCurrentWidget(self.ber_plot)
        self.metrics.set_metrics({})
        self.verdict.show_report(None)
        self.compare.set_right(None)

    def show_result(self, outcome: embed_jobs.EmbedOutcome) -> None:
        s = outcome.stats
        self.ber_plot.redraw()
        if s.mode == "covert":
            changed = round(s.changed * s.width * s.height * 3)
            self.covert_note.setText(
                f"Covert mode: the syndrome-trellis code's search changed the {changed:,} cheapest colour samples "
                f"({s.changed:.2%}) by one each, where HILL costs say texture hides them, and the image was read "
                "back as the recipient will read it. Nothing was optimised step by step, so there is no curve.")
            self.plot_stack.setCurrentWidget(self.covert_note)
        if s.mode == "robust":
            self.covert_note.setText(
                f"Robust mode: the low-frequency content of the luminance was moved so the keyed decoder reads the "
                f"message, then re-encoded with Pillow's JPEG at quality {s.jpeg_quality} and adjusted "
                f"{s.rounds * robust.ROUNDS} times; the image was read back from JPEG at quality {s.jpeg_quality} "
                "(4:2:0 and 4:4:4 chroma) and above, as the recipient will read it. Share it as the PNG or as a JPEG "
                f"of quality {s.jpeg_quality} or more; resizing or cropping it loses the message.")
            self.plot_stack.setCurrentWidget(self.covert_note)
        self.compare.set_left(outcome.cover)
        self.compare.set_right(outcome.stego)
        self.verdict.show_report(outcome.analysis)
        self.metrics.set_metrics({
            "psnr_rgb": s.psnr_rgb, "psnr_y": s.psnr_y, "ssim": s.ssim, "bytes": s.secret_bytes,
            "capacity_bytes": s.capacity_bytes, "mode": s.mode,
            "bpp": f"{s.bpp:.3f}" if s.mode == "robust" else density.label(s.bpp), "ecc": s.ecc,
            **({} if s.jpeg_quality is None else {"survives_jpeg_quality": f"{s.jpeg_quality} and above"}),
            "samples_changed": f"{s.changed:.2%}", "ber_8bit": s.ber_8bit, "steps": s.steps,
            "seconds": round(s.seconds, 2), "size": f"{s.width}×{s.height}",
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

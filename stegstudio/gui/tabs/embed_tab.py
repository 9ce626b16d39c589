"""Embed bits: hide a text or a file in a photo with a password (FNNS), and extract it again.

The capacity gauge answers "does it fit?" while the message, cover, size, bpp or ECC change,
with the core's own sizing (`payload.fit`: compression, header and error correction included),
so Embed never starts a job the core would refuse for size.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

import numpy as np
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QRadioButton,
    QSpinBox,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from stegstudio.core.errors import StegError
from stegstudio.core.fnns import payload
from stegstudio.core.jobs import ProgressEvent
from stegstudio.core.media import formats
from stegstudio.core.samples import sample_path
from stegstudio.gui import dialogs
from stegstudio.gui.tabs import embed_jobs
from stegstudio.gui.tabs.base import (
    MissingInput,
    SelfTestFailure,
    StudioTab,
    form_beside_results,
    form_column,
    result_button,
)
from stegstudio.gui.tabs.cover_source import GenerateCoverButton, generated_label
from stegstudio.gui.widgets.compare_view import CompareView
from stegstudio.gui.widgets.device_box import device_box
from stegstudio.gui.widgets.file_picker import FilePicker, save_file_name, suffix_patterns
from stegstudio.gui.widgets.image_view import ImagePane
from stegstudio.gui.widgets.job_panel import JobPanel
from stegstudio.gui.widgets.loss_plot import LossPlot, PlotPanel
from stegstudio.gui.widgets.metrics_table import MetricsTable
from stegstudio.gui.widgets.password_field import PasswordField

COVER_FILTER = f"Images ({suffix_patterns(formats.IMAGE_INPUT_SUFFIXES)});;All files (*)"
STEGO_FILTER = "PNG stego images (*.png);;" + COVER_FILTER
SIZES = (None, 64, 128, 256, 512)
DEFAULT_SIZE = 256
CAPACITY_DEBOUNCE_MS = 150
FITS_COLOUR, TOO_BIG_COLOUR = "#2e7d32", "#c62828"
EXTRACTED_PLACEHOLDER = "The extracted message appears here"


class EmbedTab(StudioTab):
    name = "embed"
    title = "Embed bits"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.embedded: embed_jobs.EmbedOutcome | None = None
        self.extracted: embed_jobs.ExtractOutcome | None = None
        self.cover: np.ndarray | None = None  # at the chosen size, for the capacity gauge and the view
        self.file_secret: payload.Message | None = None
        self.fit: payload.Fit | None = None
        self.modes = QTabWidget()
        self.modes.addTab(self._build_embed_form(), "Embed")
        self.modes.addTab(self._build_extract_form(), "Extract")
        self.results = QStackedWidget()
        self.results.addWidget(self._build_embed_results())
        self.results.addWidget(self._build_extract_results())
        self.modes.currentChanged.connect(self.results.setCurrentIndex)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(form_beside_results(self.modes, self.results))
        self.runner.progress.connect(self._on_progress)
        self.capacity_timer = QTimer(self)
        self.capacity_timer.setSingleShot(True)
        self.capacity_timer.setInterval(CAPACITY_DEBOUNCE_MS)
        self.capacity_timer.timeout.connect(self.update_capacity)
        self.cover_picker.set_path(sample_path("cover"))

    # ------------------------------------------------------------------ building
    def _build_embed_form(self) -> QWidget:
        self.cover_picker = FilePicker("cover", "Choose a cover image", COVER_FILTER,
                                       {n: sample_path(n) for n in ("cover", "cover2")})
        self.cover_picker.path_changed.connect(lambda _: self._load_cover())
        self.embed_panel = JobPanel(self.runner, "Embed")
        self.embed_panel.start_requested.connect(self.start_embed)
        self.generate_button = GenerateCoverButton(self, self.embed_panel, self.cover_picker,
                                                   lambda: self.cover_size or DEFAULT_SIZE)
        self.size_box = QComboBox()
        for size in SIZES:
            self.size_box.addItem("as is" if size is None else f"{size}×{size} (centre crop)", size)
        self.size_box.setCurrentIndex(SIZES.index(DEFAULT_SIZE))
        self.size_box.setToolTip("Smaller covers embed faster; the cover is never enlarged")
        self.size_box.currentIndexChanged.connect(lambda _: self._load_cover())
        cover_box = QGroupBox("Cover")
        form = QFormLayout(cover_box)
        form.addRow("Image", self.cover_picker)
        form.addRow("", self.generate_button)
        form.addRow("Size", self.size_box)

        self.text_choice = QRadioButton("Text")
        self.file_choice = QRadioButton("File")
        self.text_choice.setChecked(True)
        choice = QButtonGroup(self)
        choice.addButton(self.text_choice)
        choice.addButton(self.file_choice)
        self.text_choice.toggled.connect(self._on_message_kind)
        self.message_edit = QPlainTextEdit()
        self.message_edit.setPlaceholderText("The message to hide")
        self.message_edit.setMinimumHeight(80)
        self.message_edit.textChanged.connect(self.capacity_timer_start)
        self.file_picker = FilePicker("message-file", "Choose a file to hide", "All files (*)")
        self.file_picker.path_changed.connect(lambda _: self._load_file_secret())
        self.file_picker.setVisible(False)
        kinds = QHBoxLayout()
        kinds.addWidget(self.text_choice)
        kinds.addWidget(self.file_choice)
        kinds.addStretch(1)
        message_box = QGroupBox("Message")
        column = QVBoxLayout(message_box)
        column.addLayout(kinds)
        column.addWidget(self.message_edit)
        column.addWidget(self.file_picker)

        self.password = PasswordField("the recipient needs it to extract")
        self.bpp_box = QSpinBox()
        self.bpp_box.setRange(1, payload.MAX_BPP)
        self.bpp_box.setSuffix(" bpp")
        self.bpp_box.setToolTip("Bits per pixel: more holds more, but changes the image more")
        self.bpp_box.valueChanged.connect(self.capacity_timer_start)
        self.ecc_box = QComboBox()
        for level in payload.ECC_LEVELS:
            self.ecc_box.addItem(level, level)
        self.ecc_box.setCurrentIndex(self.ecc_box.findData(payload.DEFAULT_ECC))
        self.ecc_box.currentIndexChanged.connect(self.capacity_timer_start)
        self.device_box = device_box()
        self.capacity_bar = QProgressBar()
        self.capacity_bar.setTextVisible(True)
        self.capacity_bar.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.capacity_label = QLabel("")
        self.capacity_label.setWordWrap(True)
        settings_box = QGroupBox("Embedding")
        form = QFormLayout(settings_box)
        form.addRow("Password", self.password)
        form.addRow("Density", self.bpp_box)
        form.addRow("Error correction", self.ecc_box)
        form.addRow("Device", self.device_box)
        form.addRow("Capacity", self.capacity_bar)
        form.addRow(self.capacity_label)

        self.save_stego_button = result_button("Save stego PNG…", self.save_stego_dialog)
        return form_column(cover_box, message_box, settings_box, self.embed_panel, self.save_stego_button)

    def _build_extract_form(self) -> QWidget:
        self.stego_picker = FilePicker("stego", "Open a stego image", STEGO_FILTER)
        self.stego_picker.path_changed.connect(lambda _: self._show_stego())
        self.extract_password = PasswordField("the password used to embed", show_strength=False)
        self.extract_device_box = device_box()
        box = QGroupBox("Stego image")
        form = QFormLayout(box)
        form.addRow("Image", self.stego_picker)
        form.addRow("Password", self.extract_password)
        form.addRow("Device", self.extract_device_box)
        self.extract_panel = JobPanel(self.runner, "Extract")
        self.extract_panel.start_requested.connect(self.start_extract)
        self.save_extracted_button = result_button("Save extracted message…", self.save_extracted_dialog)
        return form_column(box, self.extract_panel, self.save_extracted_button)

    def _build_embed_results(self) -> QWidget:
        self.compare = CompareView("Cover", "Stego image")
        self.ber_plot = LossPlot("embed", [PlotPanel("payload bits still wrong (bit error rate)", ("ber",))])
        self.metrics = MetricsTable()
        self.metrics.setMinimumWidth(220)
        bottom = QSplitter(Qt.Orientation.Horizontal)
        bottom.addWidget(self.ber_plot)
        bottom.addWidget(self.metrics)
        bottom.setStretchFactor(0, 1)
        bottom.setSizes([800, 260])
        page = QSplitter(Qt.Orientation.Vertical)
        page.addWidget(self.compare)
        page.addWidget(bottom)
        page.setSizes([420, 420])
        return page

    def _build_extract_results(self) -> QWidget:
        self.stego_view = ImagePane("Stego image", "Open a stego PNG, type the password, then Extract")
        self.extracted_text = QPlainTextEdit()
        self.extracted_text.setReadOnly(True)
        self.extracted_text.setPlaceholderText(EXTRACTED_PLACEHOLDER)
        self.extract_info = QLabel("")
        self.extract_info.setWordWrap(True)
        right = QWidget()
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        title = QLabel("Extracted message")
        title.setStyleSheet("font-weight: bold")
        column.addWidget(title)
        column.addWidget(self.extracted_text, 1)
        column.addWidget(self.extract_info)
        page = QSplitter(Qt.Orientation.Horizontal)
        page.addWidget(self.stego_view)
        page.addWidget(right)
        page.setSizes([600, 500])
        return page

    # ------------------------------------------------------------------ inputs and capacity
    @property
    def cover_size(self) -> int | None:
        return self.size_box.currentData()

    def _load_cover(self) -> None:
        """The cover at the chosen size, read by the same core functions the embedding uses."""
        from stegstudio.core.media.image import load_cover

        path = self.cover_picker.path()
        self.cover = None
        if path is not None and not self.busy:
            try:
                self.cover = load_cover(path, self.cover_size)[0]
            except StegError as exc:
                self.compare.left.clear(str(exc))
        if self.cover is not None:
            self.compare.set_left(self.cover)
            self.compare.set_right(None)
        self.update_capacity()

    def _load_file_secret(self) -> None:
        path = self.file_picker.path()
        self.file_secret = None
        if path is not None:
            try:
                self.file_secret = payload.Message.from_file(path)
            except StegError as exc:
                self.status_message.emit(str(exc))
        self.update_capacity()

    def _on_message_kind(self, text: bool) -> None:
        self.message_edit.setVisible(text)
        self.file_picker.setVisible(not text)
        self.update_capacity()

    def capacity_timer_start(self) -> None:
        self.capacity_timer.start()

    def secret(self) -> payload.Message | None:
        if self.text_choice.isChecked():
            text = self.message_edit.toPlainText()
            return payload.Message.from_text(text) if text else None
        return self.file_secret

    def update_capacity(self) -> None:
        self.capacity_timer.stop()
        if self.cover is None:
            self.fit = None
            self._show_capacity(0, 1, "Choose a cover to see how much fits", "")
            return
        h, w = self.cover.shape[:2]
        bpp, ecc = self.bpp_box.value(), str(self.ecc_box.currentData())
        secret = self.secret()
        if secret is None:
            self.fit = None
            room = payload.capacity(h, w, bpp, ecc)
            self._show_capacity(0, max(room, 1), f"{w}×{h} at {bpp} bpp holds {room:,} bytes of text", "")
            return
        self.fit = fit = payload.fit(h, w, bpp, ecc, secret)
        text = (f"{fit.needed_bytes:,} of {fit.capacity_bytes:,} bytes (after compression; {w}×{h} at {bpp} bpp)")
        if not fit.fits:
            text += ": does not fit. Raise the bpp, use a larger cover or a shorter message"
        self._show_capacity(min(fit.needed_bytes, fit.capacity_bytes), max(fit.capacity_bytes, 1), text,
                            FITS_COLOUR if fit.fits else TOO_BIG_COLOUR)

    def _show_capacity(self, used: int, room: int, text: str, colour: str) -> None:
        self.capacity_bar.setRange(0, room)
        self.capacity_bar.setValue(used)
        self.capacity_bar.setFormat("%p% used" if colour else "")
        chunk = f"QProgressBar::chunk {{ background: {colour}; }}" if colour else ""
        self.capacity_bar.setStyleSheet(chunk)
        self.capacity_label.setText(text)
        self.capacity_label.setStyleSheet(f"color: {colour}" if colour == TOO_BIG_COLOUR else "")

    @property
    def capacity_fits(self) -> bool | None:
        """None without a message; else whether it fits (the gauge is green or red accordingly)."""
        return None if self.fit is None else self.fit.fits

    def _show_stego(self) -> None:
        from stegstudio.core.media.image import load_image

        path = self.stego_picker.path()
        if path is None or not path.is_file():
            return
        try:
            self.stego_view.set_image(load_image(path))
        except StegError as exc:
            self.stego_view.clear(str(exc))

    def embed_request(self) -> embed_jobs.EmbedRequest:
        self.update_capacity()  # the fit check below must see the form as it is now
        cover, secret = self.cover_picker.path(), self.secret()
        if cover is None:
            raise MissingInput("choose a cover image first (a file, or a bundled sample from the list)")
        if secret is None:
            raise MissingInput("type a message or choose a file to hide")
        if not self.password.text():
            raise MissingInput("type a password; the recipient needs it to extract the message")
        if self.fit is not None and not self.fit.fits:
            raise MissingInput(self.capacity_label.text())
        return embed_jobs.EmbedRequest(cover, self.cover_size, secret, self.password.text(), self.bpp_box.value(),
                                       str(self.ecc_box.currentData()), self.device_box.currentText())

    def extract_request(self) -> embed_jobs.ExtractRequest:
        stego = self.stego_picker.path()
        if stego is None:
            raise MissingInput("open a stego image first")
        return embed_jobs.ExtractRequest(stego, self.extract_password.text(), self.extract_device_box.currentText())

    # ------------------------------------------------------------------ jobs
    def start_job(self) -> None:
        if self.modes.currentIndex() == 0:
            self.start_embed()
        else:
            self.start_extract()

    def start_embed(self) -> None:
        request = self.form_request(self.embed_request)
        if request is None:
            return
        self.embedded = None
        self.save_stego_button.setEnabled(False)
        self.ber_plot.clear()
        self.metrics.set_metrics({})
        self.compare.set_right(None)
        self.launch(self.embed_panel, partial(embed_jobs.embed, request), self._on_embedded)
        self.status_message.emit(f"Embedding {len(request.secret.data):,} bytes at {request.bpp} bpp…")

    def start_extract(self) -> None:
        request = self.form_request(self.extract_request)
        if request is None:
            return
        self.extracted = None
        self.save_extracted_button.setEnabled(False)
        self.extracted_text.setPlainText("")
        self.extracted_text.setPlaceholderText(EXTRACTED_PLACEHOLDER)
        self.extract_info.setText("")
        self.launch(self.extract_panel, partial(embed_jobs.extract, request), self._on_extracted)
        self.status_message.emit(f"Extracting from {request.stego_path.name}…")

    def _on_progress(self, events: list[ProgressEvent]) -> None:
        self.ber_plot.add_events(events)

    def _on_embedded(self, outcome: embed_jobs.EmbedOutcome) -> None:
        self.embedded = outcome
        s = outcome.stats
        self.ber_plot.redraw()
        self.compare.set_left(outcome.cover)
        self.compare.set_right(outcome.stego)
        self.metrics.set_metrics({
            "psnr_rgb": s.psnr_rgb, "psnr_y": s.psnr_y, "ssim": s.ssim, "bytes": s.secret_bytes,
            "capacity_bytes": s.capacity_bytes, "bpp": s.bpp, "ecc": s.ecc, "ber_8bit": s.ber_8bit,
            "steps": s.steps, "seconds": round(s.seconds, 2), "size": f"{s.width}×{s.height}",
        })
        self.save_stego_button.setEnabled(True)
        notes = f" Notes: {'; '.join(outcome.notices)}." if outcome.notices else ""
        self.status_message.emit(f"Embedded {s.secret_bytes:,} bytes: PSNR {s.psnr_rgb:.2f} dB, SSIM {s.ssim:.3f}. "
                                 f"Save the stego image as PNG.{notes}")

    def _on_extracted(self, outcome: embed_jobs.ExtractOutcome) -> None:
        self.extracted = outcome
        secret = outcome.secret
        self.stego_view.set_image(outcome.stego)
        if secret.is_file:
            self.extracted_text.setPlainText("")
            self.extracted_text.setPlaceholderText(f"A file was hidden: {secret.name}; save it to open it")
            self.extract_info.setText(f"File “{secret.name}”, {len(secret.data):,} bytes")
        else:
            self.extracted_text.setPlainText(secret.data.decode("utf-8", errors="replace"))
            self.extract_info.setText(f"Text, {len(secret.data):,} bytes")
        r = outcome.result
        self.extract_info.setText(self.extract_info.text() + f" · {r.bpp} bpp, ECC {r.ecc} · {r.seconds:.1f} s")
        self.save_extracted_button.setEnabled(True)
        self.status_message.emit("Extracted " + (f"the file {secret.name}" if secret.is_file else "a text"))

    # ------------------------------------------------------------------ saving
    def save_result(self) -> None:
        if self.modes.currentIndex() == 0:
            self.save_stego_dialog()
        else:
            self.save_extracted_dialog()

    def save_stego_dialog(self) -> None:
        if self.embedded is None:
            return
        out = save_file_name(self, "save", "Save the stego image (PNG keeps the bits)", "stego.png",
                             "PNG images (*.png)")
        if out is not None:
            self.save_stego(out)

    def save_stego(self, out: Path) -> bool:
        try:
            path = embed_jobs.save_stego(self.embedded, out)
        except StegError as exc:
            dialogs.show_error(self, exc)
            return False
        self.file_used.emit(str(path))
        self.stego_picker.set_path(path)  # the Extract page is ready to check what was just saved
        self.status_message.emit(f"Saved {path}; the Extract page has it")
        return True

    def save_extracted_dialog(self) -> None:
        if self.extracted is None:
            return
        name = embed_jobs.suggested_name(self.extracted.secret)
        out = save_file_name(self, "save", "Save the extracted message", name, "All files (*)")
        if out is not None:
            self.save_extracted(out)

    def save_extracted(self, out: Path) -> bool:
        try:
            path = embed_jobs.save_extracted(self.extracted.secret, out)
        except StegError as exc:
            dialogs.show_error(self, exc)
            return False
        self.status_message.emit(f"Saved {path}")
        return True

    # ------------------------------------------------------------------ files, settings
    def open_files(self) -> None:
        if self.modes.currentIndex() == 0:
            self.cover_picker.choose()
        else:
            self.stego_picker.choose()

    def accept_files(self, paths: list[Path]) -> bool:
        """An image: the cover (Embed page) or the stego image (Extract page); another file: the message."""
        used = False
        for path in paths:
            if not path.is_file():
                continue
            if path.suffix.lower() in formats.IMAGE_INPUT_SUFFIXES and self.modes.currentIndex() == 1:
                self.stego_picker.set_path(path)
            elif path.suffix.lower() in formats.IMAGE_INPUT_SUFFIXES:
                self.cover_picker.set_path(path)
            else:
                self.file_choice.setChecked(True)
                self.file_picker.set_path(path)
                self.modes.setCurrentIndex(0)
            used = True
        return used

    def use_cover(self, path: Path) -> None:
        self.modes.setCurrentIndex(0)
        self.cover_picker.add_choice(generated_label(path), path)

    def save_settings(self, store: QSettings) -> None:
        store.setValue("embed/bpp", self.bpp_box.value())
        store.setValue("embed/ecc", self.ecc_box.currentData())
        store.setValue("embed/size", self.size_box.currentIndex())
        store.setValue("embed/device", self.device_box.currentText())
        store.setValue("embed/mode", self.modes.currentIndex())

    def restore_settings(self, store: QSettings) -> None:
        self.bpp_box.setValue(int(store.value("embed/bpp", 1)))
        self.ecc_box.setCurrentIndex(max(0, self.ecc_box.findData(store.value("embed/ecc", payload.DEFAULT_ECC))))
        self.size_box.setCurrentIndex(int(store.value("embed/size", SIZES.index(DEFAULT_SIZE))))
        self.device_box.setCurrentText(str(store.value("embed/device", "cpu")))
        self.modes.setCurrentIndex(int(store.value("embed/mode", 0)))

    # ------------------------------------------------------------------ self-test and demo
    def configure_embed(self, size: int, message: str, password: str, bpp: int = 1) -> None:
        self.cover_picker.set_path(sample_path("cover"))
        self.size_box.setCurrentIndex(SIZES.index(size))
        self.text_choice.setChecked(True)
        self.message_edit.setPlainText(message)
        self.password.set_text(password)
        self.bpp_box.setValue(bpp)
        self.ecc_box.setCurrentIndex(self.ecc_box.findData(payload.DEFAULT_ECC))
        self.device_box.setCurrentText("cpu")
        self.modes.setCurrentIndex(0)
        self.update_capacity()

    def self_test(self, workdir: Path) -> str:
        """Embed a short text in a 64 px cover, save, extract it back, and check a wrong password's message."""
        message, password = "StegStudio self-test: meet at noon ✓", "correct horse battery staple"
        self.configure_embed(64, message, password)
        if self.capacity_fits is not True:
            raise SelfTestFailure(f"embed: the capacity gauge says the message does not fit ({self.fit})")
        self.run_and_wait(self.start_embed, "embed")
        if self.embedded is None:
            raise SelfTestFailure("embed: no stego image came back")
        stego = workdir / "stego.png"
        if not self.save_stego(stego) or not stego.is_file():
            raise SelfTestFailure("embed: the stego image was not saved")
        self.stego_picker.set_path(stego)
        self.extract_password.set_text(password)
        self.modes.setCurrentIndex(1)
        self.run_and_wait(self.start_extract, "extract")
        if self.extracted_text.toPlainText() != message:
            raise SelfTestFailure(f"extract: read {self.extracted_text.toPlainText()!r}, hid {message!r}")
        self.extract_password.set_text("wrong password")
        self.run_and_wait(self.start_extract, "extract with a wrong password", expect_failure=True)
        failure = self.last_failure
        if failure is None or not failure.expected or "password" not in failure.message:
            raise SelfTestFailure(f"extract with a wrong password: expected a plain message, got {failure}")
        self.close_last_dialog()
        self.extract_password.set_text(password)
        s = self.embedded.stats
        return f"embed + extract ok (64 px, {s.secret_bytes} bytes, PSNR {s.psnr_rgb:.1f} dB, SSIM {s.ssim:.3f})"

    def demo(self, workdir: Path) -> None:
        """A short text in the bundled photo at 256 px, 1 bpp."""
        self.configure_embed(256, "Meet me at the old mill at noon. Bring the blue folder; leave the phone at home.",
                             "a long passphrase nobody guesses")
        self.run_and_wait(self.start_embed, "embed demo")

"""Hide media: hide a video, sound, 3D shape or image in a cover photo, and reveal one from a container.

Left, the two forms (Hide, Reveal); right, what each produces. While hiding, the container is
shown as it forms next to the cover, with the loss curves below; the result adds the metrics and
the secret as hidden next to the secret as revealed (what the recipient will get).
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from stegstudio.core.crossmodal.presets import PRESETS, Preset
from stegstudio.core.errors import StegError
from stegstudio.core.jobs import ProgressEvent
from stegstudio.core.media import formats
from stegstudio.core.samples import sample_path
from stegstudio.gui import dialogs
from stegstudio.gui.tabs import hide_jobs
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
from stegstudio.gui.widgets.mesh_view import MeshView
from stegstudio.gui.widgets.metrics_table import MetricsTable
from stegstudio.gui.widgets.password_field import PasswordField
from stegstudio.gui.widgets.secret_view import SecretView

ALL_SECRETS = (formats.VIDEO_INPUT_SUFFIXES + formats.AUDIO_INPUT_SUFFIXES + formats.MESH_INPUT_SUFFIXES
               + formats.IMAGE_INPUT_SUFFIXES)
SECRET_FILTER = ";;".join([
    f"Secrets ({suffix_patterns(ALL_SECRETS)})",
    f"Video ({suffix_patterns(formats.VIDEO_INPUT_SUFFIXES)})",
    f"Audio ({suffix_patterns(formats.AUDIO_INPUT_SUFFIXES)})",
    f"3D meshes ({suffix_patterns(formats.MESH_INPUT_SUFFIXES)})",
    f"Images ({suffix_patterns(formats.IMAGE_INPUT_SUFFIXES)})",
    "All files (*)",
])
COVER_FILTER = f"Images ({suffix_patterns(formats.IMAGE_INPUT_SUFFIXES)});;All files (*)"
CONTAINER_FILTER = "PNG containers (*.png)"
KEY_FILTER = "StegStudio keys (*.json)"
MODALITIES = ("image", "video", "audio", "shape")
SECRET_SAMPLES = ("video", "audio", "shape", "image")
FILTER_NAMES = {"image": "PNG image", "video": "Video", "audio": "WAV audio", "shape": "3D mesh"}


WARNING_STYLE = "color: #b3261e; font-weight: 600;"  # a changed container must not pass unnoticed

def preset_summary(preset: Preset) -> str:
    steps = sorted({preset.for_modality(m).steps for m in MODALITIES})
    step_text = " / ".join(str(s) for s in steps)
    return f"{preset.summary()}; {step_text} steps"


class HideTab(StudioTab):
    name = "hide"
    title = "Hide media"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hidden: hide_jobs.HideOutcome | None = None
        self.revealed: hide_jobs.RevealOutcome | None = None
        self.modes = QTabWidget()
        self.modes.addTab(self._build_hide_form(), "Hide")
        self.modes.addTab(self._build_reveal_form(), "Reveal")
        self.results = QStackedWidget()
        self.results.addWidget(self._build_hide_results())
        self.results.addWidget(self._build_reveal_results())
        self.modes.currentChanged.connect(self.results.setCurrentIndex)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(form_beside_results(self.modes, self.results))
        self.runner.progress.connect(self._on_progress)
        self.secret_picker.set_path(sample_path("video"))
        self.cover_picker.set_path(sample_path("cover"))
        self._on_preset(self.preset_box.currentIndex())

    # ------------------------------------------------------------------ building
    def _build_hide_form(self) -> QWidget:
        self.secret_picker = FilePicker("secret", "Choose the secret to hide", SECRET_FILTER,
                                        {n: sample_path(n) for n in SECRET_SAMPLES})
        self.modality_box = QComboBox()
        self.modality_box.addItem("auto (from the file name)", None)
        for modality in MODALITIES:
            self.modality_box.addItem(modality, modality)
        self.cover_picker = FilePicker("cover", "Choose a cover photo", COVER_FILTER,
                                       {n: sample_path(n) for n in ("cover", "cover2")})
        self.cover_picker.path_changed.connect(lambda _: self._show_cover())
        self.hide_panel = JobPanel(self.runner, "Hide")
        self.hide_panel.start_requested.connect(self.start_hide)
        self.generate_button = GenerateCoverButton(self, self.hide_panel, self.cover_picker,
                                                   lambda: self.preset.cover_size)
        self.preset_box = QComboBox()
        for name in PRESETS:
            self.preset_box.addItem(name, name)
        self.preset_box.currentIndexChanged.connect(self._on_preset)
        self.preset_info = QLabel("")
        self.preset_info.setWordWrap(True)
        self.preset_info.setStyleSheet("color: palette(dark)")

        inputs = QGroupBox("Secret and cover")
        form = QFormLayout(inputs)
        form.addRow("Secret", self.secret_picker)
        form.addRow("Kind", self.modality_box)
        form.addRow("Cover", self.cover_picker)
        form.addRow("", self.generate_button)
        form.addRow("Preset", self.preset_box)
        form.addRow(self.preset_info)

        self.steps_box = QSpinBox()
        self.steps_box.setRange(0, 1_000_000)
        self.steps_box.setSpecialValueText("preset")
        self.beta_box = QDoubleSpinBox()
        self.beta_box.setRange(0.0, 1000.0)
        self.beta_box.setDecimals(3)
        self.beta_box.setSingleStep(0.1)
        self.beta_box.setSpecialValueText("preset")
        self.lr_box = QDoubleSpinBox()
        self.lr_box.setRange(0.0, 1.0)
        self.lr_box.setDecimals(5)
        self.lr_box.setSingleStep(0.001)
        self.lr_box.setSpecialValueText("preset")
        self.lr_box.setToolTip("Adam learning rate in grey levels/255 per step")
        self.qat_box = QCheckBox("8-bit quantisation-aware training")
        self.qat_box.setChecked(True)
        self.device_box = device_box()
        self.password = PasswordField("optional: then the key alone reveals nothing")
        advanced = QGroupBox("Advanced")
        form = QFormLayout(advanced)
        form.addRow("Steps", self.steps_box)
        form.addRow("Beta (cover loss)", self.beta_box)
        form.addRow("Learning rate", self.lr_box)
        form.addRow("QAT", self.qat_box)
        form.addRow("Device", self.device_box)
        form.addRow("Password", self.password)

        self.save_hidden_button = result_button("Save container + key…", self.save_hidden_dialog)
        return form_column(inputs, advanced, self.hide_panel, self.save_hidden_button)

    def _build_reveal_form(self) -> QWidget:
        self.container_picker = FilePicker("container", "Open a container", CONTAINER_FILTER)
        self.container_picker.path_changed.connect(lambda _: self._show_container())
        self.key_picker = FilePicker("key", "Open the key", KEY_FILTER)
        self.reveal_password = PasswordField("only if the key was made with one", show_strength=False)
        self.reveal_device_box = device_box()
        box = QGroupBox("Container and key")
        form = QFormLayout(box)
        form.addRow("Container", self.container_picker)
        form.addRow("Key", self.key_picker)
        form.addRow("Password", self.reveal_password)
        form.addRow("Device", self.reveal_device_box)
        self.reveal_panel = JobPanel(self.runner, "Reveal")
        self.reveal_panel.start_requested.connect(self.start_reveal)
        self.save_revealed_button = result_button("Save revealed secret…", self.save_revealed_dialog)
        return form_column(box, self.reveal_panel, self.save_revealed_button)

    def _build_hide_results(self) -> QWidget:
        self.compare = CompareView("Cover", "Container")
        self.loss_plot = LossPlot("hide", [
            PlotPanel("losses (log scale)", ("secret_loss", "cover_loss"), log_y=True),
            PlotPanel("cover PSNR (dB)", ("cover_psnr",)),
        ])
        self.original_view = SecretView("Secret (as hidden)", "The secret as hidden appears here after a run")
        self.hidden_reveal_view = SecretView("Secret (as revealed)",
                                             "What the recipient will reveal appears here after a run")
        secrets_page = QWidget()
        row = QHBoxLayout(secrets_page)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.original_view, 1)
        row.addWidget(self.hidden_reveal_view, 1)
        self.hide_views = QTabWidget()
        self.hide_views.addTab(self.loss_plot, "Training curves")
        self.hide_views.addTab(secrets_page, "Secret: hidden vs revealed")
        self.metrics = MetricsTable()
        self.metrics.setMinimumWidth(220)
        bottom = QSplitter(Qt.Orientation.Horizontal)
        bottom.addWidget(self.hide_views)
        bottom.addWidget(self.metrics)
        bottom.setStretchFactor(0, 1)
        bottom.setSizes([800, 260])
        page = QSplitter(Qt.Orientation.Vertical)
        page.addWidget(self.compare)
        page.addWidget(bottom)
        page.setSizes([420, 400])
        return page

    def _build_reveal_results(self) -> QWidget:
        self.reveal_container_view = ImagePane("Container", "Open a container PNG and its key, then Reveal")
        self.revealed_view = SecretView("Revealed secret", "The revealed secret appears here")
        self.reveal_info = QLabel("")
        self.reveal_info.setWordWrap(True)
        right = QWidget()
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.revealed_view, 1)
        column.addWidget(self.reveal_info)
        page = QSplitter(Qt.Orientation.Horizontal)
        page.addWidget(self.reveal_container_view)
        page.addWidget(right)
        page.setSizes([400, 700])
        return page

    # ------------------------------------------------------------------ inputs
    @property
    def preset(self) -> Preset:
        return PRESETS[str(self.preset_box.currentData())]

    def _on_preset(self, _index: int) -> None:
        self.preset_info.setText(preset_summary(self.preset))
        self._show_cover()

    def _show_cover(self) -> None:
        """The cover as it will be used (cropped and resized to the preset), from the core's own loader."""
        from stegstudio.core.media.image import load_cover

        path = self.cover_picker.path()
        if path is None or self.busy:
            return
        try:
            cover, notices = load_cover(path, self.preset.cover_size)
        except StegError as exc:
            self.compare.left.clear(str(exc))
            self.compare.set_left(None)
            return
        self.compare.set_left(cover)
        self.compare.set_right(None)
        if notices:
            self.status_message.emit("; ".join(notices))

    def _show_container(self) -> None:
        from stegstudio.core.media.image import load_png_exact

        path = self.container_picker.path()
        if path is None or not path.is_file():
            return
        try:
            self.reveal_container_view.set_image(load_png_exact(path))
        except StegError as exc:
            self.reveal_container_view.clear(str(exc))

    def hide_request(self) -> hide_jobs.HideRequest:
        secret, cover = self.secret_picker.path(), self.cover_picker.path()
        if secret is None or cover is None:
            raise MissingInput("choose a secret and a cover first (a file, or a bundled sample from the list)")
        return hide_jobs.HideRequest(
            secret_path=secret, cover_path=cover, modality=self.modality_box.currentData(),
            preset=str(self.preset_box.currentData()), steps=self.steps_box.value() or None,
            beta=self.beta_box.value() or None, lr=self.lr_box.value() or None, qat=self.qat_box.isChecked(),
            device=self.device_box.currentText(), password=self.password.text() or None,
        )

    def reveal_request(self) -> hide_jobs.RevealRequest:
        container, key = self.container_picker.path(), self.key_picker.path()
        if container is None or key is None:
            raise MissingInput("open a container PNG and its key file first")
        return hide_jobs.RevealRequest(container, key, self.reveal_password.text() or None,
                                       self.reveal_device_box.currentText())

    # ------------------------------------------------------------------ jobs
    def start_job(self) -> None:
        if self.modes.currentIndex() == 0:
            self.start_hide()
        else:
            self.start_reveal()

    def start_hide(self) -> None:
        request = self.form_request(self.hide_request)
        if request is None:
            return
        self.hidden = None
        self.save_hidden_button.setEnabled(False)
        self.loss_plot.clear()
        self.metrics.set_metrics({})
        self.compare.set_right(None)
        self.original_view.clear()
        self.hidden_reveal_view.clear()
        self.hide_views.setCurrentIndex(0)
        self.launch(self.hide_panel, partial(hide_jobs.hide, request), self._on_hidden, hide_jobs.PREVIEW_EVERY)
        self.status_message.emit(f"Hiding {request.secret_path.name} in {request.cover_path.name} "
                                 f"(preset {request.preset})…")

    def start_reveal(self) -> None:
        request = self.form_request(self.reveal_request)
        if request is None:
            return
        self.revealed = None
        self.save_revealed_button.setEnabled(False)
        self.revealed_view.clear()
        self.reveal_info.setText("")
        self.reveal_info.setStyleSheet("")
        self.launch(self.reveal_panel, partial(hide_jobs.reveal, request), self._on_revealed)
        self.status_message.emit(f"Revealing {request.container_path.name}…")

    def _on_progress(self, events: list[ProgressEvent]) -> None:
        self.loss_plot.add_events(events)
        previews = [e.preview for e in events if e.preview is not None]
        if previews:
            self.compare.set_right(previews[-1])

    def _on_hidden(self, outcome: hide_jobs.HideOutcome) -> None:
        self.hidden = outcome
        result = outcome.result
        self.loss_plot.redraw()
        self.compare.set_left(outcome.cover)
        self.compare.set_right(result.container)
        self.metrics.set_metrics({"steps": result.steps, "seconds": round(result.seconds, 2), **result.metrics})
        self.original_view.show_secret(outcome.modality, outcome.secret, outcome.secret_meta)
        self.hidden_reveal_view.show_secret(outcome.modality, result.revealed, outcome.secret_meta)
        self.hide_views.setCurrentIndex(1)
        self.save_hidden_button.setEnabled(True)
        psnr = result.metrics.get("cover_psnr", float("nan"))
        notes = f" Notes: {'; '.join(outcome.notices)}." if outcome.notices else ""
        self.status_message.emit(f"Hid the {outcome.modality} in {result.seconds:.1f} s; cover PSNR {psnr:.2f} dB. "
                                 f"Save the container and the key.{notes}")

    def _on_revealed(self, outcome: hide_jobs.RevealOutcome) -> None:
        self.revealed = outcome
        self.reveal_container_view.set_image(outcome.container)
        self.revealed_view.show_secret(outcome.modality, outcome.revealed, outcome.meta)
        warnings = "".join(f"\nWarning: {note}." for note in outcome.notes)  # the same notes the CLI prints
        self.reveal_info.setText(_describe_secret(outcome.modality, outcome.revealed, outcome.meta) + warnings)
        self.reveal_info.setStyleSheet(WARNING_STYLE if outcome.notes else "")
        self.save_revealed_button.setEnabled(True)
        self.status_message.emit(f"Revealed the {outcome.modality}; save it with “Save revealed secret…”"
                                 + warnings.replace("\n", " "))

    # ------------------------------------------------------------------ saving
    def save_result(self) -> None:
        if self.modes.currentIndex() == 0:
            self.save_hidden_dialog()
        else:
            self.save_revealed_dialog()

    def save_hidden_dialog(self) -> None:
        if self.hidden is None:
            return
        container = save_file_name(self, "save", "Save the container", "container.png", CONTAINER_FILTER)
        if container is None:
            return
        key = save_file_name(self, "key-save", "Save the key (keep it secret unless you used a password)",
                             str(container.with_name(f"{container.stem}.key.json")), KEY_FILTER)
        if key is None:
            return
        self.save_hidden(container, key)

    def save_hidden(self, container: Path, key: Path) -> bool:
        try:
            out, key_path = hide_jobs.save_hidden(self.hidden, container, key)
        except StegError as exc:
            dialogs.show_error(self, exc)
            return False
        self.file_used.emit(str(out))
        self.container_picker.set_path(out)  # the Reveal page is ready to check what was just saved
        self.key_picker.set_path(key_path)
        self.status_message.emit(f"Saved {out} and {key_path}; the Reveal page has them")
        return True

    def save_revealed_dialog(self) -> None:
        if self.revealed is None:
            return
        suffixes = hide_jobs.output_suffixes(self.revealed.modality)
        file_filter = f"{FILTER_NAMES[self.revealed.modality]} ({suffix_patterns(suffixes)})"
        out = save_file_name(self, "save", "Save the revealed secret", f"revealed{suffixes[0]}", file_filter)
        if out is not None:
            self.save_revealed(out)

    def save_revealed(self, out: Path) -> bool:
        try:
            path = hide_jobs.save_revealed(self.revealed, out)
        except StegError as exc:
            dialogs.show_error(self, exc)
            return False
        self.status_message.emit(f"Saved {path}")
        return True

    # ------------------------------------------------------------------ files, settings
    def open_files(self) -> None:
        if self.modes.currentIndex() == 0:
            self.secret_picker.choose()
        else:
            self.container_picker.choose()

    def accept_files(self, paths: list[Path]) -> bool:
        """.json: a key; a PNG: the container on the Reveal page, else the cover; anything else: a secret."""
        used = False
        for path in paths:
            suffix = path.suffix.lower()
            if suffix == ".json":
                self.key_picker.set_path(path)
                self.modes.setCurrentIndex(1)
            elif suffix in formats.IMAGE_INPUT_SUFFIXES and self.modes.currentIndex() == 1:
                self.container_picker.set_path(path)
            elif suffix in formats.IMAGE_INPUT_SUFFIXES:
                self.cover_picker.set_path(path)
            elif suffix in ALL_SECRETS or path.is_dir():
                self.secret_picker.set_path(path)
                self.modes.setCurrentIndex(0)
            else:
                continue
            used = True
        return used

    def use_cover(self, path: Path) -> None:
        self.modes.setCurrentIndex(0)
        self.cover_picker.add_choice(generated_label(path), path)

    def save_settings(self, store: QSettings) -> None:
        store.setValue("hide/preset", self.preset_box.currentData())
        store.setValue("hide/steps", self.steps_box.value())
        store.setValue("hide/qat", self.qat_box.isChecked())
        store.setValue("hide/device", self.device_box.currentText())
        store.setValue("hide/mode", self.modes.currentIndex())

    def restore_settings(self, store: QSettings) -> None:
        preset = self.preset_box.findData(store.value("hide/preset", "quick"))
        self.preset_box.setCurrentIndex(max(0, preset))
        self.steps_box.setValue(int(store.value("hide/steps", 0)))
        self.qat_box.setChecked(str(store.value("hide/qat", "true")).lower() == "true")
        self.device_box.setCurrentText(str(store.value("hide/device", "cpu")))
        self.modes.setCurrentIndex(int(store.value("hide/mode", 0)))

    # ------------------------------------------------------------------ self-test and demo
    def configure_hide(self, secret: str, preset: str, steps: int) -> None:
        self.secret_picker.set_path(sample_path(secret))
        self.cover_picker.set_path(sample_path("cover"))
        self.modality_box.setCurrentIndex(0)
        self.preset_box.setCurrentIndex(self.preset_box.findData(preset))
        self.steps_box.setValue(steps)
        self.beta_box.setValue(0)
        self.lr_box.setValue(0)
        self.qat_box.setChecked(True)
        self.device_box.setCurrentText("cpu")
        self.password.set_text("")
        self.modes.setCurrentIndex(0)

    def self_test(self, workdir: Path) -> str:
        """Hide a tiny clip, save container and key, reveal from the saved files and compare with what the
        sender computed; then draw the bundled mesh in a 3D view, live where the display has OpenGL.

        No shape is hidden here: loading a shape secret samples its signed distance (about 20 s on two
        cores), far too slow for a self-test; the reveal path is the same for every kind of secret."""
        self.configure_hide("video", "tiny", 60)
        self.run_and_wait(self.start_hide, "hide video")
        outcome = self.hidden
        if outcome is None or outcome.result.container.shape != (64, 64, 3):
            raise SelfTestFailure("hide video: no 64x64 container came back")
        if self.loss_plot.point_count("secret_loss") == 0:
            raise SelfTestFailure("hide video: the loss curve received no points")
        container, key = workdir / "container.png", workdir / "container.key.json"
        if not self.save_hidden(container, key) or not container.is_file() or not key.is_file():
            raise SelfTestFailure("hide video: the container and key were not saved")
        self.container_picker.set_path(container)
        self.key_picker.set_path(key)
        self.reveal_password.set_text("")
        self.modes.setCurrentIndex(1)
        self.run_and_wait(self.start_reveal, "reveal video")
        if self.revealed is None or not _same_secret(self.revealed.revealed, outcome.result.revealed):
            raise SelfTestFailure("reveal video: the revealed clip differs from the one the sender computed")
        if not self.save_revealed(workdir / "revealed.gif"):
            raise SelfTestFailure("reveal video: the revealed clip was not saved")
        mode = _check_3d_view()
        psnr = outcome.result.metrics["cover_psnr"]
        return f"hide + reveal ok (video, cover PSNR {psnr:.1f} dB; 3D view: {mode})"

    def demo(self, workdir: Path) -> None:
        """The bundled clip hidden at the quick preset for 300 steps (about a minute on 2 CPU cores)."""
        self.configure_hide("video", "quick", 300)
        self.run_and_wait(self.start_hide, "hide demo")




def _check_3d_view() -> str:
    """Draw the bundled mesh in a MeshView of its own; its mode, or SelfTestFailure if nothing was drawn."""
    from stegstudio.core.media.shape import load_mesh

    mesh = load_mesh(sample_path("shape"))
    view = MeshView("StegStudio 3D view check")
    view.resize(480, 360)
    view.show()
    try:
        view.set_mesh(mesh.vertices, mesh.faces)
        drawn = view.interactor if view.mode == "interactive" else view.snapshot.image
        if drawn is None or view.stack.currentWidget() is view.message:
            raise SelfTestFailure(f"3D view ({view.mode}): {view.message.text()}")
        return view.mode
    finally:
        view.release()
        view.close()
        view.deleteLater()


def _same_secret(a: Any, b: Any) -> bool:
    if isinstance(a, np.ndarray):
        return isinstance(b, np.ndarray) and a.shape == b.shape and bool(np.array_equal(a, b))
    return bool(np.array_equal(a.vertices, b.vertices) and np.array_equal(a.faces, b.faces))


def _describe_secret(modality: str, data: Any, meta: dict[str, Any]) -> str:
    if modality == "image":
        return f"Image, {data.shape[1]}×{data.shape[0]} px"
    if modality == "video":
        return f"Video, {data.shape[0]} frames of {data.shape[2]}×{data.shape[1]} px at {meta.get('fps', 8)} fps"
    if modality == "audio":
        return f"Audio, {len(data) / int(meta['sample_rate']):.2f} s at {int(meta['sample_rate']):,} Hz"
    return f"3D shape, {len(data.vertices):,} vertices and {len(data.faces):,} triangles"

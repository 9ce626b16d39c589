"""Hide media's Hide page: hide a video, sound, 3D shape or image in a cover photo.

While it hides, the container is shown as it forms next to the cover, with the loss curves below;
the result adds the metrics and the secret as hidden next to the secret as revealed (what the
recipient will get).
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QTabWidget, QWidget

from stegstudio.core.crossmodal import modalities
from stegstudio.core.crossmodal.presets import PRESETS, Preset
from stegstudio.core.errors import StegError
from stegstudio.core.jobs import ProgressEvent
from stegstudio.core.keys import Key
from stegstudio.core.media import formats
from stegstudio.core.samples import sample_path
from stegstudio.gui.tabs import hide_jobs
from stegstudio.gui.tabs.base import MissingInput, StudioTab, column, form_column, notes_sentence, split
from stegstudio.gui.tabs.cover_source import GenerateCoverButton, cover_picker
from stegstudio.gui.tabs.secret_kinds import SECRET_FILTER, SECRET_SUFFIXES
from stegstudio.gui.tabs.two_page import TabPage
from stegstudio.gui.widgets.compare_view import CompareView
from stegstudio.gui.widgets.device_box import device_box
from stegstudio.gui.widgets.fidelity_dial import FidelityDial
from stegstudio.gui.widgets.file_picker import FilePicker, save_file_name
from stegstudio.gui.widgets.form_fields import choice_box, decimal_box, form_box, spin_box
from stegstudio.gui.widgets.loss_plot import LossPlot, PlotPanel
from stegstudio.gui.widgets.metrics_table import MetricsTable
from stegstudio.gui.widgets.password_field import PasswordField
from stegstudio.gui.widgets.secret_view import SecretView
from stegstudio.gui.widgets.verdict_label import VerdictLabel
from stegstudio.gui.worker import Job

CONTAINER_FILTER = "PNG containers (*.png)"
KEY_FILTER = "StegStudio keys (*.json)"
PRECISION_CHOICES = (("auto (mixed where bfloat16 is native)", "auto"),
                     ("mixed (bfloat16, then a float32 finish)", "mixed"), ("float32", "float32"))
PRECISION_TIP = ("mixed trains most steps in bfloat16, about twice as fast on a CPU or GPU with native "
                 "bfloat16, at a few hundredths of a dB")
ROBUST_QUALITIES = (95, 90, 85, 80, 75)
ROBUST_TIP = ("train so a JPEG of the container at this quality or above still reveals a recognisable secret; "
              "costs cover fidelity, and a re-encoded container needs its key file")


def preset_summary(preset: Preset) -> str:
    steps = sorted({preset.for_modality(m).steps for m in modalities.NAMES})
    return f"{preset.summary()}; {' / '.join(str(s) for s in steps)} steps"


def key_advice(key: Key) -> str:
    """Whether a container that carries its key still wants the key file: only a JPEG of it does."""
    from stegstudio.core.crossmodal.engine import robust_quality

    if robust_quality(key) is not None:
        return "it carries its key, so the password alone reveals it as a PNG; a JPEG of it needs the key file"
    return "it carries its key, so the password alone reveals it; a key file is optional"


class HidePage(TabPage):
    start_label = "Hide"
    save_label = "Save container + key…"
    preview_every = hide_jobs.PREVIEW_EVERY

    def __init__(self, tab: StudioTab) -> None:
        super().__init__(tab)
        self.main_input = self.secret_picker
        self.cover_input = self.cover_picker
        self.settings = {"hide/preset": self.preset_box, "hide/steps": self.steps_box, "hide/qat": self.qat_box,
                         "hide/device": self.device_box, "hide/cover_psnr_on": self.fidelity.enabled_box,
                         "hide/cover_psnr": self.fidelity.slider, "hide/robust": self.robust_box,
                         "hide/precision": self.precision_box}
        tab.runner.progress.connect(self._on_progress)
        self.secret_picker.set_path(sample_path("video"))
        self.cover_picker.set_path(sample_path("cover"))
        self._on_preset()

    # ------------------------------------------------------------------ building
    def build_form(self) -> QWidget:
        self.secret_picker = FilePicker("secret", "Choose the secret to hide", SECRET_FILTER,
                                        {name: sample_path(name) for name in modalities.NAMES})
        self.modality_box = choice_box([("auto (from the file name)", None), *((n, n) for n in modalities.NAMES)])
        self.cover_picker = cover_picker("Choose a cover photo")
        self.cover_picker.path_changed.connect(lambda _: self._show_cover())
        self.generate_button = GenerateCoverButton(self.tab, self.panel, self.cover_picker,
                                                   lambda: self.preset.cover_size)
        self.preset_box = choice_box((name, name) for name in PRESETS)
        self.preset_box.currentIndexChanged.connect(lambda _: self._on_preset())
        self.preset_info = QLabel("")
        self.preset_info.setWordWrap(True)
        self.preset_info.setStyleSheet("color: palette(dark)")
        self.fidelity = FidelityDial()
        inputs = form_box("Secret and cover", [
            ("Secret", self.secret_picker), ("Kind", self.modality_box), ("Cover", self.cover_picker),
            ("", self.generate_button), ("Preset", self.preset_box), self.preset_info,
            ("Fidelity", self.fidelity),
        ])

        self.steps_box = spin_box(0, 1_000_000, 0, special="preset")
        self.beta_box = decimal_box(1000.0, 3, 0.1, special="preset")
        self.lr_box = decimal_box(1.0, 5, 0.001, special="preset",
                                  tooltip="Adam learning rate in grey levels/255 per step")
        self.fidelity.enabled_box.toggled.connect(lambda on: self.beta_box.setEnabled(not on))
        self.qat_box = QCheckBox("8-bit quantisation-aware training")
        self.qat_box.setChecked(True)
        self.device_box = device_box()
        self.precision_box = choice_box(PRECISION_CHOICES, PRECISION_TIP)
        self.robust_box = choice_box([("PNG only (lossless)", None),
                                      *((f"JPEG quality {q} and above", q) for q in ROBUST_QUALITIES)], ROBUST_TIP)
        self.password = PasswordField("optional: then the key alone reveals nothing")
        advanced = form_box("Advanced", [
            ("Steps", self.steps_box), ("Beta (cover loss)", self.beta_box), ("Learning rate", self.lr_box),
            ("QAT", self.qat_box), ("Survives", self.robust_box), ("Precision", self.precision_box),
            ("Device", self.device_box), ("Password", self.password),
        ])
        return form_column(inputs, advanced, self.panel, self.save_button)

    def build_results(self) -> QWidget:
        self.compare = CompareView("Cover", "Container")
        self.loss_plot = LossPlot("hide", [
            PlotPanel("losses (log scale)", ("secret_loss", "cover_loss"), log_y=True),
            PlotPanel("cover PSNR (dB)", ("cover_psnr",)),
        ])
        self.original_view = SecretView("Secret (as hidden)", "The secret as hidden appears here after a run")
        self.revealed_view = SecretView("Secret (as revealed)",
                                        "What the recipient will reveal appears here after a run")
        secrets_page = QWidget()
        row = QHBoxLayout(secrets_page)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.original_view, 1)
        row.addWidget(self.revealed_view, 1)
        self.views = QTabWidget()
        self.views.addTab(self.loss_plot, "Training curves")
        self.views.addTab(secrets_page, "Secret: hidden vs revealed")
        self.metrics = MetricsTable()
        self.metrics.setMinimumWidth(220)
        self.verdict = VerdictLabel()
        side = column([self.verdict, self.metrics], grow=self.metrics)
        bottom = split(Qt.Orientation.Horizontal, [self.views, side], [800, 260], stretch=0)
        return split(Qt.Orientation.Vertical, [self.compare, bottom], [420, 400])

    # ------------------------------------------------------------------ inputs
    @property
    def preset(self) -> Preset:
        return PRESETS[str(self.preset_box.currentData())]

    def _on_preset(self) -> None:
        self.preset_info.setText(preset_summary(self.preset))
        self._show_cover()

    def _show_cover(self) -> None:
        """The cover as it will be used (cropped and resized to the preset), from the core's own loader."""
        from stegstudio.core.media.image import load_cover

        path = self.cover_picker.path()
        if path is None or self.tab.busy:
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
            self.tab.status_message.emit("; ".join(notices))

    def request(self) -> hide_jobs.HideRequest:
        secret, cover = self.secret_picker.path(), self.cover_picker.path()
        if secret is None or cover is None:
            raise MissingInput("choose a secret and a cover first (a file, or a bundled sample from the list)")
        return hide_jobs.HideRequest(
            secret_path=secret, cover_path=cover, modality=self.modality_box.currentData(),
            preset=str(self.preset_box.currentData()), steps=self.steps_box.value() or None,
            beta=None if self.fidelity.value() is not None else self.beta_box.value() or None,
            lr=self.lr_box.value() or None, qat=self.qat_box.isChecked(), device=self.device_box.currentText(),
            password=self.password.text() or None, cover_psnr=self.fidelity.value(),
            robust=self.robust_box.currentData(), precision=str(self.precision_box.currentData()),
        )

    def accept_file(self, path: Path) -> bool:
        """An image: the cover; another secret (or a folder of frames): the secret."""
        suffix = path.suffix.lower()
        if suffix in formats.IMAGE_INPUT_SUFFIXES:
            self.cover_picker.set_path(path)
        elif suffix in SECRET_SUFFIXES or path.is_dir():
            self.secret_picker.set_path(path)
        else:
            return False
        return True

    # ------------------------------------------------------------------ the job
    def job(self, request: hide_jobs.HideRequest) -> tuple[Job, str]:
        announcement = f"Hiding {request.secret_path.name} in {request.cover_path.name} (preset {request.preset})…"
        return partial(hide_jobs.hide, request), announcement

    def clear_result(self) -> None:
        self.loss_plot.clear()
        self.metrics.set_metrics({})
        self.verdict.show_report(None)
        self.compare.set_right(None)
        self.original_view.clear()
        self.revealed_view.clear()
        self.views.setCurrentIndex(0)

    def _on_progress(self, events: list[ProgressEvent]) -> None:
        self.loss_plot.add_events(events)
        previews = [e.preview for e in events if e.preview is not None]
        if previews:
            self.compare.set_right(previews[-1])

    def show_result(self, outcome: hide_jobs.HideOutcome) -> None:
        result = outcome.result
        self.loss_plot.redraw()
        self.compare.set_left(outcome.cover)
        self.compare.set_right(result.container)
        self.verdict.show_report(outcome.analysis)
        self.metrics.set_metrics({"steps": result.steps, "seconds": round(result.seconds, 2), **result.metrics})
        self.original_view.show_secret(outcome.modality, outcome.secret, outcome.secret_meta)
        self.revealed_view.show_secret(outcome.modality, result.revealed, outcome.secret_meta)
        self.views.setCurrentIndex(1)
        psnr = result.metrics.get("cover_psnr", float("nan"))
        notes = notes_sentence(outcome.notices)
        save = (f"Save the container ({key_advice(result.key)})" if result.key.header_bits is not None
                else "Save the container and the key")
        self.tab.status_message.emit(f"Hid the {outcome.modality} in {result.seconds:.1f} s; cover PSNR "
                                     f"{psnr:.2f} dB. {save}.{notes}")

    # ------------------------------------------------------------------ saving
    def save_dialog(self) -> None:
        container = save_file_name(self.tab, "save", "Save the container", "container.png", CONTAINER_FILTER)
        if container is None:
            return
        carries_key = self.outcome.result.key.header_bits is not None
        title = (f"Save the key too? ({key_advice(self.outcome.result.key)}; Cancel saves the container only)"
                 if carries_key else "Save the key (keep it secret unless you used a password)")
        key = save_file_name(self.tab, "key-save", title, str(container.with_name(f"{container.stem}.key.json")),
                             KEY_FILTER)
        if key is not None or carries_key:
            self.save(container, key)

    def save(self, container: Path, key: Path | None) -> bool:
        """Write the container and, when given, its key; the Reveal page is filled in with what was saved."""
        paths = self.tab.save_with_dialog(lambda: hide_jobs.save_hidden(self.outcome, container, key))
        if paths is not None:
            saved = [p for p in paths if p is not None]
            what = " and ".join(str(p) for p in saved)
            self.announce_saved(saved, f"Saved {what}; the Reveal page has {'them' if len(saved) > 1 else 'it'}")
        return paths is not None

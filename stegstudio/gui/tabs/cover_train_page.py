"""The Cover generator's Train page: train (or resume) a cover model on a folder of photos, with live
loss curves and the sample grid the core draws every few steps.

The model is written by the core as it trains (checkpoints, then the final model), so there is no
"save" here: a finished run's folder goes to the Sample page with "Use this model for sampling", and a
cancelled one keeps a checkpoint that "Resume" continues.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox, QWidget

from stegstudio.core.gasp.config import ARCHITECTURES, DISCRIMINATORS, RESOLUTIONS
from stegstudio.core.jobs import ProgressEvent
from stegstudio.gui.tabs import cover_jobs
from stegstudio.gui.tabs.base import MissingInput, StudioTab, form_column, result_button, split
from stegstudio.gui.tabs.cover_sample_page import MODEL_CONFIG
from stegstudio.gui.tabs.two_page import TabPage
from stegstudio.gui.widgets.device_box import device_box
from stegstudio.gui.widgets.file_picker import FilePicker
from stegstudio.gui.widgets.form_fields import choice_box, form_box, spin_box
from stegstudio.gui.widgets.image_view import ImagePane
from stegstudio.gui.widgets.loss_plot import LossPlot, PlotPanel
from stegstudio.gui.widgets.metrics_table import MetricsTable
from stegstudio.gui.worker import Job

STAGE = "training"  # the core's progress stage name for training steps
DEFAULTS = {"steps": 2000, "batch": 64, "sample_every": 100, "checkpoint_every": 500}


class TrainPage(TabPage):
    start_label = "Train"
    model_ready = Signal(str)  # a trained model folder the user wants to sample from

    def __init__(self, tab: StudioTab) -> None:
        super().__init__(tab)
        self.main_input = self.images_picker
        self.settings = {
            "cover/images": self.images_picker, "cover/out": self.out_picker, "cover/resolution": self.resolution_box,
            "cover/steps": self.steps_box, "cover/batch": self.batch_box,
            "cover/discriminator": self.discriminator_box, "cover/architecture": self.architecture_box,
            "cover/sample_every": self.sample_every_box, "cover/checkpoint_every": self.checkpoint_every_box,
            "cover/train_device": self.device_box,
        }
        tab.runner.progress.connect(self._on_progress)

    # ------------------------------------------------------------------ building
    def build_form(self) -> QWidget:
        self.images_picker = FilePicker("cover-images", "Choose a folder of training photos", "", folder=True)
        self.out_picker = FilePicker("cover-model-out", "Choose the folder to write the model to", "", folder=True,
                                     placeholder="the model folder to write (created if missing)")
        folders = form_box("Folders", [("Photos", self.images_picker), ("Model", self.out_picker)])

        self.resolution_box = choice_box(((str(r), r) for r in RESOLUTIONS),
                                         "Training resolution; the model still samples covers at any size")
        self.steps_box = spin_box(1, 10_000_000, DEFAULTS["steps"], "Training steps (each on one batch of photos)")
        self.batch_box = spin_box(1, 4096, DEFAULTS["batch"], "Photos per step")
        self.discriminator_box = choice_box(((d, d) for d in DISCRIMINATORS),
                                            "conv: fast, on pixel grids; pointconv: the paper's, slower")
        self.architecture_box = choice_box(((a, a) for a in sorted(ARCHITECTURES)),
                                           "compact trains on a CPU; reference has the paper's sizes (GPU)")
        self.sample_every_box = spin_box(1, 1_000_000, DEFAULTS["sample_every"],
                                      "Steps between sample grids (shown here and saved in the model's samples/)",
                                      " steps")
        self.checkpoint_every_box = spin_box(1, 1_000_000, DEFAULTS["checkpoint_every"],
                                          "Steps between checkpoints (a cancel also saves one)", " steps")
        self.resume_box = QCheckBox("Resume (--resume)")
        self.resume_box.setToolTip("Continue the checkpoint in the model folder with the same settings")
        self.force_box = QCheckBox("Start over (--force)")
        self.force_box.setToolTip("Replace a model already in the model folder")
        self.device_box = device_box()
        settings = form_box("Training", [
            ("Resolution", self.resolution_box), ("Steps", self.steps_box), ("Batch", self.batch_box),
            ("Discriminator", self.discriminator_box), ("Architecture", self.architecture_box),
            ("Samples every", self.sample_every_box), ("Checkpoint every", self.checkpoint_every_box),
            ("Existing model", self.resume_box), ("", self.force_box), ("Device", self.device_box),
        ])

        self.use_model_button = result_button("Use this model for sampling",
                                              lambda: self.model_ready.emit(str(self.outcome.out)))
        return form_column(folders, settings, self.panel, self.use_model_button)

    def build_results(self) -> QWidget:
        self.preview = ImagePane("Samples", "The generator's samples of seeds 0 to 15 appear here as it trains")
        self.metrics = MetricsTable()
        left = split(Qt.Orientation.Vertical, [self.preview, self.metrics], [520, 260])
        self.loss_plot = LossPlot(STAGE, [
            PlotPanel("GAN losses", ("loss_d", "loss_g")),
            PlotPanel("R1 penalty (log scale)", ("r1",), log_y=True),
            PlotPanel("discriminator logits", ("d_real", "d_fake")),
        ])
        return split(Qt.Orientation.Horizontal, [left, self.loss_plot], [500, 600])

    # ------------------------------------------------------------------ the job
    def accept_file(self, path: Path) -> bool:
        """A folder that is not a model (it has no config.json): the photos to train on."""
        if not path.is_dir() or (path / MODEL_CONFIG).is_file():
            return False
        self.images_picker.set_path(path)
        return True

    def save_result(self) -> None:
        self.tab.status_message.emit("Training writes the model as it goes: it is in the model folder already")

    def request(self) -> cover_jobs.TrainRequest:
        images, out = self.images_picker.path(), self.out_picker.path()
        if images is None:
            raise MissingInput("choose a folder of photos to train on")
        if out is None:
            raise MissingInput("choose the model folder to write (it is created if it does not exist)")
        return cover_jobs.TrainRequest(
            images=images, out=out, resolution=int(self.resolution_box.currentData()),
            steps=self.steps_box.value(), batch=self.batch_box.value(),
            discriminator=str(self.discriminator_box.currentData()),
            architecture=str(self.architecture_box.currentData()), sample_every=self.sample_every_box.value(),
            checkpoint_every=self.checkpoint_every_box.value(), resume=self.resume_box.isChecked(),
            force=self.force_box.isChecked(), device=self.device_box.currentText(),
        )

    def job(self, request: cover_jobs.TrainRequest) -> tuple[Job, str]:
        return partial(cover_jobs.train_model, request), f"Training on {request.images} for {request.steps:,} steps…"

    def clear_result(self) -> None:
        self.use_model_button.setEnabled(False)
        self.loss_plot.clear()
        self.metrics.set_metrics({})

    def _on_progress(self, events: list[ProgressEvent]) -> None:
        self.loss_plot.add_events(events)
        shown = [e for e in events if e.stage == STAGE and e.preview is not None]
        if shown:
            self.preview.set_title(f"Samples at step {shown[-1].step:,} (seeds 0 to 15)")
            self.preview.set_image(shown[-1].preview)

    def show_result(self, result: Any) -> None:
        self.loss_plot.redraw()
        last = {f"last_{name}": round(value, 4) for name, value in result.last.items()}
        self.metrics.set_metrics({"steps": result.steps, "seconds": round(result.seconds, 1),
                                  "images": result.images, "skipped": len(result.skipped), **last})
        self.use_model_button.setEnabled(True)
        skipped = f"; skipped {len(result.skipped)} unreadable file(s)" if result.skipped else ""
        self.tab.status_message.emit(f"Trained {result.steps:,} steps in {result.seconds:.0f} s; the model is in "
                                     f"{result.out}{skipped}")

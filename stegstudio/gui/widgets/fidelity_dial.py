"""The fidelity dial: off (the preset's beta), or a slider from secret fidelity to cover fidelity in cover PSNR."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QSlider, QVBoxLayout, QWidget

from stegstudio.core.crossmodal.fidelity import MAX_DB, MIN_DB

STEPS_PER_DB = 2  # the slider moves in half decibels


class FidelityDial(QWidget):
    """`value()` is the cover PSNR to aim for in dB, or None when the dial is off."""

    def __init__(self, default_db: float = 30.0) -> None:
        super().__init__()
        self.enabled_box = QCheckBox("Aim for a cover PSNR of")
        self.enabled_box.setToolTip("Steer the training so the container ends at this cover PSNR; the secret gets "
                                    "the best quality that leaves (off: the preset's fixed beta)")
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(int(MIN_DB * STEPS_PER_DB), int(MAX_DB * STEPS_PER_DB))
        self.slider.setValue(int(default_db * STEPS_PER_DB))
        self.value_label = QLabel()
        self.value_label.setMinimumWidth(60)
        top = QHBoxLayout()
        top.addWidget(self.enabled_box)
        top.addWidget(self.value_label)
        top.addStretch(1)
        dial = QHBoxLayout()
        dial.addWidget(QLabel("secret fidelity"))
        dial.addWidget(self.slider, 1)
        dial.addWidget(QLabel("cover fidelity"))
        rows = QVBoxLayout(self)
        rows.setContentsMargins(0, 0, 0, 0)
        rows.addLayout(top)
        rows.addLayout(dial)
        self.slider.valueChanged.connect(lambda _: self._refresh())
        self.enabled_box.toggled.connect(lambda _: self._refresh())
        self._refresh()

    def value(self) -> float | None:
        return self.slider.value() / STEPS_PER_DB if self.enabled_box.isChecked() else None

    def _refresh(self) -> None:
        on = self.enabled_box.isChecked()
        self.slider.setEnabled(on)
        self.value_label.setText(f"{self.slider.value() / STEPS_PER_DB:.1f} dB" if on else "off")

"""The pieces tab forms are made of: a titled box of labelled rows, number boxes and choice lists built in one call."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtWidgets import QComboBox, QDoubleSpinBox, QFormLayout, QGroupBox, QLayout, QSpinBox, QWidget

Row = tuple[str, QWidget | QLayout] | QWidget  # a labelled field, or a widget across the whole row


def form_box(title: str, rows: Iterable[Row]) -> QGroupBox:
    box = QGroupBox(title)
    form = QFormLayout(box)
    for row in rows:
        if isinstance(row, tuple):
            form.addRow(*row)
        else:
            form.addRow(row)
    return box


def spin_box(low: int, high: int, value: int, tooltip: str = "", suffix: str = "", special: str = "") -> QSpinBox:
    """`special` is shown instead of the lowest value where that value means "the default"."""
    box = QSpinBox()
    box.setRange(low, high)
    box.setValue(value)
    box.setSuffix(suffix)
    box.setToolTip(tooltip)
    box.setSpecialValueText(special)
    return box


def decimal_box(high: float, decimals: int, step: float, special: str = "", tooltip: str = "") -> QDoubleSpinBox:
    """From 0 to `high`; `special` is shown at 0 where 0 means "the default"."""
    box = QDoubleSpinBox()
    box.setRange(0.0, high)
    box.setDecimals(decimals)
    box.setSingleStep(step)
    box.setSpecialValueText(special)
    box.setToolTip(tooltip)
    return box


def choice_box(choices: Iterable[tuple[str, Any]], tooltip: str = "") -> QComboBox:
    """(label, value) pairs; `currentData()` is the chosen value."""
    box = QComboBox()
    for label, value in choices:
        box.addItem(label, value)
    box.setToolTip(tooltip)
    return box

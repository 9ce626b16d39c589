"""A page's remembered choices as a table, key -> widget, saved to and restored from QSettings in one place.

Each kind of input widget is read and set once here (`BINDINGS`), so a page lists what it remembers instead of
writing save and restore code per widget. A key missing from the store leaves the widget at the
default it was built with; a stored value the widget no longer offers does too.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QCheckBox, QComboBox, QDoubleSpinBox, QLineEdit, QSlider, QSpinBox, QWidget

from stegstudio.gui.widgets.file_picker import FilePicker

SettingsTable = dict[str, QWidget]  # a QSettings key ("hide/preset") -> the widget whose value it keeps


def _combo_value(box: QComboBox) -> Any:
    """An item's data where it has some (a preset's name, a size), else its text (a device name)."""
    data = box.currentData()
    return box.currentText() if data is None else data


def _set_combo(box: QComboBox, value: Any) -> None:
    # INI files give every value back as text: items are matched by their data's or their label's text.
    for index in range(box.count()):
        data = box.itemData(index)
        if str(value) == (box.itemText(index) if data is None else str(data)):
            box.setCurrentIndex(index)
            return


def _set_path(picker: FilePicker, value: Any) -> None:
    """An empty path keeps the picker's default (a bundled sample, or the shipped model)."""
    if str(value):
        picker.set_path(str(value))


Getter = Callable[[Any], Any]
Setter = Callable[[Any, Any], None]
BINDINGS: tuple[tuple[type[QWidget], Getter, Setter], ...] = (
    (QComboBox, _combo_value, _set_combo),
    (QSpinBox, QSpinBox.value, lambda box, value: box.setValue(int(value))),
    (QSlider, QSlider.value, lambda slider, value: slider.setValue(int(value))),
    (QDoubleSpinBox, QDoubleSpinBox.value, lambda box, value: box.setValue(float(value))),
    (QCheckBox, QCheckBox.isChecked, lambda box, value: box.setChecked(str(value).lower() == "true")),
    (QLineEdit, QLineEdit.text, lambda edit, value: edit.setText(str(value))),
    (FilePicker, FilePicker.text, _set_path),
)


def binding(widget: QWidget) -> tuple[Getter, Setter]:
    for kind, get, set_value in BINDINGS:
        if isinstance(widget, kind):
            return get, set_value
    raise TypeError(f"no settings binding for {type(widget).__name__}; add one to BINDINGS")


def save_table(store: QSettings, table: SettingsTable) -> None:
    for key, widget in table.items():
        store.setValue(key, binding(widget)[0](widget))


def restore_table(store: QSettings, table: SettingsTable) -> None:
    for key, widget in table.items():
        if store.contains(key):
            binding(widget)[1](widget, store.value(key))

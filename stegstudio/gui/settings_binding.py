"""A page's remembered choices as a table, key -> widget, saved to and restored from QSettings in one place.

Each kind of input widget is read and set once here, so a page lists what it remembers instead of
writing save and restore code per widget. A key missing from the store leaves the widget at the
default it was built with; a stored value the widget no longer offers does too.
"""

from __future__ import annotations

from functools import singledispatch
from typing import Any

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QCheckBox, QComboBox, QDoubleSpinBox, QLineEdit, QSpinBox, QWidget

from stegstudio.gui.widgets.file_picker import FilePicker

SettingsTable = dict[str, QWidget]  # a QSettings key ("hide/preset") -> the widget whose value it keeps


def save_table(store: QSettings, table: SettingsTable) -> None:
    for key, widget in table.items():
        store.setValue(key, widget_value(widget))


def restore_table(store: QSettings, table: SettingsTable) -> None:
    for key, widget in table.items():
        if store.contains(key):
            set_widget_value(widget, store.value(key))


@singledispatch
def widget_value(widget: QWidget) -> Any:
    raise TypeError(f"no settings binding for {type(widget).__name__}")


@singledispatch
def set_widget_value(widget: QWidget, value: Any) -> None:
    raise TypeError(f"no settings binding for {type(widget).__name__}")


@widget_value.register
def _(widget: QComboBox) -> Any:
    """An item's data where it has some (a preset's name, a size), else its text (a device name)."""
    data = widget.currentData()
    return widget.currentText() if data is None else data


@set_widget_value.register
def _(widget: QComboBox, value: Any) -> None:
    # INI files give every value back as text: items are matched by their data's or their label's text.
    for index in range(widget.count()):
        data = widget.itemData(index)
        if str(value) == (widget.itemText(index) if data is None else str(data)):
            widget.setCurrentIndex(index)
            return


@widget_value.register
def _(widget: QSpinBox) -> Any:
    return widget.value()


@set_widget_value.register
def _(widget: QSpinBox, value: Any) -> None:
    widget.setValue(int(value))


@widget_value.register
def _(widget: QDoubleSpinBox) -> Any:
    return widget.value()


@set_widget_value.register
def _(widget: QDoubleSpinBox, value: Any) -> None:
    widget.setValue(float(value))


@widget_value.register
def _(widget: QCheckBox) -> Any:
    return widget.isChecked()


@set_widget_value.register
def _(widget: QCheckBox, value: Any) -> None:
    widget.setChecked(str(value).lower() == "true")


@widget_value.register
def _(widget: QLineEdit) -> Any:
    return widget.text()


@set_widget_value.register
def _(widget: QLineEdit, value: Any) -> None:
    widget.setText(str(value))


@widget_value.register
def _(widget: FilePicker) -> Any:
    return widget.text()


@set_widget_value.register
def _(widget: FilePicker, value: Any) -> None:
    """An empty path keeps the picker's default (a bundled sample, or the shipped model)."""
    if str(value):
        widget.set_path(str(value))

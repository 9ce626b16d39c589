"""The numbers of a result as a two-column table, with readable names and units."""

from __future__ import annotations

import math
from collections.abc import Mapping

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem, QWidget

WORDS = {"psnr": "PSNR", "ssim": "SSIM", "apd": "APD", "snr": "SNR", "ber": "BER", "y": "(Y)", "ae": "AE",
         "rgb": "RGB", "bpp": "bpp", "ecc": "ECC", "8bit": "after 8-bit rounding", "rel": "(relative)", "jpeg": "JPEG"}
UNITS = {"psnr": "dB", "snr": "dB", "seconds": "s"}


def metric_label(name: str) -> str:
    """cover_psnr_y -> "Cover PSNR (Y)"; other words are kept, the first one capitalised."""
    first, *rest = name.split("_")
    return " ".join([WORDS.get(first, first[:1].upper() + first[1:]), *(WORDS.get(w, w) for w in rest)])


def metric_text(name: str, value: object) -> str:
    if isinstance(value, float):
        if not math.isfinite(value):
            return str(value)
        unit = next((u for key, u in UNITS.items() if key in name.split("_")), "")
        return f"{value:.4g} {unit}".rstrip()
    return str(value)


class MetricsTable(QTableWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 2, parent)
        self.setHorizontalHeaderLabels(["Metric", "Value"])
        self.verticalHeader().setVisible(False)
        self.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.horizontalHeader().setStretchLastSection(True)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)

    def set_metrics(self, values: Mapping[str, object]) -> None:
        self.setRowCount(len(values))
        for row, (name, value) in enumerate(values.items()):
            self.setItem(row, 0, QTableWidgetItem(metric_label(name)))
            self.setItem(row, 1, QTableWidgetItem(metric_text(name, value)))

    def as_dict(self) -> dict[str, str]:
        return {self.item(r, 0).text(): self.item(r, 1).text() for r in range(self.rowCount())}

"""The "does it fit?" gauge: a bar of how much of the cover's room a message takes, and a line in words
(red when it does not fit), sized by the core (`payload.fit`: compression, header and error correction
included). Two widgets, for a form's field column and a row of its own."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QProgressBar

from stegstudio.core.fnns import density, payload

FITS_COLOUR, TOO_BIG_COLOUR = "#2e7d32", "#c62828"


class CapacityGauge:
    def __init__(self) -> None:
        self.bar = QProgressBar()
        self.bar.setTextVisible(True)
        self.bar.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label = QLabel("")
        self.label.setWordWrap(True)

    def measure(self, cover_size: tuple[int, int] | None, bpp: float, ecc: str,
                secret: payload.Message | None, mode: str = "fast") -> payload.Fit | None:
        """Show how `secret` fits a cover of `cover_size` (height, width); the fit, or None without a
        cover or a message (then the gauge shows how much would fit)."""
        if cover_size is None:
            self._show(0, 1, "Choose a cover to see how much fits", "")
            return None
        h, w = cover_size
        at = "in robust mode" if mode == "robust" else f"at {density.label(bpp)} bpp"
        if secret is None:
            room = payload.capacity(h, w, bpp, ecc, mode=mode)
            self._show(0, max(room, 1), f"{w}×{h} {at} holds {room:,} bytes of text", "")
            return None
        fit = payload.fit(h, w, bpp, ecc, secret, mode)
        text = f"{fit.needed_bytes:,} of {fit.capacity_bytes:,} bytes (after compression; {w}×{h} {at})"
        if not fit.fits:
            text += (": does not fit. Use a larger cover or a shorter message" if mode == "robust" else
                     ": does not fit. Raise the bpp, use a larger cover or a shorter message")
        self._show(min(fit.needed_bytes, fit.capacity_bytes), max(fit.capacity_bytes, 1), text,
                   FITS_COLOUR if fit.fits else TOO_BIG_COLOUR)
        return fit

    def _show(self, used: int, room: int, text: str, colour: str) -> None:
        self.bar.setRange(0, room)
        self.bar.setValue(used)
        self.bar.setFormat("%p% used" if colour else "")
        self.bar.setStyleSheet(f"QProgressBar::chunk {{ background: {colour}; }}" if colour else "")
        self.label.setText(text)
        self.label.setStyleSheet(f"color: {colour}" if colour == TOO_BIG_COLOUR else "")

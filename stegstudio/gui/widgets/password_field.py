"""A password box: masked with a Show toggle, and a rough strength hint as you type.

The hint is only a nudge towards long passphrases (scrypt slows guessing; length defeats it). It
estimates entropy as length x log2(alphabet of the character classes used), which flatters
predictable passwords; it never blocks the user.
"""

from __future__ import annotations

import math

from PySide6.QtWidgets import QCheckBox, QGridLayout, QLabel, QLineEdit, QWidget

CLASSES = (("lower", str.islower, 26), ("upper", str.isupper, 26), ("digit", str.isdigit, 10))
SYMBOLS = 33


def entropy_bits(password: str) -> float:
    pool = sum(size for _, test, size in CLASSES if any(test(c) for c in password))
    if any(not c.isalnum() for c in password):
        pool += SYMBOLS
    return len(password) * math.log2(pool) if pool else 0.0


def strength_hint(password: str) -> tuple[str, str]:
    """(words, colour) for the hint label."""
    if not password:
        return "", ""
    bits = entropy_bits(password)
    if bits < 40:
        return f"weak (about {bits:.0f} bits): use a longer passphrase", "#c62828"
    if bits < 64:
        return f"fair (about {bits:.0f} bits)", "#ef6c00"
    return f"strong (about {bits:.0f} bits)", "#2e7d32"


class PasswordField(QWidget):
    def __init__(self, placeholder: str = "", show_strength: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = QLineEdit()
        self.edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.edit.setPlaceholderText(placeholder)
        self.show_box = QCheckBox("Show")
        self.show_box.toggled.connect(self._set_visible)
        self.hint = QLabel("")
        self.hint.setVisible(show_strength)
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit, 0, 0)
        layout.addWidget(self.show_box, 0, 1)
        layout.addWidget(self.hint, 1, 0, 1, 2)
        if show_strength:
            self.edit.textChanged.connect(self._update_hint)

    def text(self) -> str:
        return self.edit.text()

    def set_text(self, text: str) -> None:
        self.edit.setText(text)

    def _set_visible(self, visible: bool) -> None:
        self.edit.setEchoMode(QLineEdit.EchoMode.Normal if visible else QLineEdit.EchoMode.Password)

    def _update_hint(self, text: str) -> None:
        words, colour = strength_hint(text)
        self.hint.setText(words)
        self.hint.setStyleSheet(f"color: {colour}" if colour else "")

"""Messages for the user: a core error shows its own message; a bug shows its type, message and traceback.

Dialogs open window-modal without blocking (`open()`, not `exec()`), so a test, the self-test or a
screenshot run never hangs on one; tests may still replace `QMessageBox.open` to read them.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from stegstudio.gui.worker import JobFailure


def show_failure(parent: QWidget, failure: JobFailure) -> QMessageBox:
    icon = QMessageBox.Icon.Warning if failure.expected else QMessageBox.Icon.Critical
    box = QMessageBox(icon, failure.title, failure.message, QMessageBox.StandardButton.Ok, parent)
    if failure.details:
        box.setDetailedText(failure.details)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


def show_error(parent: QWidget, exc: BaseException) -> QMessageBox:
    """For errors raised on the GUI thread itself (a save that fails its checks, a bad file dropped)."""
    return show_failure(parent, JobFailure.from_exception(exc))


def ask_yes_no(parent: QWidget, title: str, question: str) -> bool:
    answer = QMessageBox.question(parent, title, question,
                                  QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                  QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes

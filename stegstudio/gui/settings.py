"""Where the GUI remembers things between runs: window state, recent files, last folders, tab settings.

One organisation/application name, INI format everywhere (readable, and tests can point it at a
temporary folder with `STEGSTUDIO_SETTINGS_DIR` or `configure(path)` before the first QSettings).
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSettings

ORGANISATION = "StegStudio"
APPLICATION = "StegStudio"
SETTINGS_DIR_ENV = "STEGSTUDIO_SETTINGS_DIR"
RECENT_KEY = "recent_files"
RECENT_LIMIT = 10


def configure(directory: str | os.PathLike[str] | None = None) -> None:
    """Name the application and pick the settings folder; call before any QSettings() is made."""
    QCoreApplication.setOrganizationName(ORGANISATION)
    QCoreApplication.setApplicationName(APPLICATION)
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    folder = directory or os.environ.get(SETTINGS_DIR_ENV)
    if folder:
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))


def store() -> QSettings:
    return QSettings()


def recent_files() -> list[str]:
    """Most recent first; files that have disappeared since are dropped."""
    value = store().value(RECENT_KEY, [])
    paths = [value] if isinstance(value, str) else list(value or [])
    return [p for p in paths if Path(p).exists()]


def add_recent_file(path: str | os.PathLike[str]) -> list[str]:
    entry = str(Path(path).resolve())
    paths = [entry, *[p for p in recent_files() if p != entry]][:RECENT_LIMIT]
    store().setValue(RECENT_KEY, paths)
    return paths


def last_folder(role: str) -> str:
    """The folder a file dialog for `role` (e.g. "secret", "save") opened last, or the home folder."""
    folder = store().value(f"folders/{role}", "")
    return str(folder) if folder and Path(str(folder)).is_dir() else str(Path.home())


def remember_folder(role: str, path: str | os.PathLike[str]) -> None:
    store().setValue(f"folders/{role}", str(Path(path).parent))

import hashlib
import os

import pytest
import torch

from stegstudio.core import randomness

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
torch.set_num_threads(min(2, os.cpu_count() or 1))


@pytest.fixture(autouse=True)
def _deterministic_torch() -> None:
    torch.manual_seed(0)


@pytest.fixture(autouse=True)
def _seeded_randomness(request):
    """Salts, nonces and seeds are fresh in production; here each test draws them from a stream seeded by
    its own name (and STEGSTUDIO_TEST_SEED, default 0), so any failure replays exactly when rerun."""
    base = os.environ.get("STEGSTUDIO_TEST_SEED", "0")
    seed = hashlib.sha256(f"{base}/{request.node.nodeid}".encode()).digest()[:16]
    with randomness.seeded(seed):
        yield


@pytest.fixture
def gui_settings_dir(tmp_path, monkeypatch):
    """The GUI's QSettings in a temporary folder, so tests never read or write the user's."""
    from stegstudio.gui import settings

    folder = tmp_path / "qsettings"
    folder.mkdir()
    monkeypatch.setenv(settings.SETTINGS_DIR_ENV, str(folder))
    settings.configure(folder)
    return folder


@pytest.fixture
def dialogs_shown(monkeypatch):
    """Every message box the GUI opens, recorded instead of shown, so no test can block on one."""
    from PySide6.QtWidgets import QMessageBox

    shown: list[dict[str, str]] = []

    def record(box: QMessageBox) -> None:
        shown.append({"title": box.windowTitle(), "text": box.text(), "details": box.detailedText(),
                      "icon": box.icon().name})

    monkeypatch.setattr(QMessageBox, "open", record)
    return shown

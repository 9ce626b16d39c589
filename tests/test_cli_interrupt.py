"""Ctrl-C during the seconds the CLI spends importing torch ends like any later cancel: exit 130, one
line, no traceback."""

from __future__ import annotations

import signal
import subprocess
import sys
import time


def test_ctrl_c_while_starting_up_exits_130_without_a_traceback(tmp_path) -> None:
    proc = subprocess.Popen([sys.executable, "-m", "stegstudio", "capacity", "--cover", str(tmp_path / "c.png")],
                            stderr=subprocess.PIPE, text=True)
    time.sleep(0.6)  # past Python's own start-up and `import stegstudio.cli`, inside the torch import
    assert proc.poll() is None, "the command ended before the interrupt; the test did not test anything"
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "cancelled; nothing was written" in err
    assert "Traceback" not in err

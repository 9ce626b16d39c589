"""What every benchmark's JSON record shares: the machine it was measured on, and how it is written."""

from __future__ import annotations

import json
import os
import platform
from pathlib import Path
from typing import Any

import torch

from stegstudio.core.fileio import write_bytes_atomic


def machine() -> dict[str, Any]:
    """The CPU, thread count and software versions a record's timings depend on."""
    return {"cpu": platform.processor() or platform.machine(), "cpu_count": os.cpu_count(),
            "torch_threads": torch.get_num_threads(), "python": platform.python_version(),
            "torch": torch.__version__, "platform": platform.platform()}


def write_json(path: Path, record: dict[str, Any]) -> None:
    """Write the record atomically (an interrupted run leaves the previous one), creating its folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    write_bytes_atomic(path, (json.dumps(record, indent=2) + "\n").encode())

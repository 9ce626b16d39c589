"""StegStudio: steganography with implicit neural representations.

The Python API (`stegstudio.api`, its names listed in `api.__all__`) is importable from here:
`import stegstudio as ss; ss.embed(...)`. It loads on first use (PEP 562), so `stegstudio gui` can
show its window before torch is imported.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    if not name.startswith("_") and name != "api":
        api = importlib.import_module("stegstudio.api")
        if name in api.__all__:
            return getattr(api, name)
    raise AttributeError(f"module 'stegstudio' has no attribute {name!r}")

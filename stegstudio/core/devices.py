"""Torch device names checked before a job starts, so a missing GPU is an input error, not a crash."""

from __future__ import annotations

from stegstudio.core.errors import InputError


def resolve_device(name: str) -> str:
    """Return `name` if torch can run on it here; shared by the CLI's --device and the GUI's device box."""
    import torch

    if name.startswith("cuda") and not torch.cuda.is_available():
        raise InputError(f"--device {name}: no CUDA GPU is available here; use --device cpu")
    try:
        torch.device(name)
    except RuntimeError as exc:
        raise InputError(f"--device {name}: not a torch device name ({exc})") from exc
    return name

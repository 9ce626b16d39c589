"""Torch device names checked before a job starts, so a missing GPU is an input error, not a crash; and
whether a device computes in bfloat16 natively, which decides where the engines use it."""

from __future__ import annotations

import functools

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


def bf16_is_fast(device: str) -> bool:
    """bfloat16 pays only where the hardware computes in it (AVX-512 BF16 / AMX, or a recent GPU);
    emulated it is slower than float32. oneDNN's own check says yes on any AVX-512 CPU, emulation
    included, so on a CPU the processor's flags decide (read where the OS lists them: Linux)."""
    import torch

    if torch.device(device).type == "cuda":  # Ampere and later; is_bf16_supported() also counts emulation
        return torch.cuda.get_device_capability(torch.device(device))[0] >= 8
    return bool(_cpu_flags() & {"avx512_bf16", "amx_bf16"})


@functools.lru_cache(maxsize=1)
def _cpu_flags() -> frozenset[str]:
    try:
        with open("/proc/cpuinfo", encoding="ascii", errors="replace") as info:
            for line in info:
                if line.startswith("flags"):
                    return frozenset(line.split(":", 1)[1].split())
    except OSError:
        pass
    return frozenset()

"""Safe output: nothing is half-written, nothing is overwritten by accident, inputs stay untouched."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from stegstudio.core.errors import InputError

LOSSY_SUFFIXES = {".jpg", ".jpeg", ".jpe", ".jfif", ".webp", ".heic", ".avif"}


def check_output(path: str | os.PathLike[str], force: bool = False, suffixes: set[str] | None = None) -> Path:
    """Validate an output path before any work starts, so a long job never fails at the end."""
    out = Path(path)
    if suffixes is not None and out.suffix.lower() not in suffixes:
        wanted = ", ".join(sorted(suffixes))
        raise InputError(f"{out}: unsupported output type '{out.suffix or '(none)'}'; use one of {wanted}")
    if not out.parent.exists():
        raise InputError(f"{out}: the folder {out.parent} does not exist; create it first")
    if not out.parent.is_dir():
        raise InputError(f"{out}: {out.parent} is not a folder")
    if out.is_dir():
        raise InputError(f"{out} is a folder; give a file name")
    if out.exists() and not force:
        raise InputError(f"{out} already exists; pass --force to overwrite it")
    return out


def check_lossless_image(path: str | os.PathLike[str]) -> None:
    """Containers and stego images must survive bit-exact; JPEG-like formats would destroy them."""
    suffix = Path(path).suffix.lower()
    if suffix in LOSSY_SUFFIXES:
        raise InputError(
            f"{path}: '{suffix}' is a lossy format and would destroy the hidden data; "
            "save as .png (lossless) instead"
        )
    if suffix != ".png":
        raise InputError(f"{path}: containers are written as PNG; use a .png file name")


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path beside `path`; rename it into place only if the block succeeds."""
    out = Path(path)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{out.stem}.", suffix=f".part{out.suffix}", dir=out.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; outputs get the user's usual mode
        os.replace(tmp, out)
    finally:
        if tmp.exists():
            tmp.unlink()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomic(path: str | os.PathLike[str], writer: Callable[[Path], None]) -> Path:
    """Run `writer(tmp_path)` and move the result to `path` in one rename."""
    with atomic_path(path) as tmp:
        writer(tmp)
    return Path(path)


def write_bytes_atomic(path: str | os.PathLike[str], data: bytes) -> Path:
    return write_atomic(path, lambda tmp: tmp.write_bytes(data))

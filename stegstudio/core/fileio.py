"""Safe output: nothing is half-written, nothing is overwritten by accident, inputs stay untouched."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from stegstudio.core.errors import InputError

LOSSY_SUFFIXES = {".jpg", ".jpeg", ".jpe", ".jfif", ".webp", ".heic", ".avif"}
PRIVATE_MODE = 0o600  # for files that hold a secret: readable by their owner only


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
    _check_folder_writable(out)
    return out


def check_output_folder(path: str | os.PathLike[str]) -> Path:
    """The folder a batch writes its outputs into, checked before the batch starts: made if missing (its
    parent must exist), and writable."""
    out = Path(path)
    if out.exists() and not out.is_dir():
        raise InputError(f"{out} is a file, but a batch writes one output per input into a folder; "
                         "give a folder for --out (it is made if missing)")
    if not out.exists():
        if out.suffix:
            raise InputError(f"{out}: a batch writes into a folder, and this name looks like a file; give a "
                             "folder name without a suffix (or make the folder first)")
        if not out.parent.is_dir():
            raise InputError(f"{out}: the folder {out.parent} does not exist; create it first")
        try:
            out.mkdir()
        except OSError as exc:
            raise InputError(f"{out}: cannot make this folder ({exc.strerror or exc}); "
                             "choose a folder you can write to") from exc
    _check_folder_writable(out / "batch")
    return out


def _check_folder_writable(out: Path) -> None:
    """Create and remove a file beside `out`: mode bits say nothing for root or on a read-only disk."""
    try:
        fd, name = tempfile.mkstemp(prefix=".stegstudio-probe.", dir=out.parent)
    except OSError as exc:
        raise InputError(f"{out}: cannot write in the folder {out.parent} ({exc.strerror or exc}); "
                         "choose a folder you can write to") from exc
    os.close(fd)
    os.unlink(name)


def check_lossless_image(path: str | os.PathLike[str]) -> None:
    """Containers and stego images must survive bit-exact; JPEG-like formats would destroy them."""
    suffix = Path(path).suffix.lower()
    if suffix in LOSSY_SUFFIXES:
        raise InputError(
            f"{path}: '{suffix}' is a lossy format; StegStudio writes stego images and containers as lossless "
            "PNG (fast and covert payloads do not survive lossy formats; a --robust one survives re-encoding "
            "the PNG as JPEG afterwards), so use a .png file name"
        )
    if suffix != ".png":
        raise InputError(f"{path}: containers are written as PNG; use a .png file name")


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike[str], mode: int | None = None) -> Iterator[Path]:
    """Yield a temporary path beside `path`; rename it into place only if the block succeeds.

    The file gets `mode`, or the user's usual mode when None; the temporary file starts at 0600, so a
    private file is never readable by others, not even half-written.
    """
    out = Path(path)
    tmp = _temp_beside(out, ".part")
    try:
        yield tmp
        os.chmod(tmp, _final_mode(mode))
        _flush_to_disk(tmp)
        os.replace(tmp, out)
        _flush_to_disk(out.parent)
    finally:
        if tmp.exists():
            tmp.unlink()


def _flush_to_disk(path: Path) -> None:
    """fsync a file (or a folder, after a rename), so a power cut cannot leave an empty file in place."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _temp_beside(out: Path, tag: str) -> Path:
    """A new empty file (mode 0600) in `out`'s folder, named after it, that nothing else uses."""
    fd, name = tempfile.mkstemp(prefix=f".{out.stem}.", suffix=f"{tag}{out.suffix}", dir=out.parent)
    os.close(fd)
    return Path(name)


def _final_mode(mode: int | None) -> int:
    return 0o666 & ~_umask() if mode is None else mode


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomic(path: str | os.PathLike[str], writer: Callable[[Path], None], mode: int | None = None) -> Path:
    """Run `writer(tmp_path)` and move the result to `path` in one rename."""
    with atomic_path(path, mode) as tmp:
        writer(tmp)
    return Path(path)


def write_bytes_atomic(path: str | os.PathLike[str], data: bytes, mode: int | None = None) -> Path:
    return write_atomic(path, lambda tmp: tmp.write_bytes(data), mode)


@dataclass(frozen=True)
class PendingFile:
    """One file of a set that is written together: `writer(tmp_path)` makes its contents."""

    path: Path
    writer: Callable[[Path], None]
    mode: int | None = None


def write_files_atomic(files: Sequence[PendingFile]) -> list[Path]:
    """Write every file or none: all to temporary files first, then rename each into place, keeping the
    files they replace aside until all are in place, and putting those back if any step fails.

    A container without its key (or beside an older key) is a lost secret, so the pair must not be
    split by a full disk or a folder that refuses the second file.
    """
    temps: list[Path] = []
    aside: dict[Path, Path] = {}  # target -> the old file it replaced, kept until all are in place
    placed: list[Path] = []
    try:
        for f in files:
            temps.append(_temp_beside(f.path, ".part"))
            f.writer(temps[-1])
            os.chmod(temps[-1], _final_mode(f.mode))
            _flush_to_disk(temps[-1])
        for f, tmp in zip(files, temps, strict=True):
            if f.path.exists():
                old = _temp_beside(f.path, ".old")
                try:
                    os.replace(f.path, old)
                except OSError:
                    old.unlink()
                    raise
                aside[f.path] = old
            os.replace(tmp, f.path)
            placed.append(f.path)
    except BaseException as exc:
        for target in placed:
            if target not in aside:
                target.unlink(missing_ok=True)
        for target, old in aside.items():
            os.replace(old, target)
        if isinstance(exc, OSError):
            names = " and ".join(str(f.path) for f in files)
            raise InputError(f"could not write {names} ({exc.strerror or exc}); nothing was changed: check that "
                             "the folder is writable and has free space") from exc
        raise
    finally:
        for tmp in temps:
            tmp.unlink(missing_ok=True)
    for folder in {f.path.parent for f in files}:
        _flush_to_disk(folder)  # the renames reach the disk before the old files go
    for old in aside.values():
        old.unlink()
    return [f.path for f in files]

"""Atomic output: private modes from the first byte, folders probed before work starts, pairs written
both-or-neither."""

import os
import stat
import tempfile
from pathlib import Path

import pytest

from stegstudio.core import fileio
from stegstudio.core.errors import InputError
from stegstudio.core.fileio import PendingFile, check_output, write_bytes_atomic, write_files_atomic


def _bytes_writer(data: bytes):
    return lambda tmp: tmp.write_bytes(data)


def test_private_mode_holds_for_the_temporary_file_too(tmp_path):
    seen = []

    def writer(tmp: Path) -> None:
        seen.append(stat.S_IMODE(tmp.stat().st_mode))
        tmp.write_bytes(b"secret")
        seen.append(stat.S_IMODE(tmp.stat().st_mode))

    fileio.write_atomic(tmp_path / "k.json", writer, mode=fileio.PRIVATE_MODE)
    assert seen == [0o600, 0o600]
    assert stat.S_IMODE((tmp_path / "k.json").stat().st_mode) == 0o600
    assert (tmp_path / "k.json").read_bytes() == b"secret"


def test_default_mode_follows_the_umask(tmp_path):
    write_bytes_atomic(tmp_path / "a.bin", b"x")
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE((tmp_path / "a.bin").stat().st_mode) == 0o666 & ~mask


def test_an_unwritable_folder_is_found_before_any_work(tmp_path, monkeypatch):
    """Root ignores mode bits, so a read-only disk is simulated: the probe itself must fail."""

    def refuse(*args, **kwargs):
        raise PermissionError(30, "Read-only file system")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    with pytest.raises(InputError, match=r"cannot write in the folder .*Read-only file system"):
        check_output(tmp_path / "out.png")


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_folder_is_refused(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(InputError, match="cannot write in the folder"):
            check_output(folder / "out.png")
    finally:
        folder.chmod(0o700)


def test_the_probe_leaves_nothing_behind(tmp_path):
    check_output(tmp_path / "out.png")
    assert os.listdir(tmp_path) == []


def test_a_pair_replaces_both_old_files(tmp_path):
    a, b = tmp_path / "c.png", tmp_path / "k.json"
    a.write_bytes(b"old container")
    b.write_bytes(b"old key")
    write_files_atomic([PendingFile(a, _bytes_writer(b"new container")),
                        PendingFile(b, _bytes_writer(b"new key"), fileio.PRIVATE_MODE)])
    assert a.read_bytes() == b"new container" and b.read_bytes() == b"new key"
    assert stat.S_IMODE(b.stat().st_mode) == 0o600
    assert sorted(os.listdir(tmp_path)) == ["c.png", "k.json"]


@pytest.mark.parametrize("existing", [True, False])
def test_a_failed_second_rename_restores_the_first_file(tmp_path, monkeypatch, existing):
    a, b = tmp_path / "c.png", tmp_path / "k.json"
    if existing:
        a.write_bytes(b"old container")
        b.write_bytes(b"old key")
    real_replace = os.replace

    def replace(src, dst):
        if Path(dst) == b and ".part" in Path(src).name:
            raise OSError(28, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr(fileio.os, "replace", replace)
    with pytest.raises(InputError, match=r"No space left on device.*nothing was changed"):
        write_files_atomic([PendingFile(a, _bytes_writer(b"new container")),
                            PendingFile(b, _bytes_writer(b"new key"))])
    if existing:
        assert a.read_bytes() == b"old container" and b.read_bytes() == b"old key"
        assert sorted(os.listdir(tmp_path)) == ["c.png", "k.json"]
    else:
        assert os.listdir(tmp_path) == []


def test_a_failing_writer_writes_nothing(tmp_path):
    a, b = tmp_path / "c.png", tmp_path / "k.json"
    a.write_bytes(b"old container")

    def broken(tmp: Path) -> None:
        raise ValueError("bug")

    with pytest.raises(ValueError):
        write_files_atomic([PendingFile(a, _bytes_writer(b"new")), PendingFile(b, broken)])
    assert a.read_bytes() == b"old container"
    assert os.listdir(tmp_path) == ["c.png"]

"""The Python API: its docstring examples run as written, paths and arrays both work, errors are typed."""

from __future__ import annotations

import doctest
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import stegstudio as ss
from stegstudio import api


def test_docstring_examples_run() -> None:
    result = doctest.testmod(api, optionflags=doctest.ELLIPSIS)
    assert result.attempted >= 6 and result.failed == 0


def test_importing_stegstudio_loads_no_torch_until_the_api_is_used() -> None:
    code = ("import sys, stegstudio; assert 'torch' not in sys.modules; stegstudio.capacity; "
            "print('torch' in sys.modules)")
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout == "True\n"


def test_file_round_trip_through_paths(tmp_path) -> None:
    cover = tmp_path / "cover.png"
    from PIL import Image

    Image.fromarray(ss.sample_cover(size=64, seed=3)).save(cover)
    r = ss.embed(cover, b"col1,col2\n1,2\n", name="table.csv", password="pw", out=tmp_path / "stego.png")
    assert r.out == tmp_path / "stego.png" and r.out.exists()
    m = ss.extract(tmp_path / "stego.png", password="pw")
    assert (m.data, m.name) == (b"col1,col2\n1,2\n", "table.csv")
    assert ss.capacity(cover, bpp=2) > ss.capacity(cover, bpp=1) > 0


def test_errors_are_the_core_input_errors(tmp_path) -> None:
    with pytest.raises(ss.InputError, match="uint8"):
        ss.embed(np.zeros((8, 8), np.float32), "x", password="pw")
    with pytest.raises(ss.InputError, match="empty"):
        ss.embed(ss.sample_cover(size=32), "", password="pw")
    with pytest.raises(ss.InputError, match="lossy"):
        ss.embed(ss.sample_cover(size=32), "x", password="pw", out=tmp_path / "s.jpg")
    with pytest.raises(ss.InputError, match=r"0\.05 to 4"):
        ss.capacity(ss.sample_cover(size=32), bpp=8)
    assert issubclass(ss.PayloadNotFound, ss.InputError) and issubclass(ss.PayloadDamaged, ss.InputError)


def test_hide_reveal_tell_a_wrong_password_from_a_changed_container(tmp_path) -> None:
    from stegstudio.core.media.image import load_png_exact, save_png
    from stegstudio.core.samples import sample_path

    h = ss.hide(sample_path("image"), sample_path("cover"), out=tmp_path / "c.png", key=tmp_path / "k.json",
                preset="tiny", steps=10, password="pw")
    assert h.warnings == [] and h.container.exists() and h.key.exists()
    with pytest.raises(ss.WrongPassword):
        ss.reveal(h.container, key=h.key, password="not it")
    changed = load_png_exact(h.container)
    changed[0, 0, 0] ^= 1
    save_png(tmp_path / "changed.png", changed)
    with pytest.warns(ss.ContainerWarning):
        ss.reveal(tmp_path / "changed.png", key=h.key, password="pw", out=tmp_path / "r.png")
    assert (tmp_path / "r.png").exists()
    with pytest.raises(ss.InputError, match="nothing was revealed"):
        ss.reveal(tmp_path / "changed.png", key=h.key, password="pw", strict=True)


def test_the_api_reference_in_docs_is_current(tmp_path) -> None:
    """docs/api is generated from these docstrings; a docstring change must regenerate it."""
    root = Path(__file__).resolve().parents[1]
    script = root / "scripts" / "make_api_docs.sh"
    subprocess.run(["bash", str(script), str(tmp_path / "api")], check=True, cwd=root,
                   env={**os.environ, "PYTHON": sys.executable}, capture_output=True)
    fresh = sorted(p.relative_to(tmp_path / "api") for p in (tmp_path / "api").rglob("*") if p.is_file())
    committed = sorted(p.relative_to(root / "docs" / "api") for p in (root / "docs" / "api").rglob("*") if p.is_file())
    assert fresh == committed
    stale = [str(p) for p in fresh if (tmp_path / "api" / p).read_bytes() != (root / "docs" / "api" / p).read_bytes()]
    assert not stale, f"docs/api is out of date ({stale}); run: bash scripts/make_api_docs.sh"

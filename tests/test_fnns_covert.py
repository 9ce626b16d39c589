"""Covert mode and fractional densities end to end on small photo covers: exact round trips after the
PNG write, far fewer changes than fast mode, wrong password vs damage, and the density grid."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from stegstudio.core.errors import InputError
from stegstudio.core.fnns import density, engine, files, payload
from stegstudio.core.media.image import load_png_exact
from tests.photo_covers import photo_cover


def _random_bytes(n: int, seed: int) -> bytes:
    return np.random.default_rng(seed).integers(0, 256, n, dtype=np.uint8).tobytes()


@pytest.fixture(scope="module")
def covert64() -> tuple[np.ndarray, bytes]:
    """A covert stego image of a 64 px cover, full at 0.5 bpp."""
    data = _random_bytes(payload.capacity(64, 64, 0.5), 11)
    stego, _ = engine.embed_array(photo_cover(0, 64), payload.Message(data), "cov", bpp=0.5, mode="covert")
    return stego, data


@pytest.mark.parametrize(("cover_index", "bpp"), [(0, 0.25), (1, 1), (2, 0.6)])
def test_covert_round_trip_after_png(tmp_path: Path, cover_index: int, bpp: float) -> None:
    cover = tmp_path / "cover.png"
    Image.fromarray(photo_cover(cover_index, 64)).save(cover)
    data = _random_bytes(payload.capacity(64, 64, bpp, name="n.bin"), cover_index)
    res = files.embed_image(cover, payload.Message(data, "n.bin"), "pw", tmp_path / "s.png", bpp=bpp, mode="covert")
    assert res.stats.mode == "covert" and res.stats.psnr_rgb > 50 and res.stats.changed < 0.1
    back = files.extract_image(tmp_path / "s.png", "pw")
    assert back.secret == payload.Message(data, "n.bin") and back.bpp == bpp and back.covert
    changed = np.abs(load_png_exact(tmp_path / "s.png").astype(int) - res.cover.astype(int))
    assert changed.max() == 1  # +-1 changes only


def test_covert_changes_far_fewer_samples_than_fast_mode_at_the_same_payload() -> None:
    cover = photo_cover(1, 64)
    message = payload.Message(_random_bytes(payload.capacity(64, 64, 0.5), 2))
    _, fast = engine.embed_array(cover, message, "pw", bpp=0.5, mode="fast")
    _, covert = engine.embed_array(cover, message, "pw", bpp=0.5, mode="covert")
    assert covert.changed < fast.changed / 5
    assert covert.psnr_rgb > fast.psnr_rgb + 10


def test_covert_wrong_password_damage_and_a_few_changes(covert64) -> None:
    stego, data = covert64
    with pytest.raises(payload.PayloadNotFound, match="password is wrong"):
        engine.extract_array(stego, "not cov")
    touched = stego.copy()
    rng = np.random.default_rng(0)
    for y, x, c in zip(*(rng.integers(0, n, 3) for n in (64, 64, 3)), strict=True):
        touched[y, x, c] ^= 1
    assert engine.extract_array(touched, "cov").secret.data == data  # within the code's reach
    ruined = stego.copy()
    ruined[:, :, :] ^= (rng.random(stego.shape) < 0.2).astype(np.uint8)
    with pytest.raises((payload.PayloadDamaged, payload.PayloadNotFound)):
        engine.extract_array(ruined, "cov")  # never wrong bytes


@pytest.mark.parametrize("bpp", [0.5, 1.5])
def test_fractional_fast_densities_round_trip(bpp: float) -> None:
    """Full payloads span several Reed-Solomon blocks, so the density read back is exact (a message
    inside the first block reads the same at any density with that first block; see ExtractResult)."""
    cover = photo_cover(2, 64)
    data = _random_bytes(payload.capacity(64, 64, bpp), 3)
    stego, stats = engine.embed_array(cover, payload.Message(data), "frac", bpp=bpp)
    assert stats.bpp == bpp and stats.payload_bits <= density.bits(64, 64, bpp)
    back = engine.extract_array(stego, "frac")
    assert back.secret.data == data and back.bpp == bpp and not back.covert


def test_density_grid() -> None:
    assert density.check(0.25) == 0.25 and density.check(2.0) == 2 and isinstance(density.check(2.0), int)
    assert density.bits(100, 100, 0.05) == 500 and density.channels(0.25) == 1 and density.channels(1.05) == 2
    assert density.read_with(1)[0] == 1 and density.read_with(2) == [2, *[x / 20 for x in range(39, 20, -1)]]
    assert len(density.read_with(1, density.COVERT_MAX_BPP)) == 20


@pytest.mark.parametrize(("bpp", "mode", "message"), [
    (0.33, "fast", "steps of 0.05; use 0.3 or 0.35"), (0.01, "fast", "0.05 to 4"), (4.5, "fast", "0.05 to 4"),
    (1.5, "covert", "covert mode carries at most 1 bpp"), (float("nan"), "fast", "0.05 to 4"),
    ("x", "fast", "must be a number"), ("x", "covert", "must be a number"),
])
def test_bad_densities_are_refused_before_any_work(bpp, mode: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        files.check_embed_settings(payload.Message(b"hi"), bpp, mode)


def test_capacity_names_the_recommended_covert_density() -> None:
    info = files.capacity(photo_cover(0, 128), 1, mode="covert")
    assert info.recommended_bpp == density.RECOMMENDED_COVERT_BPP
    assert 0 < info.recommended_bytes < info.text_bytes == payload.capacity(128, 128, 1)


def test_over_capacity_in_covert_mode_names_a_density_that_fits() -> None:
    data = _random_bytes(payload.capacity(64, 64, 0.25) + 40, 1)
    with pytest.raises(InputError, match=r"--bpp 0\.\d+ would fit it"):
        engine.embed_array(photo_cover(0, 64), payload.Message(data), "pw", bpp=0.25, mode="covert")

"""Robust mode on small photo covers with real Pillow JPEG round trips: the payload survives the asked
quality and above, a harder recompression says "damaged" or "not found" and never returns wrong bytes,
and a wrong password says so (a fast-mode JPEG: tests/test_fnns_engine.py)."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from stegstudio.core.errors import InputError
from stegstudio.core.fnns import engine, files, payload, robust
from tests.photo_covers import photo_cover


def _random_bytes(n: int, seed: int) -> bytes:
    return np.random.default_rng(seed).integers(0, 256, n, dtype=np.uint8).tobytes()


def _reencoded(image: np.ndarray, fmt: str, quality: int) -> np.ndarray:
    buf = io.BytesIO()
    Image.fromarray(image).save(buf, fmt, quality=quality)
    buf.seek(0)
    return np.asarray(Image.open(buf).convert("RGB"))


@pytest.mark.parametrize(("cover_index", "quality"), [(0, 75), (1, 90), (2, 60)])
def test_robust_payload_survives_jpeg_at_its_quality_and_above(tmp_path: Path, cover_index: int,
                                                               quality: int) -> None:
    cover = photo_cover(cover_index, 128)
    data = _random_bytes(24, cover_index)
    stego, stats = engine.embed_array(cover, payload.Message(data), "pw", mode="robust", quality=quality)
    floor = 35 if quality >= 75 else 32  # a lower quality needs a larger lattice step
    assert stats.mode == "robust" and stats.jpeg_quality == quality and stats.psnr_rgb > floor
    for q in sorted({quality, quality + 5, 95}):
        shared = tmp_path / f"shared{q}.jpg"
        Image.fromarray(stego).save(shared, quality=q)
        back = files.extract_image(shared, "pw")
        assert back.secret.data == data and back.mode == "robust" and back.jpeg_quality == quality
    assert engine.extract_array(stego, "pw").secret.data == data  # the PNG itself


def test_a_128_byte_payload_fits_a_256_px_cover_with_strong_ecc() -> None:
    assert payload.capacity(256, 256, 0, "high", mode="robust") >= 128


def test_robust_embedding_keeps_the_public_salt() -> None:
    cover = photo_cover(1, 128)
    stego, _ = engine.embed_array(cover, payload.Message(b"salt"), "pw", mode="robust")
    assert robust.read_salt(stego).salt == robust.read_salt(cover).salt
    assert robust.read_salt(_reencoded(stego, "JPEG", 75)).salt == robust.read_salt(cover).salt


def test_harder_recompression_never_returns_wrong_bytes() -> None:
    data = _random_bytes(24, 7)
    stego, _ = engine.embed_array(photo_cover(0, 128), payload.Message(data), "pw", mode="robust", quality=90)
    outcomes = []
    for q in (60, 40, 20, 10):
        try:
            outcomes.append(engine.extract_array(_reencoded(stego, "JPEG", q), "pw",
                                                 lossy_note="x.jpg is a lossy .jpg file").secret.data == data)
        except (payload.PayloadDamaged, payload.PayloadNotFound):
            outcomes.append("refused")
    assert all(o is True or o == "refused" for o in outcomes) and "refused" in outcomes


def test_heavy_damage_with_the_right_password_reads_damaged() -> None:
    stego, _ = engine.embed_array(photo_cover(2, 128), payload.Message(_random_bytes(24, 3)), "pw", mode="robust")
    noisy = stego.astype(np.int16)
    rng = np.random.default_rng(0)
    noisy[32:96] += rng.integers(-40, 41, noisy[32:96].shape, dtype=np.int16)  # half the image scrambled
    with pytest.raises(payload.PayloadDamaged, match="damaged"):
        engine.extract_array(np.clip(noisy, 0, 255).astype(np.uint8), "pw")


def test_a_wrong_password_on_a_robust_jpeg_reads_as_one(tmp_path: Path) -> None:
    robust_stego, _ = engine.embed_array(photo_cover(1, 128), payload.Message(b"robust"), "pw", mode="robust")
    Image.fromarray(robust_stego).save(tmp_path / "r.jpg", quality=80)
    with pytest.raises(payload.PayloadNotFound, match="password is wrong"):
        files.extract_image(tmp_path / "r.jpg", "not pw")


def test_robust_settings_are_checked_before_any_work() -> None:
    for bad in (77, 75.0, True, "75"):
        with pytest.raises(InputError, match="one of 50, 55"):
            files.resolve_mode(None, bad)
    for mode in ("covert", "fast"):
        with pytest.raises(InputError, match=f"not {mode} mode"):
            files.resolve_mode(mode, 75)
    assert files.resolve_mode(None, np.int64(80)) == ("robust", 80)
    assert files.resolve_mode("robust", None) == ("robust", robust.DEFAULT_QUALITY)
    assert files.resolve_mode(None, None) == ("fast", robust.DEFAULT_QUALITY)
    with pytest.raises(InputError, match="holds nothing"):
        engine.embed_array(photo_cover(0, 64), payload.Message(_random_bytes(100, 1)), "pw", mode="robust")


def test_receiver_reads_every_quality_step_the_sender_may_have_used() -> None:
    steps = [robust.step(q) for q in robust.QUALITIES]
    assert steps == sorted(steps, reverse=True) and len(set(steps)) == len(steps)


def test_a_lossless_file_with_a_lossy_name_is_still_searched_in_every_mode(tmp_path: Path) -> None:
    data = b"a fast-mode payload"
    stego, _ = engine.embed_array(photo_cover(2, 64), payload.Message(data), "pw", bpp=1)
    Image.fromarray(stego).save(tmp_path / "looks.jpg", format="PNG")  # a PNG under a JPEG name
    Image.fromarray(stego).save(tmp_path / "exact.webp", lossless=True)
    for name in ("looks.jpg", "exact.webp"):
        assert files.extract_image(tmp_path / name, "pw").secret.data == data


def test_a_damaged_reading_at_a_neighbouring_step_does_not_hide_the_right_one(monkeypatch) -> None:
    """Steps are decoded best-reading first; one that raises PayloadDamaged is passed over."""
    data = _random_bytes(24, 5)
    stego, _ = engine.embed_array(photo_cover(0, 128), payload.Message(data), "pw", mode="robust", quality=80)
    real_decode, calls = engine._decode, []

    def decode(codeword, *args, **kwargs):
        calls.append(codeword)
        if len(calls) == 1:
            raise payload.PayloadDamaged("payload damaged: a neighbouring step")
        return real_decode(codeword, *args, **kwargs)

    monkeypatch.setattr(engine, "_decode", decode)
    monkeypatch.setattr(payload, "known_bit_error", lambda codeword, seed, version=2: 0.1)
    assert engine.extract_array(stego, "pw", robust_only=True).secret.data == data and len(calls) >= 2

"""End-to-end bit embedding on small covers: exact round trips after the PNG write, wrong
passwords, damage, and decoding that does not depend on precision. Fixed seeds, quality and
error assertions only (speed lives in benchmarks/fnns_bench.py)."""

from __future__ import annotations

import io
import os
from pathlib import Path
from unittest import mock

import numpy as np
import pytest
import torch
from PIL import Image

from stegstudio.core import randomness
from stegstudio.core.errors import InputError
from stegstudio.core.fnns import engine, files, optimise, payload
from stegstudio.core.fnns.decoder import Decoder
from stegstudio.core.fnns.optimise import decided_bits
from stegstudio.core.jobs import quiet
from stegstudio.core.media.image import load_png_exact
from tests.photo_covers import PHOTOS, photo_cover

SIZE = 32


def _cover(index: int = 0, size: int = SIZE) -> np.ndarray:
    return photo_cover(index, size)


def _random_bytes(n: int, seed: int) -> bytes:
    return np.random.default_rng(seed).integers(0, 256, n, dtype=np.uint8).tobytes()


@pytest.fixture(scope="module")
def stego64(tmp_path_factory) -> tuple[Path, bytes]:
    """A full-capacity 64 px, 2 bpp stego PNG shared by the damage tests. Built before any test's
    own seeding (it outlives them), so it seeds its salts itself, from STEGSTUDIO_TEST_SEED too."""
    data = _random_bytes(payload.capacity(64, 64, 2), 7)
    out = tmp_path_factory.mktemp("fnns") / "stego.png"
    cover = tmp_path_factory.mktemp("cov") / "cover.png"
    Image.fromarray(_cover(0, 64)).save(cover)
    with randomness.seeded(f"{os.environ.get('STEGSTUDIO_TEST_SEED', '0')}/stego64".encode()):
        files.embed_image(cover, payload.Message(data), "pw64", out, bpp=2)
    return out, data


# 4 bpp asks for more bits than a pixel has values, so it takes several times longer than 1-3 bpp:
# one cover here, all three in the benchmark. Floors sit ~1.5 dB under the lowest run on the 32 px
# photo covers, with the salt channel (two sets of salts each); measured RGB PSNR astronaut /
# chelsea / coffee: 1 bpp 29.5-30.1 / 33.9-34.4 / 30.8-31.3, 2 bpp 25.2-25.5 / 29.6-30.5 /
# 27.1-27.4, 3 bpp 21.4-21.4 / 25.7-27.7 / 23.4-23.9; 4 bpp (coffee) 19.2-21.2 dB.
PSNR_FLOOR = {1: 28.0, 2: 23.5, 3: 20.0, 4: 17.5}
ROUND_TRIPS = [(c, b) for c in range(len(PHOTOS)) for b in (1, 2, 3)] + [(len(PHOTOS) - 1, 4)]


@pytest.mark.parametrize(("cover_index", "bpp"), ROUND_TRIPS)
def test_full_capacity_round_trip_after_png(tmp_path: Path, bpp: int, cover_index: int) -> None:
    cover_path = tmp_path / "cover.png"
    Image.fromarray(_cover(cover_index)).save(cover_path)
    data = _random_bytes(payload.capacity(SIZE, SIZE, bpp), bpp * 31 + cover_index)
    res = files.embed_image(cover_path, payload.Message(data), "correct horse", tmp_path / "s.png", bpp=bpp)
    assert res.stats.psnr_rgb > PSNR_FLOOR[bpp]
    back = files.extract_image(tmp_path / "s.png", "correct horse")
    assert back.secret.data == data and back.bpp == bpp


def test_file_with_name_round_trip(tmp_path: Path) -> None:
    stego, _ = engine.embed_array(_cover(1), payload.Message(b"col1,col2\n1,2\n" * 3, "table.csv"), "pw", bpp=3)
    back = engine.extract_array(stego, "pw")
    assert back.secret == payload.Message(b"col1,col2\n1,2\n" * 3, "table.csv")


def test_wrong_password_and_no_payload_are_detected(stego64) -> None:
    path, _ = stego64
    for wrong in ("pw65", "PW64", "pw64 "):
        with pytest.raises(payload.PayloadNotFound, match="password is wrong"):
            files.extract_image(path, wrong)
    with pytest.raises(payload.PayloadNotFound):
        engine.extract_array(_cover(2, 64), "pw64")


def test_a_few_changed_pixels_still_decode(stego64) -> None:
    """Thirty LSB flips and three pixels +8 stay within the error-correcting code's reserve (60 of
    60 trials over six embeddings). The decoder reads texture, so a changed pixel costs more bits
    than a flipped LSB: ten pixels +8 cost ~46 bit errors and usually do not decode; one inverted
    pixel ~40, three ~140."""
    path, data = stego64
    image = load_png_exact(path)
    rng = np.random.default_rng(3)
    for y, x in rng.integers(0, 64, size=(3, 2)):
        image[y, x] = np.clip(image[y, x].astype(int) + 8, 0, 255)
    for y, x in rng.integers(0, 64, size=(30, 2)):
        image[y, x] ^= 1
    assert engine.extract_array(image, "pw64").secret.data == data


def test_wrong_passwords_read_far_from_the_damaged_threshold(stego64) -> None:
    """A wrong password must never be taken for a damaged payload: the lowest known-bit error
    rate it reads (over every variant and bpp) stays clear of the threshold."""
    path, _ = stego64
    image = load_png_exact(path)
    readings = [engine._find(image, pw, payload.master_seed(pw), "cpu", quiet())[1] for pw in
                (f"wrong {i}" for i in range(12))]
    assert min(readings) > payload.DAMAGED_KNOWN_BER + 0.05


def test_inverted_pixels_beyond_reach_say_damaged_once_the_salt_is_read(stego64) -> None:
    """With the salt read right, ten inverted pixels are too many for the code: the password's key
    check still matches, so the verdict is "damaged". Inverted pixels often flip salt bits too, and
    the salt carries no redundancy anyone could check (it would mark the image), so then the image
    reads like a wrong password: never wrong bytes either way."""
    path, _ = stego64
    original = load_png_exact(path)
    image = original.copy()
    for y, x in np.random.default_rng(4).integers(0, 64, size=(10, 2)):
        image[y, x] = 255 - image[y, x]
    with mock.patch.object(engine, "read_salt", return_value=engine.read_salt(original)), \
            pytest.raises(payload.PayloadDamaged, match="damaged"):
        engine.extract_array(image, "pw64")
    with pytest.raises((payload.PayloadDamaged, payload.PayloadNotFound)):
        engine.extract_array(image, "pw64")


def test_a_jpeg_of_a_fast_mode_image_says_only_robust_mode_survives(stego64, tmp_path: Path) -> None:
    path, _ = stego64
    jpg = tmp_path / "stego.jpg"
    Image.open(path).save(jpg, quality=90)
    with pytest.raises(payload.PayloadNotFound, match="only a payload embedded with --robust"):
        files.extract_image(jpg, "pw64")


def test_float64_reads_the_same_bits_as_float32(stego64) -> None:
    path, _ = stego64
    image = load_png_exact(path)
    decoder = Decoder.from_seed(payload.master_seed("pw64"), 0)
    x = torch.from_numpy(image.astype(np.float64) / 255.0).permute(2, 0, 1)[None]
    with torch.no_grad():
        l32 = decoder.to("cpu", torch.float32).logits(x.float().contiguous(memory_format=torch.channels_last), 2)
        l64 = decoder.to("cpu", torch.float64).logits(x.contiguous(), 2)
    # Only logits within rounding noise of zero may read differently; the optimiser's margin keeps
    # payload bits far from there, and the Reed-Solomon code absorbs the rare rest.
    differ = (l32 > 0) != (l64 > 0)
    assert float(torch.cat([l64.abs()[differ], torch.zeros(1, dtype=l64.dtype)]).max()) < 1e-3
    assert float(differ.double().mean()) < 1e-3
    assert float((l32.double() - l64).abs().max()) < 0.05


def test_a_bit_inside_the_margin_counts_as_wrong_either_side() -> None:
    logits = np.array([-0.5, 0.5, 0.5, 5.0, -5.0])
    target = np.array([1, 0, 1, 1, 1], dtype=np.uint8)
    assert decided_bits(logits, target).tolist() == [0, 1, 0, 1, 0]


def test_faithful_mode_round_trip() -> None:
    data = _random_bytes(payload.capacity(SIZE, SIZE, 1), 5)
    stego, stats = engine.embed_array(_cover(0), payload.Message(data), "pw", bpp=1, mode="faithful")
    assert stats.mode == "faithful" and stats.ber_8bit == 0.0
    assert engine.extract_array(stego, "pw").secret.data == data


def test_over_capacity_states_capacity_and_a_bpp_that_fits() -> None:
    data = _random_bytes(payload.capacity(SIZE, SIZE, 1) + 20, 1)
    with pytest.raises(InputError, match=r"holds \d+ bytes; --bpp 1\.\d+ would fit"):
        engine.embed_array(_cover(0), payload.Message(data), "pw", bpp=1)


def test_bad_inputs(tmp_path: Path) -> None:
    cover = tmp_path / "cover.png"
    Image.fromarray(_cover(0)).save(cover)
    (tmp_path / "notes.txt").write_text("not an image")
    (tmp_path / "exists.png").write_bytes(b"x")
    cases = [
        (dict(cover=cover, secret=payload.Message(b""), out=tmp_path / "o.png"), "empty"),
        (dict(cover=tmp_path / "notes.txt", secret=payload.Message(b"hi"), out=tmp_path / "o.png"),
         "not an image"),
        (dict(cover=cover, secret=payload.Message(b"hi"), out=tmp_path / "o.jpg"), "lossy"),
        (dict(cover=cover, secret=payload.Message(b"hi"), out=tmp_path / "exists.png"), "--force"),
        (dict(cover=cover, secret=payload.Message(b"hi"), out=tmp_path / "o.png", bpp=5), "0.05 to 4"),
    ]
    for kwargs, message in cases:
        with pytest.raises(InputError, match=message):
            files.embed_image(password="pw", **kwargs)
    assert not (tmp_path / "o.png").exists()
    assert (tmp_path / "exists.png").read_bytes() == b"x"


def test_jpeg_reencoding_loses_the_payload_and_says_so(stego64) -> None:
    """No payload survives JPEG today, even at quality 95: extraction from the re-encoded pixels
    must report the payload as damaged or not found, never return bytes (right or wrong). If a
    later change makes a payload survive JPEG, this test is the one to revise."""
    path, _ = stego64
    for quality in (95, 75):
        buf = io.BytesIO()
        Image.open(path).save(buf, format="JPEG", quality=quality)
        damaged = np.asarray(Image.open(io.BytesIO(buf.getvalue())).convert("RGB"))
        with pytest.raises((payload.PayloadDamaged, payload.PayloadNotFound)):
            engine.extract_array(damaged, "pw64")


def test_embedding_keeps_torch_thread_count(tmp_path: Path) -> None:
    """No load-average guess: the run uses (and reports) torch's own thread count, unchanged."""
    before = torch.get_num_threads()
    _, stats = engine.embed_array(_cover(0), payload.Message(b"threads"), "pw", bpp=1)
    assert stats.threads == before and torch.get_num_threads() == before


def test_rounded_reading_sees_the_8bit_image_and_passes_gradients_through() -> None:
    """Once rounding has broken a run, the loss reads the 8-bit image the check will decode, with
    the gradient taken there (straight-through), while the float change keeps accumulating."""
    decoder = Decoder.from_seed(bytes(range(32)), 0)
    cover = _cover(0)
    bits = np.zeros((1, SIZE, SIZE), np.uint8)
    pb = optimise._Problem(cover, decoder, bits, bits == 0, lambda _: False, optimise.Settings(bf16=False), "cpu")
    x = (pb.cover + torch.randn(pb.cover.shape, generator=torch.Generator().manual_seed(0)) * 0.6 / 255).clamp(0, 1)
    rounded = optimise.to_tensor(optimise.to_uint8(x), "cpu").requires_grad_(True)
    want = decoder.logits(rounded, 1)
    want.sum().backward()
    assert float((pb.logits(x) - want).detach().abs().max()) > 1e-2  # the sub-level change matters
    pb.read_rounded = True
    leaf = x.clone().requires_grad_(True)
    got = pb.logits(leaf)
    got.sum().backward()
    torch.testing.assert_close(got, want.detach(), atol=1e-4, rtol=1e-4)
    scale = float(rounded.grad.abs().max())  # float32 sums in another order: compare to the scale
    torch.testing.assert_close(leaf.grad, rounded.grad, atol=1e-4 * scale, rtol=1e-3)

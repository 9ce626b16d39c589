"""The per-image salt: one scrypt per embedding and per extraction, a salt channel that votes
exactly on a stego image and reads as absent elsewhere, the verdicts that depend on it, and the
golden images of formats 1 and 2."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from unittest import mock

import numpy as np
import pytest
import torch

from stegstudio.core.fnns import engine, payload, salt
from stegstudio.core.fnns.decoder import Decoder, public_decoder
from stegstudio.core.jobs import quiet
from stegstudio.core.media.image import load_png_exact
from stegstudio.core.samples import sample_path

DATA = Path(__file__).resolve().parent / "data"
SIZE = 32


def test_public_decoder_weights_are_pinned() -> None:
    """A change here makes every format-2 image unreadable: bump payload.VERSION with it."""
    d = public_decoder()
    digest = hashlib.sha256()
    for t in d.weights + d.gammas:
        digest.update(t.numpy().astype("<f4").tobytes())
    assert digest.hexdigest() == PUBLIC_DECODER_SHA256
    assert [tuple(w.shape) for w in d.weights][1] == (64, 64, 3, 3)


PUBLIC_DECODER_SHA256 = "3ca8d7a0c32b345575f4effe9914a61ea362eb5052505eb9f5053b9083e1936a"


def _logits_for(bits: np.ndarray, mask: np.ndarray, seed: int) -> np.ndarray:
    noise = np.random.default_rng(seed).normal(0, 30, bits.shape)
    return np.where(mask, (bits.astype(np.float64) * 2 - 1) * 5, noise)


def test_salt_votes_exactly_and_tolerates_a_wrong_copy() -> None:
    value = bytes(range(16))
    bits, mask = salt.plan(value, SIZE, SIZE)
    logits = _logits_for(bits, mask, 0)
    reading = salt.read(logits)
    assert reading.salt == value and reading.intact and reading.present and reading.unanimous == salt.SALT_BITS
    assert salt.acceptable(bits, value) and not salt.acceptable(1 - bits, value)
    where = salt.positions(SIZE, SIZE)
    flat = logits.reshape(-1).copy()
    flat[where[:40]] *= -1  # copy 0 of 40 bits wrong
    reading = salt.read(flat.reshape(logits.shape))
    assert reading.salt == value and reading.present and reading.unanimous == salt.SALT_BITS - 40
    assert not reading.intact and not salt.acceptable((flat.reshape(logits.shape) > 0).astype(np.uint8), value)


def test_salt_reads_absent_on_images_without_one() -> None:
    for seed in range(20):
        assert not salt.read(np.random.default_rng(seed).normal(0, 30, (salt.CHANNELS, SIZE, SIZE))).present
    cover = engine.load_cover(sample_path("cover"), 64)[0]
    assert not engine.read_salt(cover).present


def test_too_small_for_a_salt_has_no_capacity() -> None:
    assert not salt.fits(8, 8) and payload.capacity(8, 8, 4) == 0
    assert salt.fits(SIZE, SIZE) and payload.capacity(SIZE, SIZE, 1) > 0


@pytest.fixture(scope="module")
def stego32() -> tuple[np.ndarray, bytes]:
    """A 32 px stego image and the number of scrypt runs its embedding made."""
    cover = engine.load_cover(sample_path("cover"), SIZE)[0]
    with mock.patch.object(payload, "derive_seed", wraps=payload.derive_seed) as kdf:
        stego, _ = engine.embed_array(cover, payload.Secret(b"salted", "s.txt"), "pw", bpp=2)
    return stego, kdf.call_count


def test_one_scrypt_per_embedding_and_per_extraction(stego32) -> None:
    stego, embed_calls = stego32
    with mock.patch.object(payload, "derive_seed", wraps=payload.derive_seed) as kdf:
        assert engine.extract_array(stego, "pw").secret == payload.Secret(b"salted", "s.txt")
    assert embed_calls == 1 and kdf.call_count == 1
    assert kdf.call_args.kwargs["n"] == 2**17
    reading = engine.read_salt(stego)
    assert reading.intact and kdf.call_args.args[1] == reading.salt


def test_wrong_passwords_with_the_image_salt_read_far_from_damaged(stego32) -> None:
    stego, _ = stego32
    image_salt = engine.read_salt(stego).salt
    readings = [engine._find(stego, pw, payload.master_seed(pw, image_salt), "cpu", quiet())[1]
                for pw in (f"wrong {i}" for i in range(4))]
    assert min(readings) > payload.DAMAGED_KNOWN_BER + 0.05


def test_a_doubtful_salt_is_not_blamed_on_the_password(stego32) -> None:
    """Copies of the salt that disagree mean the image changed: the password cannot be judged."""
    stego, _ = stego32
    good = engine.read_salt(stego)
    doubtful = salt.SaltReading(bytes([good.salt[0] ^ 1]) + good.salt[1:], salt.SALT_BITS - salt.SLACK - 1)
    with mock.patch.object(engine, "read_salt", return_value=doubtful), \
            pytest.raises(payload.PayloadDamaged, match="password cannot be checked"):
        engine.extract_array(stego, "pw")
    with pytest.raises(payload.PayloadNotFound, match="password is wrong"):
        engine.extract_array(stego, "not pw")


def test_format2_golden_image_extracts() -> None:
    expected = json.loads((DATA / "fnns_v2_expected.json").read_text())
    got = engine.extract(DATA / "fnns_v2_stego.png", expected["password"])
    assert expected["format"] == payload.VERSION == 2
    assert got.secret == payload.Secret(bytes.fromhex(expected["data_hex"]), expected["name"])
    assert (got.bpp, got.ecc) == (expected["bpp"], expected["ecc"])
    assert engine.read_salt(load_png_exact(DATA / "fnns_v2_stego.png")).intact


def test_format1_golden_image_still_extracts() -> None:
    """Written by StegStudio 0.1.0: no salt channel, so it is read with the fixed salt at N=2^15."""
    image = load_png_exact(DATA / "fnns_v1_stego.png")
    assert not engine.read_salt(image).present
    got = engine.extract_array(image, "golden v1")
    assert got.secret == payload.Secret(b"format 1 golden", "old.txt") and got.bpp == 2
    with pytest.raises(payload.PayloadNotFound, match="password is wrong"):
        engine.extract_array(image, "golden v2")


def test_salt_decoder_stacks_under_the_keyed_channels() -> None:
    from stegstudio.core.fnns.decoder import Stacked

    keyed = Decoder.from_seed(bytes(range(32)), 0)
    stacked = Stacked(keyed, public_decoder())
    x = torch.rand(1, 3, 16, 16, generator=torch.Generator().manual_seed(0))
    out = stacked.logits(x, 2 + salt.CHANNELS)
    torch.testing.assert_close(out[:, :2], keyed.logits(x, 2))
    torch.testing.assert_close(out[:, 2:], public_decoder().logits(x, salt.CHANNELS))

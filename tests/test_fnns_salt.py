"""The per-image salt: one scrypt per embedding and per good extraction, a salt channel with no
structure an observer could check, a few doubtful bits recovered through the password's key check,
and the golden images of formats 1 and 2."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from unittest import mock

import numpy as np
import pytest
import torch

from stegstudio.core import randomness
from stegstudio.core.fnns import covert, engine, files, payload, salt
from stegstudio.core.fnns.decoder import Decoder, public_decoder
from stegstudio.core.fnns.optimise import read_logits
from stegstudio.core.jobs import quiet
from stegstudio.core.media.image import load_cover, load_png_exact
from stegstudio.core.samples import sample_path

DATA = Path(__file__).resolve().parent / "data"
SIZE = 32


def test_public_decoder_weights_are_pinned() -> None:
    """A change here makes every format-2 image unreadable: bump payload.VERSION with it. (The pin moved twice
    without a bump, when the first layer's projection went to float64 and then to a fixed grid so every
    CPU rounds it alike: last-bit changes, and every golden image still extracts.)"""
    d = public_decoder()
    digest = hashlib.sha256()
    for t in d.weights + d.gammas:
        digest.update(t.numpy().astype("<f4").tobytes())
    assert digest.hexdigest() == PUBLIC_DECODER_SHA256
    assert [tuple(w.shape) for w in d.weights][1] == (64, 64, 3, 3)


PUBLIC_DECODER_SHA256 = "a598af6035900e77fa5bfdccf18af9a0df52a8eecaf87739566a1b26b3c8a295"


def _logits_for(bits: np.ndarray, mask: np.ndarray, seed: int) -> np.ndarray:
    noise = np.random.default_rng(seed).normal(0, 30, bits.shape)
    return np.where(mask, (bits.astype(np.float64) * 2 - 1) * 5, noise)


def test_salt_reads_back_and_lists_its_least_confident_bits() -> None:
    value = bytes(range(16))
    bits, mask = salt.plan(value, SIZE, SIZE)
    logits = _logits_for(bits, mask, 0)
    where = salt.positions(SIZE, SIZE)
    flat = logits.reshape(-1)
    flat[where[7]], flat[where[90]] = 0.5, -0.2  # bit 90 now reads wrong, with the least confidence
    reading = salt.read(flat.reshape(logits.shape))
    assert reading.doubtful == (90, 7)
    assert reading.salt != value and value in reading.candidates()
    assert len(set(reading.candidates())) == 2 ** salt.DOUBTFUL_BITS
    assert salt.acceptable(bits, value) and not salt.acceptable(1 - bits, value)


def test_the_salt_channel_has_nothing_an_observer_could_check(stego32) -> None:
    """Without the password an observer can read the public channel, so the salt positions must look
    like the rest of it: no copies or checksum, and no logits pushed past a margin (those sat above
    every cover's smallest values and marked the image). Their small values are as common as the
    channel's own, and the salt is as balanced as any 128 coin flips."""
    stego, _ = stego32
    logits = read_logits(public_decoder(), stego, "cpu", salt.CHANNELS).reshape(-1)
    at_salt = np.zeros(logits.size, dtype=bool)
    at_salt[salt.positions(SIZE, SIZE)] = True
    low = np.quantile(np.abs(logits[~at_salt]), 0.1)
    assert 0.02 <= float((np.abs(logits[at_salt]) < low).mean()) <= 0.25
    ones = int(np.unpackbits(np.frombuffer(engine.read_salt(stego).salt, dtype=np.uint8)).sum())
    assert 40 <= ones <= 88  # 128 fair coin flips: +-4.2 sd


def test_the_salt_is_what_the_cover_already_reads(stego32) -> None:
    stego, _ = stego32
    cover = load_cover(sample_path("cover"), SIZE)[0]
    assert engine.read_salt(stego).salt == engine.read_salt(cover).salt


def test_two_messages_in_one_cover_under_one_password_never_share_a_key_and_nonce() -> None:
    seed = bytes(range(32))
    message = payload.Message(b"same words, same cover, same password")
    first, second = payload.pack(message, seed), payload.pack(message, seed)
    assert first[payload.HEADER_BYTES:] != second[payload.HEADER_BYTES:]
    assert payload.unpack(first, "pw", seed) == payload.unpack(second, "pw", seed) == message


def test_too_small_for_a_salt_has_no_capacity() -> None:
    assert not salt.fits(4, 4) and payload.capacity(8, 8, 4) == 0
    assert salt.fits(SIZE, SIZE) and payload.capacity(SIZE, SIZE, 1) > 0


@pytest.fixture(scope="module")
def stego32() -> tuple[np.ndarray, bytes]:
    """A 32 px stego image and the number of scrypt runs its embedding made (fixed randomness: the salt
    checks below are statistical, and a fresh draw can fail them by chance)."""
    cover = load_cover(sample_path("cover"), SIZE)[0]
    with mock.patch.object(payload, "derive_seed", wraps=payload.derive_seed) as kdf, randomness.seeded(0):
        stego, _ = engine.embed_array(cover, payload.Message(b"salted", "s.txt"), "pw", bpp=2)
    return stego, kdf.call_count


def test_one_scrypt_per_embedding_and_one_per_salt_tried(stego32) -> None:
    """The recipient tries covert mode's salt first (one scrypt), then the neural salt as read: two for
    an intact fast-mode image, one for a covert one."""
    stego, embed_calls = stego32
    with mock.patch.object(payload, "derive_seed", wraps=payload.derive_seed) as kdf:
        assert engine.extract_array(stego, "pw").secret == payload.Message(b"salted", "s.txt")
    assert embed_calls == 1 and kdf.call_count == 2
    assert kdf.call_args.kwargs["n"] == 2**17
    assert [c.args[1] for c in kdf.call_args_list] == [covert.read_salt(stego), engine.read_salt(stego).salt]
    cover = load_cover(sample_path("cover"), 64)[0]
    quiet, _ = engine.embed_array(cover, payload.Message(b"covert salt"), "pw", bpp=0.5, mode="covert")
    with mock.patch.object(payload, "derive_seed", wraps=payload.derive_seed) as kdf:
        assert engine.extract_array(quiet, "pw").secret == payload.Message(b"covert salt")
    assert kdf.call_count == 1 and kdf.call_args.args[1] == covert.read_salt(cover)


def test_wrong_passwords_with_the_image_salt_read_far_from_damaged(stego32) -> None:
    stego, _ = stego32
    image_salt = engine.read_salt(stego).salt
    readings = [engine._find(stego, pw, payload.master_seed(pw, image_salt), "cpu", quiet())[1]
                for pw in (f"wrong {i}" for i in range(4))]
    assert min(readings) > payload.DAMAGED_KNOWN_BER + 0.05


def test_a_salt_bit_read_wrong_is_recovered_by_the_key_check(stego32) -> None:
    """A doubtful salt bit read the wrong way costs the recipient a few more scrypt runs, not the payload."""
    stego, _ = stego32
    good = engine.read_salt(stego)
    first = good.doubtful[0]
    bits = np.unpackbits(np.frombuffer(good.salt, dtype=np.uint8))
    bits[first] ^= 1
    misread = salt.SaltReading(np.packbits(bits).tobytes(), good.doubtful)
    with mock.patch.object(engine, "read_salt", return_value=misread):
        assert engine.extract_array(stego, "pw").secret == payload.Message(b"salted", "s.txt")
    with pytest.raises(payload.PayloadNotFound, match="password is wrong"):
        engine.extract_array(stego, "not pw")


GOLDEN_FILES = [("fnns_v2", "png"), ("fnns_v2_fraction", "png"), ("fnns_v2_covert", "png"), ("fnns_v2_robust", "png"),
                ("fnns_v2_robust", "jpg")]


@pytest.mark.parametrize(("stem", "suffix"), GOLDEN_FILES)
def test_format2_golden_images_extract(stem: str, suffix: str) -> None:
    """Dense 2 bpp, a fractional density (0.35), covert mode (0.25) and robust mode (75; also as the JPEG a
    recipient gets): scripts/make_fnns_golden.py."""
    expected = json.loads((DATA / f"{stem}_expected.json").read_text())
    got = files.extract_image(DATA / f"{stem}_stego.{suffix}", expected["password"])
    assert expected["format"] == payload.VERSION == 2
    assert got.secret == payload.Message(bytes.fromhex(expected["data_hex"]), expected["name"])
    assert (got.bpp, got.ecc, got.covert) == (expected["bpp"], expected["ecc"], expected.get("covert", False))
    assert got.jpeg_quality == expected.get("jpeg_quality")


def test_format1_golden_image_still_extracts() -> None:
    """Written by StegStudio 0.1.0: no salt channel, so it is read with the fixed salt at N=2^15."""
    image = load_png_exact(DATA / "fnns_v1_stego.png")
    got = engine.extract_array(image, "golden v1")
    assert got.secret == payload.Message(b"format 1 golden", "old.txt") and got.bpp == 2
    with pytest.raises(payload.PayloadNotFound, match="password is wrong"):
        engine.extract_array(image, "golden v2")


def test_salt_decoder_stacks_under_the_keyed_channels() -> None:
    from stegstudio.core.fnns.decoder import Stacked

    keyed = Decoder.from_seed(bytes(range(32)), 0)
    stacked = Stacked(keyed, public_decoder())
    x = torch.rand(1, 3, 16, 16, generator=torch.Generator().manual_seed(0))
    out = stacked.logits(x, 2 + salt.CHANNELS)
    torch.testing.assert_close(out[:, :2], keyed.logits(x, 2))
    torch.testing.assert_close(out[:, 2:], public_decoder().logits(x, salt.CHANNELS) * salt.LOGIT_SCALE)

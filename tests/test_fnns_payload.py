"""Framing properties: any bytes round-trip; errors within the ECC's reach are fixed; beyond it,
a clean error and never wrong bytes. Format 2 needs no scrypt once the seed is known; the real
pipeline throughout, on a fixed seed."""

from __future__ import annotations

from unittest import mock

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stegstudio.core.errors import InputError
from stegstudio.core.fnns import blocks, names, payload

H, W, BPP = 48, 48, 2
SEED = bytes(range(32))


def _roundtrip_bits(secret: payload.Message, ecc: str = "medium") -> tuple[blocks.BitPlan, bytes]:
    frame = payload.pack(secret, SEED, ecc)
    return blocks.plan_bits(frame, SEED, H, W, BPP, ecc), frame


def _read(bits: np.ndarray, ecc: str = "medium") -> payload.Message | None:
    frame = payload.read_frame(blocks.read_codeword(bits, SEED), SEED, blocks.layout(H, W, BPP, ecc))
    return None if frame is None else payload.unpack(frame, "pw", SEED)


cap = payload.capacity(H, W, BPP)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(min_size=1, max_size=cap), name=st.none() | st.text(min_size=1, max_size=20))
def test_any_bytes_round_trip(data: bytes, name: str | None) -> None:
    if name is not None and len(data) > payload.capacity(H, W, BPP, name=name):
        data = data[: payload.capacity(H, W, BPP, name=name)] or b"x"
    plan, _ = _roundtrip_bits(payload.Message(data, name))
    got = _read(plan.bits)
    assert got == payload.Message(data, None if name is None else names.safe_name(name))


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), ecc=st.sampled_from(list(payload.ECC_LEVELS)))
def test_byte_errors_within_reach_are_corrected(seed: int, ecc: str) -> None:
    rng = np.random.default_rng(seed)
    data = rng.integers(0, 256, payload.capacity(H, W, BPP, ecc), dtype=np.uint8).tobytes()
    plan, _ = _roundtrip_bits(payload.Message(data), ecc)
    lay = blocks.layout(H, W, BPP, ecc)
    stream = np.unpackbits(np.frombuffer(plan.codeword, dtype=np.uint8))
    start = 0
    for n, parity in lay.blocks[: plan.used_blocks]:
        for byte in rng.choice(n, size=parity // 2, replace=False):
            stream[8 * (start + byte) + rng.integers(8)] ^= 1
        start += n
    bits = _place(stream, plan.bits.shape)
    assert _read(bits, ecc) == payload.Message(data)


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), flips=st.integers(1, H * W * BPP // 3))
def test_beyond_reach_is_a_clean_error_never_wrong_bytes(seed: int, flips: int) -> None:
    rng = np.random.default_rng(seed)
    data = rng.integers(0, 256, cap, dtype=np.uint8).tobytes()
    plan, _ = _roundtrip_bits(payload.Message(data))
    bits = plan.bits.copy().reshape(-1)
    bits[rng.choice(bits.size, size=flips, replace=False)] ^= 1
    try:
        got = _read(bits.reshape(plan.bits.shape))
    except InputError:
        return
    assert got is None or got.data == data


def _place(stream: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    perm = payload.keystream.permutation(SEED, f"fnns/v1/perm/{shape[1]}x{shape[2]}x{shape[0]}", int(np.prod(shape)))
    bits = np.zeros(int(np.prod(shape)), dtype=np.uint8)
    bits[perm[: stream.size]] = stream
    return bits.reshape(shape)


def test_another_seed_fails_authentication() -> None:
    _, frame = _roundtrip_bits(payload.Message(b"hello"))
    with pytest.raises(payload.PayloadDamaged):
        payload.unpack(frame, "pw", bytes(32))


def test_empty_message_is_refused() -> None:
    with pytest.raises(InputError, match="empty"):
        payload.pack(payload.Message(b""), SEED)


def test_capacity_grows_with_bpp_and_shrinks_with_ecc() -> None:
    caps = [payload.capacity(128, 128, b) for b in range(1, 5)]
    assert caps == sorted(caps) and caps[0] > 0
    assert payload.capacity(128, 128, 1, "low") > payload.capacity(128, 128, 1, "high")
    assert payload.capacity(8, 8, 1) == 0


def test_capacity_is_exactly_usable() -> None:
    data = bytes(np.random.default_rng(0).integers(0, 256, cap, dtype=np.uint8))
    frame = payload.pack(payload.Message(data), SEED)
    assert blocks.blocks_needed(blocks.layout(H, W, BPP), len(frame)) > 0
    too_big = payload.pack(payload.Message(data + b"\x01"), SEED)
    assert blocks.blocks_needed(blocks.layout(H, W, BPP), len(too_big)) == 0


def test_master_seed_depends_on_the_salt_and_runs_scrypt_at_2_17() -> None:
    calls = []
    real = payload.derive_seed

    def spy(password: str, salt: bytes, n: int) -> bytes:
        calls.append((salt, n))
        return real(password, salt, n=2**10)

    with mock.patch.object(payload, "derive_seed", spy):
        a, b = payload.master_seed("pw", b"a" * 16), payload.master_seed("pw", b"b" * 16)
        legacy = payload.master_seed("pw")
    assert a != b and legacy not in (a, b)
    assert calls == [(b"a" * 16, 2**17), (b"b" * 16, 2**17), (payload.FORMAT1_SALT, 2**15)]
    with pytest.raises(InputError, match="password is empty"):
        payload.master_seed("", b"a" * 16)


def test_format2_cipher_comes_from_the_seed_and_the_headers_message_salt() -> None:
    """No cipher key or nonce travels: HKDF of the seed under the header's random message salt gives
    both, so the password is not needed again (no second scrypt) and no pair repeats."""
    frame = payload.pack(payload.Message(b"hello", "a.txt"), SEED, "high")
    assert payload.HEADER_BYTES == 74 and frame[:5] == b"SSFN\x02"
    assert payload.unpack(frame, "unused for format 2", SEED) == payload.Message(b"hello", "a.txt")
    tampered = bytearray(frame)
    tampered[payload.HEADER_BYTES - 1] ^= 1  # the message salt is authenticated with the header
    with pytest.raises(payload.PayloadDamaged):
        payload.unpack(bytes(tampered), "unused", SEED)


def test_a_newer_format_is_named() -> None:
    frame = bytearray(payload.pack(payload.Message(b"hello"), SEED))
    frame[4] = payload.VERSION + 1
    lay = blocks.layout(H, W, BPP)
    codeword = bytearray()
    pos = 0
    data = bytes(frame) + bytes(lay.data_bytes)
    for n, parity in lay.blocks:
        codeword += blocks.codec(parity).encode(data[pos : pos + n - parity])
        pos += n - parity
    with pytest.raises(InputError, match="newer StegStudio"):
        payload.read_frame(bytes(codeword), SEED, lay)


def test_a_decompression_bomb_is_refused() -> None:
    """A record that inflates past the cap stops at the cap instead of filling memory."""
    frame = payload.pack(payload.Message(bytes(5000)), SEED)
    assert len(frame) < 200  # it was stored compressed
    with mock.patch.object(payload, "MAX_RECORD_BYTES", 4000), pytest.raises(payload.PayloadDamaged, match="more"):
        payload.unpack(frame, "pw", SEED)
    assert payload.unpack(frame, "pw", SEED).data == bytes(5000)

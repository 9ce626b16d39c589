"""Golden vectors: these numbers define keystream ks1; changing them breaks every old container."""

import hashlib

import numpy as np
import pytest

from stegstudio.core import keystream

SEED = bytes(range(32))


def test_stream_bytes_are_pinned():
    assert keystream.stream_bytes(SEED, "golden", 16).hex() == GOLDEN_BYTES


def test_uniform_values_are_pinned():
    u = keystream.uniform01(SEED, "golden", 4)
    assert u.tolist() == GOLDEN_UNIFORM


def test_uniform_tensor_hash_is_pinned():
    w = keystream.uniform(SEED, "crossmodal/base/W0", (64, 3), -1 / 3, 1 / 3)
    assert w.dtype == np.float32
    assert hashlib.sha256(w.tobytes()).hexdigest() == GOLDEN_UNIFORM_SHA256


def test_normal_values_are_pinned():
    z = keystream.normal(SEED, "golden", (5,))
    np.testing.assert_allclose(z, GOLDEN_NORMAL, rtol=0, atol=1e-6)


def test_permutation_is_pinned():
    assert keystream.permutation(SEED, "golden", 10).tolist() == GOLDEN_PERMUTATION


def test_labels_and_seeds_give_independent_streams():
    a = keystream.uniform01(SEED, "a", 1000)
    b = keystream.uniform01(SEED, "b", 1000)
    c = keystream.uniform01(bytes(32), "a", 1000)
    assert abs(np.corrcoef(a, b)[0, 1]) < 0.1
    assert abs(np.corrcoef(a, c)[0, 1]) < 0.1
    assert a.min() >= 0.0 and a.max() < 1.0


def test_normal_statistics():
    z = keystream.normal(SEED, "stats", (100_000,), mean=1.0, std=2.0)
    assert abs(z.mean() - 1.0) < 0.03
    assert abs(z.std() - 2.0) < 0.03


def test_short_seed_is_refused():
    with pytest.raises(ValueError, match="128 bits"):
        keystream.stream_bytes(b"short", "x", 4)


GOLDEN_BYTES = "5872fe81c968d2cbf3c0c74824b0cc57"
GOLDEN_UNIFORM = [0.7961793415033698, 0.3429670418343269, 0.10339013735369895, 0.12379787873578507]
GOLDEN_UNIFORM_SHA256 = "9559df41796b0660a88f22f25382a2298a5e2b1c74596955e104b9bac2a38d23"
GOLDEN_NORMAL = [-0.9835767, 1.4878194, 0.3328408, 0.3278504, -1.7718204]
GOLDEN_PERMUTATION = [2, 3, 6, 1, 8, 5, 7, 0, 9, 4]


def test_uniform_follows_the_written_spec():
    """Re-derive u_0 from the module docstring's formula with nothing but hashlib."""
    raw = hashlib.shake_256(b"stegstudio/ks1\x00" + SEED + b"\x00" + b"golden").digest(8)
    u0 = (int.from_bytes(raw, "little") >> 11) * 2.0**-53
    assert keystream.uniform01(SEED, "golden", 1)[0] == u0

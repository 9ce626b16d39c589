"""Versioned deterministic number streams derived from a secret seed.

Everything a recipient must re-create (pre-defined network weights, decoder weights, bit
permutations) is drawn from here, never from torch/numpy global RNG state and never on a GPU:
those streams differ across devices and library versions, and a container must still reveal
years from now. The stream is specified, so it can be re-implemented in any language:

  stream "ks1": bytes(label, n) = SHAKE-256("stegstudio/ks1" 0x00 seed 0x00 label).digest(n)
  uniform:      u_i = (uint64_le(bytes[8i:8i+8]) >> 11) * 2**-53           (float64, in [0, 1))
  U(a, b):      a + (b - a) * u_i, computed in float64, then rounded to float32
  normal:       Box-Muller on consecutive pairs (u_2k, u_2k+1):
                r = sqrt(-2 ln(1 - u_2k)), z_2k = r cos(2 pi u_2k+1), z_2k+1 = r sin(2 pi u_2k+1)
  permutation:  the stable argsort of u_0 .. u_n-1 (ties, at 2**-53 spacing, keep index order)

Golden vectors in tests/test_keystream.py pin these exact numbers.
"""

from __future__ import annotations

import hashlib

import numpy as np

STREAM_VERSION = "ks1"
_DOMAIN = b"stegstudio/" + STREAM_VERSION.encode() + b"\x00"


def stream_bytes(seed: bytes, label: str, n: int) -> bytes:
    if len(seed) < 16:
        raise ValueError("seed must carry at least 128 bits")
    return hashlib.shake_256(_DOMAIN + seed + b"\x00" + label.encode("utf-8")).digest(n)


def uniform01(seed: bytes, label: str, n: int) -> np.ndarray:
    """n float64 values in [0, 1) with 53 random bits each."""
    words = np.frombuffer(stream_bytes(seed, label, 8 * n), dtype="<u8")
    return (words >> np.uint64(11)).astype(np.float64) * (2.0**-53)


def uniform(seed: bytes, label: str, shape: tuple[int, ...], low: float, high: float) -> np.ndarray:
    n = int(np.prod(shape))
    return (low + (high - low) * uniform01(seed, label, n)).astype(np.float32).reshape(shape)


def normal(seed: bytes, label: str, shape: tuple[int, ...], mean: float = 0.0, std: float = 1.0) -> np.ndarray:
    n = int(np.prod(shape))
    u = uniform01(seed, label, 2 * ((n + 1) // 2)).reshape(-1, 2)
    r = np.sqrt(-2.0 * np.log1p(-u[:, 0]))
    theta = 2.0 * np.pi * u[:, 1]
    z = np.stack([r * np.cos(theta), r * np.sin(theta)], axis=1).reshape(-1)[:n]
    return (mean + std * z).astype(np.float32).reshape(shape)


def permutation(seed: bytes, label: str, n: int) -> np.ndarray:
    return np.argsort(uniform01(seed, label, n), kind="stable")

"""Covert mode: the frame's bits as the syndrome-trellis syndrome of the lowest bits of the image's
colour samples, in a key-chosen order, with HILL costs deciding which samples change by +-1.

Why not a perturbation through the neural decoder: a dense optimised perturbation touches nearly
every sample, and a rich-model detector finds it at any density (benchmarks/results/detectability.json).
Adaptive embedding changes a few percent of the samples, in texture, each by one: the Viterbi search
of the code is the optimiser, and it finds the cheapest set of changes exactly. Each change goes up
or down at random (down at 255, up at 0): LSB matching, which leaves none of the pair structure
that the SPA/WS/chi-square attacks look for.

The receiver reads the same positions and computes the syndrome; it does not know the density, so it
tries each one on the grid (`density.read_with`), reading only the known header bits until one matches.

The salt: a hash of `SALT_SAMPLES` colour samples at public positions, which the embedding never
changes. Covert mode cannot use the neural salt channel of the other modes: that decoder normalises
by the image's own statistics, so on smooth covers a few +-1 changes anywhere flip its salt bits.
The samples are the cover's own, untouched, so they mark nothing; an edit to any of them makes the
image read like a wrong password, never like wrong bytes.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache

import numpy as np

from stegstudio.core import keystream, randomness
from stegstudio.core.fnns import costs, density, stc

LABEL = "fnns/v2/covert"
WET = 1e13  # cost of a sample that must not change (a salt sample)
SAMPLES_PER_PIXEL = 3
SALT_SAMPLES = 1024  # at most; an eighth of the samples on small images
SALT_SEED = b"stegstudio/fnns/v2/covert-salt-positions"  # public on purpose: the salt is read before the password
SALT_BYTES = 16


@lru_cache(maxsize=8)
def salt_positions(height: int, width: int) -> np.ndarray:
    """Flat H x W x 3 indices of the public samples the salt is read from."""
    samples = SAMPLES_PER_PIXEL * height * width
    chosen = keystream.permutation(SALT_SEED, f"{LABEL}/salt/{height}x{width}", samples)
    return chosen[: min(SALT_SAMPLES, samples // 8)]


def read_salt(image: np.ndarray) -> bytes:
    """The image's covert-mode salt: SHA-256 of its public salt samples, cut to 128 bits."""
    h, w = image.shape[:2]
    values = image.reshape(-1)[salt_positions(h, w)].tobytes()
    return hashlib.sha256(LABEL.encode() + b"/salt\x00" + values).digest()[:SALT_BYTES]


@lru_cache(maxsize=2)  # one per seed a job uses; large images make each one large
def order(seed: bytes, height: int, width: int) -> np.ndarray:
    """The key's order of the image's colour samples (flat H x W x 3 indices)."""
    return keystream.permutation(seed, f"{LABEL}/order/{height}x{width}", SAMPLES_PER_PIXEL * height * width)


def _code(seed: bytes, height: int, width: int, bpp: float) -> tuple[int, np.ndarray]:
    """Message bits and keyed STC submatrix of one image size and density."""
    message_bits = density.bits(height, width, bpp)
    samples = SAMPLES_PER_PIXEL * height * width
    columns = stc.submatrix(seed, f"{LABEL}/stc/{height}x{width}/{density.steps(bpp)}", -(-samples // message_bits))
    return message_bits, columns


def lowest_bits(image: np.ndarray, seed: bytes) -> np.ndarray:
    """The lowest bit of every colour sample, in the key's order."""
    h, w = image.shape[:2]
    return (image.reshape(-1)[order(seed, h, w)] & 1).astype(np.uint8)


def read_codeword(lowest: np.ndarray, height: int, width: int, seed: bytes, bpp: float,
                  count: int | None = None) -> bytes:
    """The first `count` codeword bytes (default all) an image of this size carries at density `bpp`,
    from its `lowest_bits` (read once, then tried at every density)."""
    message_bits, columns = _code(seed, height, width, bpp)
    bits = stc.syndrome(lowest, message_bits, columns, None if count is None else 8 * count)
    return np.packbits(bits[: bits.size - bits.size % 8]).tobytes()


def embed(cover: np.ndarray, codeword: bytes, seed: bytes, bpp: float) -> np.ndarray:
    """The cover with `codeword` hidden at density `bpp`; the salt samples keep their values."""
    h, w = cover.shape[:2]
    message_bits, columns = _code(seed, h, w, bpp)
    where = order(seed, h, w)
    flat = cover.reshape(-1)
    price = costs.hill_rgb(cover).reshape(-1).astype(np.float64)
    price[salt_positions(h, w)] = WET
    lsb = (flat[where] & 1).astype(np.uint8)
    message = np.unpackbits(np.frombuffer(codeword, dtype=np.uint8))
    stego_bits = stc.embed(lsb, price[where], message, message_bits, columns)
    changed = where[stego_bits != lsb]
    values = flat[changed].astype(np.int16)
    up = np.unpackbits(np.frombuffer(randomness.token_bytes(-(-changed.size // 8)), dtype=np.uint8))[: changed.size]
    step = np.where(values == 0, 1, np.where(values == 255, -1, np.where(up == 1, 1, -1)))
    out = flat.copy()
    out[changed] = (values + step).astype(np.uint8)
    return out.reshape(cover.shape)


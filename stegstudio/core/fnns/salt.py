"""The per-image salt channel: where a public decoder reads the scrypt salt, and how it is read.

Why a channel: the master seed is scrypt(password, salt) with a salt of its own per image, so that no
dictionary of passwords can be computed once for every image. The recipient has only the image,
so the salt travels in it and must be readable before the password is tried. A second decoder,
built from a public seed (`decoder.public_decoder`), reads `SALT_BITS` bits at public,
key-independent positions of its `CHANNELS` outputs; the sender optimises one perturbation that
makes both decoders read their bits.

Why no redundancy: anything a recipient can check before knowing the password, anyone can check,
so repeated copies of the salt (or a public checksum, or logits pushed past a margin) would tell
every observer that an image carries a payload. The salt is therefore 128 plain bits, the ones the
cover already reads, kept by the optimiser with a margin far inside the logits' natural spread. Small
edits are survived by trying, after the salt as read, the variants with its least confident bits
flipped (`candidates`); each candidate costs the recipient one scrypt, and only the password's
key check can tell the right one.

This module is torch-free (payload sizes are checked from the Qt side); the decoder lives in
`decoder.py`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from stegstudio.core import keystream

SALT_BYTES = 16
SALT_BITS = 8 * SALT_BYTES
CHANNELS = 4  # public decoder outputs per pixel that may carry a salt bit
PUBLIC_SEED = b"stegstudio/fnns/v2/public-salt-decoder"  # public on purpose: no secret goes in
DOUBTFUL_BITS = 2  # the least confident bits whose flips are tried: 2**2 = 4 candidate salts
LOGIT_SCALE = 20.0  # the optimiser sees salt logits x20, so its margins there are 1/20 of the payload's


def fits(height: int, width: int) -> bool:
    """Whether an image of this size has room for the salt."""
    return CHANNELS * height * width >= SALT_BITS


@lru_cache(maxsize=16)
def positions(height: int, width: int) -> np.ndarray:
    """Flat indices into the public outputs (CHANNELS, H, W): bit i of the salt at [i]."""
    perm = keystream.permutation(PUBLIC_SEED, f"fnns/v2/salt/{height}x{width}", CHANNELS * height * width)
    return perm[:SALT_BITS]


def plan(salt: bytes, height: int, width: int) -> tuple[np.ndarray, np.ndarray]:
    """Target bits and mask (CHANNELS, H, W) of the public outputs for `salt`."""
    if len(salt) != SALT_BYTES or not fits(height, width):
        raise ValueError("salt of the wrong length, or an image too small for it; check fits() first")
    bits = np.zeros(CHANNELS * height * width, dtype=np.uint8)
    mask = np.zeros(bits.size, dtype=bool)
    where = positions(height, width)
    bits[where] = np.unpackbits(np.frombuffer(salt, dtype=np.uint8))
    mask[where] = True
    shape = (CHANNELS, height, width)
    return bits.reshape(shape), mask.reshape(shape)


@dataclass(frozen=True)
class SaltReading:
    """The salt bits as read, and which of them were read with the least confidence."""

    salt: bytes
    doubtful: tuple[int, ...]  # bit indices, least confident first

    def candidates(self) -> list[bytes]:
        """The salt as read first, then with every combination of its doubtful bits flipped."""
        bits = np.unpackbits(np.frombuffer(self.salt, dtype=np.uint8))
        out = []
        for combo in range(2 ** len(self.doubtful)):
            flipped = bits.copy()
            for k, index in enumerate(self.doubtful):
                if combo >> k & 1:
                    flipped[index] ^= 1
            out.append(np.packbits(flipped).tobytes())
        return out


def acceptable(bits: np.ndarray, value: bytes) -> bool:
    """Whether decided public bits (CHANNELS, H, W) carry every bit of the salt `value`."""
    _, height, width = bits.shape
    read = bits.reshape(-1)[positions(height, width)]
    return bool(np.array_equal(read, np.unpackbits(np.frombuffer(value, dtype=np.uint8))))


def read(logits: np.ndarray) -> SaltReading:
    """The salt out of the public decoder's logits (CHANNELS, H, W) of an image."""
    _, height, width = logits.shape
    if not fits(height, width):
        return SaltReading(bytes(SALT_BYTES), ())
    return read_values(logits.reshape(-1)[positions(height, width)])


def read_values(values: np.ndarray) -> SaltReading:
    """The salt out of its `SALT_BITS` signed values (a bit is 1 where its value is positive)."""
    bits = (values > 0).astype(np.uint8)
    doubtful = tuple(int(i) for i in np.argsort(np.abs(values), kind="stable")[:DOUBTFUL_BITS])
    return SaltReading(np.packbits(bits).tobytes(), doubtful)

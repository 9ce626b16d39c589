"""The per-image salt channel: where a public decoder reads the scrypt salt, and how it is voted.

Why a channel: the master seed is scrypt(password, salt) with a fresh salt per image, so that no
dictionary of passwords can be computed once for every image. The recipient has only the image,
so the salt travels in it and must be readable before the password is tried. A second decoder,
built from a public seed (`decoder.public_decoder`), reads `SALT_BITS` bits, each repeated
`COPIES` times at public, key-independent positions of its `CHANNELS` outputs; the sender
optimises one perturbation that makes both decoders read their bits.

What it reveals: the salt is fresh random bits, so its value says nothing about the password or
the message. Its repetition is public, though: in a stego image every copy agrees, in any other
image three copies agree by chance for 1 bit in 4, so anyone can tell that an image carries a
StegStudio payload of format 2, without a password. Any redundancy a recipient can check before
knowing the key is as checkable by everyone; the redundancy is what keeps the salt exact under
small edits and what lets the recipient tell a damaged salt from a wrong password.

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
COPIES = 3  # odd, so a majority always exists; 5 made small embeddings much harder
CHANNELS = 4  # public decoder outputs per pixel that may carry a copy
PUBLIC_SEED = b"stegstudio/fnns/v2/public-salt-decoder"  # public on purpose: no secret goes in
# Bits whose copies all agree: a stego image has all 128; any other image ~32 (1 in 4, sd 4.9);
# so 60 or more means "this image carries a salt" (5.7 sd: no false alarm to speak of), and still
# holds when a sixth of the copies read wrong (then ~74 agree).
PRESENT_UNANIMOUS = 60
# Bits the sender may leave with one wrong copy (still a 2-of-3 majority): now and then a copy sits
# where the image can hardly move it, and waiting for it cost a 32 px embedding 40 steps and 5 dB.
SLACK = 4


def fits(height: int, width: int) -> bool:
    """Whether an image of this size has room for every copy of the salt."""
    return CHANNELS * height * width >= SALT_BITS * COPIES


@lru_cache(maxsize=16)
def positions(height: int, width: int) -> np.ndarray:
    """Flat indices into the public outputs (CHANNELS, H, W): copy c of bit i at [c * SALT_BITS + i]."""
    perm = keystream.permutation(PUBLIC_SEED, f"fnns/v2/salt/{height}x{width}", CHANNELS * height * width)
    return perm[: SALT_BITS * COPIES]


def plan(salt: bytes, height: int, width: int) -> tuple[np.ndarray, np.ndarray]:
    """Target bits and mask (CHANNELS, H, W) of the public outputs for `salt`."""
    if len(salt) != SALT_BYTES or not fits(height, width):
        raise ValueError("salt of the wrong length, or an image too small for it; check fits() first")
    stream = np.tile(np.unpackbits(np.frombuffer(salt, dtype=np.uint8)), COPIES)
    bits = np.zeros(CHANNELS * height * width, dtype=np.uint8)
    mask = np.zeros(bits.size, dtype=bool)
    where = positions(height, width)
    bits[where] = stream
    mask[where] = True
    shape = (CHANNELS, height, width)
    return bits.reshape(shape), mask.reshape(shape)


@dataclass(frozen=True)
class SaltReading:
    """The majority vote of every salt bit and how many bits were voted unanimously."""

    salt: bytes
    unanimous: int

    @property
    def present(self) -> bool:
        """The copies agree far more than chance: the image carries a salt (maybe damaged)."""
        return self.unanimous >= PRESENT_UNANIMOUS

    @property
    def intact(self) -> bool:
        """The copies agree as well as the sender left them: the salt is as it was written."""
        return self.unanimous >= SALT_BITS - SLACK


def acceptable(bits: np.ndarray, value: bytes) -> bool:
    """Whether decided public bits (CHANNELS, H, W) carry the salt `value` as the sender must leave it: every
    bit's majority right, at most one copy wrong per bit, and on at most `SLACK` bits."""
    _, height, width = bits.shape
    copies = bits.reshape(-1)[positions(height, width)].reshape(COPIES, SALT_BITS)
    wrong = (copies != np.unpackbits(np.frombuffer(value, dtype=np.uint8))).sum(axis=0)
    return int(wrong.max()) <= 1 and int((wrong > 0).sum()) <= SLACK


def read(logits: np.ndarray) -> SaltReading:
    """Vote the salt out of the public decoder's logits (CHANNELS, H, W) of an image."""
    _, height, width = logits.shape
    if not fits(height, width):
        return SaltReading(bytes(SALT_BYTES), 0)
    copies = (logits.reshape(-1)[positions(height, width)] > 0).reshape(COPIES, SALT_BITS)
    ones = copies.sum(axis=0)
    bits = (2 * ones > COPIES).astype(np.uint8)
    unanimous = int(((ones == 0) | (ones == COPIES)).sum())
    return SaltReading(np.packbits(bits).tobytes(), unanimous)

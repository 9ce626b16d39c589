"""Frame bytes to decoder bits and back: Reed-Solomon blocks, and their bits placed over the
decoder's H x W x D outputs in a key-derived order (the first `density.bits` positions of it).

Blocks are systematic (each is its data bytes followed by its parity) and of near-equal length, so no
block is a weak short tail. A frame fills only as many blocks as it needs; the other outputs carry
nothing, and the optimiser is free to leave them as they are.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from reedsolo import ReedSolomonError, RSCodec

from stegstudio.core import keystream, randomness
from stegstudio.core.errors import InputError
from stegstudio.core.fnns import density, robust

RS_BLOCK = 255
# Parity share of each Reed-Solomon block; a block corrects half its parity bytes.
ECC_LEVELS: dict[str, float] = {"high": 0.25, "medium": 0.125, "low": 0.0625}  # strongest first
DEFAULT_ECC = "medium"


@dataclass(frozen=True)
class Layout:
    """How the codeword bytes of one image size, density and ECC level are cut into RS blocks."""

    n_bits: int
    blocks: tuple[tuple[int, int], ...]  # (block length, parity bytes) in order
    ecc: str = DEFAULT_ECC

    @property
    def data_bytes(self) -> int:
        return sum(n - p for n, p in self.blocks)


def layout(height: int, width: int, bpp: float, ecc: str = DEFAULT_ECC, mode: str = "fast") -> Layout:
    """Blocks of near-equal length (at most 255) so no block is a weak short tail; robust mode's bits
    are its carriers, whatever `bpp` says."""
    if ecc not in ECC_LEVELS:
        raise InputError(f"unknown ECC level '{ecc}'; use one of {', '.join(ECC_LEVELS)}")
    n_bits = robust.bit_count(height, width) if mode == "robust" else density.bits(height, width, bpp)
    total = n_bits // 8
    if total == 0:
        return Layout(n_bits, (), ecc)
    count = -(-total // RS_BLOCK)
    base, extra = divmod(total, count)
    blocks = []
    for i in range(count):
        n = base + (1 if i < extra else 0)
        parity = max(2, 2 * round(ECC_LEVELS[ecc] * n / 2))
        blocks.append((n, parity))
    return Layout(n_bits, tuple(blocks), ecc)


@lru_cache(maxsize=8)
def codec(parity: int) -> RSCodec:
    return RSCodec(parity, nsize=RS_BLOCK)


@lru_cache(maxsize=16)
def permutation(seed: bytes, height: int, width: int, outputs: int) -> np.ndarray:
    """The order of the bits over `outputs` decoder outputs per pixel."""
    return keystream.permutation(seed, f"fnns/v1/perm/{height}x{width}x{outputs}", height * width * outputs)


def blocks_needed(lay: Layout, frame_len: int) -> int:
    """How many leading blocks hold a frame of `frame_len` bytes (0 if it does not fit)."""
    room = 0
    for i, (n, parity) in enumerate(lay.blocks):
        room += n - parity
        if room >= frame_len:
            return i + 1
    return 0


@dataclass(frozen=True)
class BitPlan:
    """The target bit of every decoder output and which outputs carry payload at all."""

    bits: np.ndarray  # uint8 (D, H, W), D = density.channels(bpp)
    mask: np.ndarray  # bool (D, H, W)
    codeword: bytes
    used_blocks: int


def encode(frame: bytes, lay: Layout) -> tuple[bytes, int]:
    """The codeword of a frame (random fill to the end of its last block) and how many blocks it uses."""
    used = blocks_needed(lay, len(frame))
    if used == 0:
        raise ValueError("frame does not fit; check capacity() first")
    room = sum(n - p for n, p in lay.blocks[:used])
    data = frame + randomness.token_bytes(room - len(frame))
    codeword = bytearray()
    pos = 0
    for n, parity in lay.blocks[:used]:
        codeword += codec(parity).encode(data[pos : pos + n - parity])
        pos += n - parity
    return bytes(codeword), used


def plan_bits(frame: bytes, seed: bytes, height: int, width: int, bpp: float, ecc: str = DEFAULT_ECC) -> BitPlan:
    """RS-encode the frame and place its bits over the `density.channels(bpp)` decoder outputs."""
    codeword, used = encode(frame, layout(height, width, bpp, ecc))
    stream = np.unpackbits(np.frombuffer(codeword, dtype=np.uint8))
    outputs = density.channels(bpp)
    where = permutation(seed, height, width, outputs)[: stream.size]
    bits = np.zeros(outputs * height * width, dtype=np.uint8)
    mask = np.zeros(bits.size, dtype=bool)
    bits[where] = stream
    mask[where] = True
    shape = (outputs, height, width)
    return BitPlan(bits.reshape(shape), mask.reshape(shape), codeword, used)


def read_codeword(bits: np.ndarray, seed: bytes) -> bytes:
    """Gather the codeword bytes from decoded bits (D, H, W) in the permuted order."""
    outputs, height, width = bits.shape
    stream = bits.reshape(-1)[permutation(seed, height, width, outputs)]
    usable = stream.size - stream.size % 8
    return np.packbits(stream[:usable]).tobytes()


def block_errors(codeword: bytes, sent: bytes, lay: Layout, used: int) -> list[int]:
    """Byte errors per used block between what was read and what was sent."""
    read = np.frombuffer(codeword[: len(sent)], dtype=np.uint8)
    diff = read != np.frombuffer(sent, dtype=np.uint8)
    out, pos = [], 0
    for n, _ in lay.blocks[:used]:
        out.append(int(diff[pos : pos + n].sum()))
        pos += n
    return out


def decode_block(codeword: bytes, lay: Layout, index: int) -> bytes | None:
    start = sum(n for n, _ in lay.blocks[:index])
    n, parity = lay.blocks[index]
    try:
        return bytes(codec(parity).decode(codeword[start : start + n])[0])
    except ReedSolomonError:
        return None

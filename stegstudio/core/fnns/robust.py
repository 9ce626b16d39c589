"""Robust mode: bits carried by the low-frequency DCT content of the image's luminance, the part JPEG
keeps, so the payload survives recompression down to a chosen quality.

The decoder is fixed and keyed, like the neural one: bit j is read from a spread projection of
`SPREAD` luminance DCT coefficients (8x8 blocks aligned as JPEG aligns them, zig-zag frequencies 1-9,
the pair chosen and signed by the key), quantised by dither modulation with step `step(quality)`
(spread-transform dither modulation, Chen and Wornell 2001). For such a decoder the optimal
perturbation is closed-form: move each projection to the nearest lattice point of its bit, in
the luminance only (the same change in R, G and B leaves JPEG's chroma untouched). The job is then
finished against the real encoder: each round re-encodes the image with Pillow's JPEG at the target
quality, measures where every projection landed, and pre-compensates that drift (`ROUNDS`).

Why not the neural decoder: its features live in the high frequencies JPEG quantises away, so a
stego image recompressed at quality 95 already reads as noise (benchmarks/results/robustness.json).

The receiver does not know the quality the sender chose: it reads the known header bits at each step
of `QUALITIES` and decodes the best-reading steps first.

The salt: `SALT_BITS` signs of public projections of the blocks' DC terms (the block means), which
the embedding's lattice moves leave alone (they are AC terms) and JPEG moves little. Little is not
nothing: near black or white, clipping shifts block means by tens of units, so the sender moves the
few salt projections closer to zero than `SALT_MARGIN` out to it (block means shifted by a fraction of
a grey level). That is a public sign of robust mode that anyone with this code can check without the
password (a robust PNG has no salt projection under the margin; a natural image has a few), on top
of the dense low-frequency change any detector sees: robust mode does not claim to be hard to detect.
The least confident bits are still retried (`salt.SaltReading.candidates`), as in fast mode.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from stegstudio.core import keystream
from stegstudio.core.fnns import salt
from stegstudio.core.media import jpeg as jpeg_codec

LABEL = "fnns/v2/robust"
BLOCK = 8
SPREAD = 2  # coefficients per bit
FREQUENCIES = 9  # zig-zag positions 1..9: the lowest AC frequencies, kept by JPEG and by mild resizing
QUALITIES = jpeg_codec.QUALITIES
DEFAULT_QUALITY = 75
STEP_FACTOR = 6.0  # lattice step over JPEG's mean quantisation step at these frequencies
ROUNDS = 4  # real-encoder rounds
SALT_TERMS = 15  # block means per public salt projection (odd: a flat image still reads large values)
SALT_MARGIN = 64.0  # the sender keeps every salt projection at least this far from zero (DC units: 8 x mean)
SALT_SEED = b"stegstudio/fnns/v2/robust-salt"  # public on purpose: the salt is read before the password


def _zigzag() -> np.ndarray:
    """Flat (row * 8 + column) indices of the 8x8 block in JPEG's zig-zag order."""
    cells = [(u, v) for u in range(BLOCK) for v in range(BLOCK)]
    cells.sort(key=lambda c: (c[0] + c[1], c[1] if (c[0] + c[1]) % 2 else c[0]))
    return np.array([u * BLOCK + v for u, v in cells])


_FREQS = _zigzag()[1 : FREQUENCIES + 1]
_DCT = np.array([[np.sqrt((1 if k == 0 else 2) / BLOCK) * np.cos(np.pi * (2 * n + 1) * k / (2 * BLOCK))
                  for n in range(BLOCK)] for k in range(BLOCK)])  # orthonormal DCT-II matrix


def step(quality: int) -> float:
    """The lattice step for a target quality: a multiple of libjpeg's mean step at the carrier frequencies."""
    return STEP_FACTOR * float(jpeg_codec.table("luma", quality).reshape(-1)[_FREQS].mean())


def bit_count(height: int, width: int) -> int:
    """How many bits an image of this size carries in robust mode."""
    return (height // BLOCK) * (width // BLOCK) * FREQUENCIES // SPREAD


def fits(height: int, width: int) -> bool:
    """Whether the image has blocks enough for the public salt."""
    return (height // BLOCK) * (width // BLOCK) > SALT_TERMS


def _luma(image: np.ndarray) -> np.ndarray:
    """JPEG's (JFIF) luminance of the full 8x8 blocks, centred on 0."""
    h, w = (image.shape[0] // BLOCK) * BLOCK, (image.shape[1] // BLOCK) * BLOCK
    rgb = image[:h, :w].astype(np.float64)
    return 0.299 * rgb[..., 0] + 0.587 * rgb[..., 1] + 0.114 * rgb[..., 2] - 128.0


def coefficients(image: np.ndarray) -> np.ndarray:
    """The luminance DCT coefficients, (blocks, 64), blocks in row-major order."""
    y = _luma(image)
    hb, wb = y.shape[0] // BLOCK, y.shape[1] // BLOCK
    tiles = y.reshape(hb, BLOCK, wb, BLOCK).transpose(0, 2, 1, 3)
    return (_DCT @ tiles @ _DCT.T).reshape(hb * wb, BLOCK * BLOCK)


def _pixels(coeffs: np.ndarray, height: int, width: int) -> np.ndarray:
    """The luminance change (H, W) of a change of coefficients; zero outside the full blocks."""
    hb, wb = height // BLOCK, width // BLOCK
    tiles = _DCT.T @ coeffs.reshape(hb, wb, BLOCK, BLOCK) @ _DCT
    out = np.zeros((height, width))
    out[: hb * BLOCK, : wb * BLOCK] = tiles.transpose(0, 2, 1, 3).reshape(hb * BLOCK, wb * BLOCK)
    return out


@lru_cache(maxsize=4)
def carriers(seed: bytes, height: int, width: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The key's carriers: flat coefficient indices (bits, SPREAD), their signs (bits, SPREAD) scaled to a
    unit vector, and each bit's dither as a share of the step (bits,)."""
    n = bit_count(height, width)
    blocks = (height // BLOCK) * (width // BLOCK)
    pool = (np.arange(blocks)[:, None] * BLOCK * BLOCK + _FREQS[None, :]).reshape(-1)
    where = pool[keystream.permutation(seed, f"{LABEL}/carriers/{height}x{width}", pool.size)[: n * SPREAD]]
    signs = np.where(keystream.uniform01(seed, f"{LABEL}/signs/{height}x{width}", n * SPREAD) < 0.5, -1.0, 1.0)
    dither = keystream.uniform01(seed, f"{LABEL}/dither/{height}x{width}", n)
    return where.reshape(n, SPREAD), signs.reshape(n, SPREAD) / np.sqrt(SPREAD), dither


def _projections(coeffs: np.ndarray, where: np.ndarray, signs: np.ndarray) -> np.ndarray:
    return (coeffs.reshape(-1)[where] * signs).sum(axis=1)


def read_bits(image: np.ndarray, seed: bytes, qualities: Sequence[int]) -> list[np.ndarray]:
    """Every carrier's bit (uint8) decoded with the step of each quality in turn; the projections do not
    depend on the step, so the image's DCT is taken once."""
    h, w = image.shape[:2]
    where, signs, dither = carriers(seed, h, w)
    projected = _projections(coefficients(image), where, signs)
    out = []
    for quality in qualities:
        delta = step(quality)
        cells = np.round((projected - dither * delta) / (delta / 2))
        out.append((cells.astype(np.int64) % 2).astype(np.uint8))
    return out


def read_codeword(bits: np.ndarray) -> bytes:
    """Carrier bits, in key order, as codeword bytes."""
    return np.packbits(bits[: bits.size - bits.size % 8]).tobytes()


def embed(cover: np.ndarray, codeword: bytes, seed: bytes, quality: int) -> np.ndarray:
    """The cover with the codeword's bits on the first carriers, finished against Pillow's JPEG at `quality`."""
    h, w = cover.shape[:2]
    bits = np.unpackbits(np.frombuffer(codeword, dtype=np.uint8)).astype(np.float64)
    where, signs, dither = carriers(seed, h, w)
    where, signs, dither = where[: bits.size], signs[: bits.size], dither[: bits.size]
    delta = step(quality)
    offset = (dither + bits / 2) * delta
    cover_coeffs = coefficients(cover)
    start = _projections(cover_coeffs, where, signs)
    goal = np.round((start - offset) / delta) * delta + offset
    aim = goal.copy()
    base = cover.astype(np.float64)
    change = np.zeros((h, w))
    salt_signs = np.sign(_salt_values(cover)) if fits(h, w) else None
    stego, now = cover, start
    for _ in range(ROUNDS):
        delta_coeffs = np.zeros(cover_coeffs.size)
        np.add.at(delta_coeffs, where.reshape(-1), (signs * (aim - now)[:, None]).reshape(-1))
        if salt_signs is not None:
            delta_coeffs[:: BLOCK * BLOCK] += _salt_push(stego, salt_signs)
        change += _pixels(delta_coeffs, h, w)
        stego = np.clip(np.round(base + change[..., None]), 0, 255).astype(np.uint8)
        now = _projections(coefficients(stego), where, signs)
        aim -= 0.5 * (_projections(coefficients(jpeg_codec.round_trip(stego, quality)), where, signs) - goal)
    return stego


def _salt_push(image: np.ndarray, salt_signs: np.ndarray) -> np.ndarray:
    """DC changes per block that take every salt projection closer to zero than `SALT_MARGIN` (or on the
    wrong side of it) out to the margin on the cover's side, shared over the projection's blocks."""
    h, w = image.shape[:2]
    picks, terms = _salt_terms(h, w)
    short = np.maximum(0.0, SALT_MARGIN * 1.25 - salt_signs * _salt_values(image))
    short[short <= SALT_MARGIN * 0.25] = 0.0  # at the margin already
    push = np.zeros((h // BLOCK) * (w // BLOCK))
    np.add.at(push, picks.reshape(-1), (terms * (salt_signs * short / SALT_TERMS)[:, None]).reshape(-1))
    return push


@lru_cache(maxsize=16)
def _salt_terms(height: int, width: int) -> tuple[np.ndarray, np.ndarray]:
    """Public block indices (SALT_BITS, SALT_TERMS) and signs of the salt projections."""
    blocks = (height // BLOCK) * (width // BLOCK)
    label = f"{LABEL}/salt/{height}x{width}"
    picks = np.stack([keystream.permutation(SALT_SEED, f"{label}/{i}", blocks)[:SALT_TERMS]
                      for i in range(salt.SALT_BITS)])
    signs = np.where(keystream.uniform01(SALT_SEED, f"{label}/signs", picks.size) < 0.5, -1.0, 1.0)
    return picks, signs.reshape(picks.shape)


def _salt_values(image: np.ndarray) -> np.ndarray:
    h, w = image.shape[:2]
    picks, signs = _salt_terms(h, w)
    return (coefficients(image)[:, 0][picks] * signs).sum(axis=1)


def read_salt(image: np.ndarray) -> salt.SaltReading:
    """The image's robust-mode salt, read from its block means with no password."""
    h, w = image.shape[:2]
    if not fits(h, w):
        return salt.SaltReading(bytes(salt.SALT_BYTES), ())
    return salt.read_values(_salt_values(image))

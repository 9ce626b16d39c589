"""Embedding densities: bits per pixel of the image, from 0.05 to 4 in steps of 0.05.

Why a grid: the receiver is not told the density, so it tries each one; 80 steps are cheap to try
(the known header bits are read once per decoder width, and only a matching read is decoded),
while any real number would not be. A fractional density uses the first bits of the key's
permutation over the decoder's `channels(bpp)` outputs, so which positions carry bits is the key's
choice. Integer densities read exactly as before fractions existed.

Torch-free, so the Qt side can check a density without importing the engine.
"""

from __future__ import annotations

import math

from stegstudio.core.errors import InputError

STEPS_PER_BIT = 20  # density grid: 1/20 = 0.05 bit per pixel
MIN_BPP = 1 / STEPS_PER_BIT
MAX_BPP = 4  # the decoder's output channels
COVERT_MAX_BPP = 1  # covert mode's syndrome code: up to one message bit per three colour samples
# Covert mode's density recommended for low detectability: on the benchmark's 100 covers the learned
# detector found it less often than LSB matching and about as often as HILL carrying the same bits
# (benchmarks/results/detectability.json; tests/test_detectability_claims.py holds the JSON to it).
# Higher densities were measured on too few covers to recommend them.
RECOMMENDED_COVERT_BPP = 0.25


def highest(mode: str) -> float:
    """The highest density an embedding mode carries (covert mode's code: one bit per three samples)."""
    return COVERT_MAX_BPP if mode == "covert" else MAX_BPP


def steps(bpp: float) -> int:
    """The density in grid steps (0.25 bpp -> 5)."""
    return round(bpp * STEPS_PER_BIT)


def normalise(bpp: float) -> float:
    """The density as the user reads it: an int when it is whole (1, not 1.0), else rounded to the grid."""
    s = steps(bpp)
    return s // STEPS_PER_BIT if s % STEPS_PER_BIT == 0 else s / STEPS_PER_BIT


def check(bpp: float, most: float = MAX_BPP) -> float:
    """The density on the grid, or an InputError that names the nearest valid ones."""
    try:
        value = float(bpp)
    except (TypeError, ValueError):
        raise InputError(f"--bpp {bpp!r}: bits per pixel must be a number from {MIN_BPP:g} to {most:g}") from None
    if not math.isfinite(value) or not MIN_BPP - 1e-9 <= value <= most + 1e-9:
        raise InputError(f"--bpp {bpp}: bits per pixel must be from {MIN_BPP:g} to {most:g}")
    if abs(value * STEPS_PER_BIT - steps(value)) > 1e-6:
        lo = math.floor(value * STEPS_PER_BIT) / STEPS_PER_BIT
        raise InputError(f"--bpp {bpp}: densities go in steps of {MIN_BPP:g}; use {lo:g} or {lo + MIN_BPP:g}")
    return normalise(value)


def bits(height: int, width: int, bpp: float) -> int:
    """How many bits an image of this size carries at `bpp`."""
    return height * width * steps(bpp) // STEPS_PER_BIT


def channels(bpp: float) -> int:
    """Decoder outputs per pixel a density needs (0.25 -> 1, 1.5 -> 2)."""
    return -(-steps(bpp) // STEPS_PER_BIT)


def read_with(channel_count: int, most: float = MAX_BPP) -> list[float]:
    """The densities a receiver tries on `channel_count` decoder outputs: the whole one first (the
    default), then downward in grid steps."""
    top = min(channel_count * STEPS_PER_BIT, steps(most))
    bottom = (channel_count - 1) * STEPS_PER_BIT
    return [normalise(s / STEPS_PER_BIT) for s in range(top, bottom, -1)]


def label(bpp: float) -> str:
    """A density as text: 1, 0.25, 1.5."""
    return f"{normalise(bpp):g}"

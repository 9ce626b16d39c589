"""Typed argparse options that refuse what no job can use (NaN, negative rates, zero sizes) before any
work starts, with the allowed range in argparse's own usage message (exit code 2)."""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable


def int_range(low: int, high: int | None = None) -> Callable[[str], int]:
    """An integer option between `low` and `high` (inclusive; no upper bound when None)."""
    span = f"from {low} to {high}" if high is not None else f"{low} or more"

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"'{text}' is not a whole number; give one {span}") from None
        if value < low or (high is not None and value > high):
            raise argparse.ArgumentTypeError(f"{value} is out of range; give a whole number {span}")
        return value

    parse.__name__ = "integer"
    return parse


def float_range(low: float, high: float, low_open: bool = False) -> Callable[[str], float]:
    """A finite number in [low, high], or (low, high] with `low_open`."""
    span = f"{'above' if low_open else 'from'} {low:g} {'and at most' if low_open else 'to'} {high:g}"

    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"'{text}' is not a number; give one {span}") from None
        if not math.isfinite(value):
            raise argparse.ArgumentTypeError(f"{text} is not a finite number; give one {span}")
        if value > high or value < low or (low_open and value == low):
            raise argparse.ArgumentTypeError(f"{value:g} is out of range; give a number {span}")
        return value

    parse.__name__ = "number"
    return parse


def jpeg_quality(text: str) -> int:
    """A `--robust` quality: one the robust modes offer (`core.media.jpeg.QUALITIES`)."""
    from stegstudio.core.errors import InputError
    from stegstudio.core.media import jpeg

    try:
        return jpeg.check_quality(int(text))
    except (ValueError, InputError):
        raise argparse.ArgumentTypeError(f"'{text}' is not a quality robust mode offers; give one of "
                                         f"{', '.join(map(str, jpeg.QUALITIES))}") from None

"""The syndrome-trellis code and HILL costs covert mode is built on: exact syndromes, least cost
(against a brute-force search), free message bits, and costs equal to conseal's."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from stegstudio.core.fnns import costs, stc
from tests.photo_covers import photo_cover

SEED = bytes(range(32))


@pytest.mark.parametrize(("n", "m"), [(200, 20), (301, 100), (999, 37)])
def test_the_stego_bits_carry_the_message(n: int, m: int) -> None:
    rng = np.random.default_rng(n)
    cover = rng.integers(0, 2, n).astype(np.uint8)
    message = rng.integers(0, 2, m).astype(np.uint8)
    columns = stc.submatrix(SEED, "t", -(-n // m))
    stego = stc.embed(cover, rng.exponential(1.0, n), message, m, columns)
    assert np.array_equal(stc.syndrome(stego, m, columns), message)
    assert np.array_equal(stc.syndrome(stego, m, columns, count=5), message[:5])


def test_viterbi_finds_the_cheapest_stego_bits() -> None:
    """On codes small enough to search every stego word, no word with the same syndrome costs less."""
    height, n, m = 3, 12, 4
    for trial in range(5):
        rng = np.random.default_rng(trial)
        cover = rng.integers(0, 2, n).astype(np.uint8)
        price = rng.exponential(1.0, n)
        message = rng.integers(0, 2, m).astype(np.uint8)
        columns = stc.submatrix(SEED, f"small{trial}", n // m, height)
        stego = stc.embed(cover, price, message, m, columns, height)
        assert np.array_equal(stc.syndrome(stego, m, columns, height=height), message)
        best = min(price[np.array(word) != cover].sum() for word in itertools.product((0, 1), repeat=n)
                   if np.array_equal(stc.syndrome(np.array(word, dtype=np.uint8), m, columns, height=height), message))
        assert price[stego != cover].sum() == pytest.approx(best)


def test_free_message_bits_leave_the_rest_of_the_cover_alone() -> None:
    rng = np.random.default_rng(1)
    n, m = 3000, 300
    cover = rng.integers(0, 2, n).astype(np.uint8)
    message = np.full(100, stc.FREE, dtype=np.uint8)
    message[:60] = rng.integers(0, 2, 60)
    columns = stc.submatrix(SEED, "free", n // m)
    stego = stc.embed(cover, rng.exponential(1.0, n), message, m, columns)
    assert np.array_equal(stc.syndrome(stego, m, columns)[:60], message[:60])
    assert np.array_equal(stego[stc.block_starts(n, m)[100]:], cover[stc.block_starts(n, m)[100]:])


def test_columns_have_their_top_and_bottom_bits_set() -> None:
    columns = stc.submatrix(SEED, "cols", 50)
    assert np.all(columns & 1) and np.all(columns >> (stc.HEIGHT - 1) == 1)


def test_hill_costs_equal_conseals() -> None:
    hill = pytest.importorskip("conseal.hill._costmap")
    for index in range(3):
        channel = photo_cover(index, 48)[..., index]
        np.testing.assert_allclose(costs.hill(channel), hill._compute_cost(channel), rtol=1e-4)


def test_hill_costs_texture_less_than_flat_areas() -> None:
    flat = np.full((32, 32), 128, dtype=np.uint8)
    noisy = np.random.default_rng(0).integers(0, 256, (32, 32)).astype(np.uint8)
    assert costs.hill(noisy).mean() < costs.hill(flat).mean() / 100

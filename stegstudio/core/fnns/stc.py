"""Syndrome-trellis codes (Filler, Judas and Fridrich, 2011): hide m bits as the syndrome of n >> m
cover bits, changing the cheapest ones.

The parity-check matrix is the usual band: message bit i is the XOR of the cover bits of blocks
i-h+1 .. i, each taken through that block's column of a keyed h x w submatrix, and block i is the
i-th of m near-equal runs of the n cover bits. The sender finds the stego bits of least total cost
with the Viterbi algorithm over the 2^h partial syndromes; the receiver only multiplies. Message
bits given as `FREE` are not constrained, so a short message leaves the cover bits past its blocks
alone.

Written here because `conseal.coding.trellis` is an empty placeholder and no maintained STC package
installs without a C toolchain; the tests check it against a brute-force search on small codes.
"""

from __future__ import annotations

import numpy as np

from stegstudio.core import keystream

HEIGHT = 7  # constraint height: 2^7 trellis states, within a few % of the rate-distortion bound
FREE = 2  # a message bit the sender does not care about
_INFINITE = 1e300
_CHUNK = 1 << 15  # trellis rows kept unpacked at a time


def block_starts(cover_bits: int, message_bits: int) -> np.ndarray:
    """Index of the first cover bit of each block, then the total (length message_bits + 1)."""
    return (np.arange(message_bits + 1, dtype=np.int64) * cover_bits) // message_bits


def submatrix(seed: bytes, label: str, width: int, height: int = HEIGHT) -> np.ndarray:
    """`width` keyed columns of `height` bits, each with its top and bottom bit set (as good codes have)."""
    words = np.frombuffer(keystream.stream_bytes(seed, label, 2 * width), dtype="<u2").astype(np.int64)
    return (words & ((1 << height) - 1)) | 1 | (1 << (height - 1))


def _columns(starts: np.ndarray, count: int, columns: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Block index and column value of every cover bit in the first `count` blocks."""
    sizes = np.diff(starts[: count + 1])
    block = np.repeat(np.arange(count), sizes)
    offset = np.arange(starts[count]) - starts[block]
    return block, columns[offset]


def syndrome(stego: np.ndarray, message_bits: int, columns: np.ndarray, count: int | None = None,
             height: int = HEIGHT) -> np.ndarray:
    """The first `count` (default all) message bits the stego bits (0/1 array) carry."""
    count = message_bits if count is None else min(count, message_bits)
    starts = block_starts(stego.size, message_bits)
    block, value = _columns(starts, count, columns)
    ones = stego[: starts[count]].astype(bool)
    total = np.zeros(count + height, dtype=np.int64)
    for k in range(height):
        hit = ones & ((value >> k) & 1).astype(bool)
        total += np.bincount(block[hit] + k, minlength=count + height)
    return (total[:count] & 1).astype(np.uint8)


def embed(cover: np.ndarray, costs: np.ndarray, message: np.ndarray, message_bits: int, columns: np.ndarray,
          height: int = HEIGHT) -> np.ndarray:
    """Stego bits of least total cost whose syndrome is `message` (values 0, 1 or FREE) in its first
    len(message) bits; `message_bits` fixes the code (the block lengths), `costs` is the price of
    flipping each cover bit. Bits past the message's blocks are returned unchanged."""
    states = 1 << height
    half = states >> 1
    used = len(message)
    starts = block_starts(cover.size, message_bits)
    end = int(starts[used])
    width = int(np.diff(starts).max())
    flipped = np.arange(states)[None, :] ^ columns[:width, None]  # state reached by a 1 in column t
    x = cover[:end].astype(bool).tolist()
    rho = costs[:end].astype(np.float64).tolist()
    paths = np.empty((end, states // 8), dtype=np.uint8)  # the choice per element and state, packed
    chunk = np.empty((_CHUNK, states), dtype=bool)  # rows written one by one, packed in bulk
    free_choice: dict[int, np.ndarray] = {}
    cost = np.full(states, _INFINITE)
    cost[0] = 0.0
    for i in range(used):
        first = int(starts[i])
        for j in range(first, int(starts[i + 1])):
            take = cost[flipped[j - first]]
            if x[j]:
                keep = cost + rho[j]
            else:
                keep = cost
                take += rho[j]
            np.less(take, keep, out=chunk[j % _CHUNK])
            cost = np.minimum(keep, take)
            if j % _CHUNK == _CHUNK - 1:
                paths[j - _CHUNK + 1 : j + 1] = np.packbits(chunk, axis=1)
        bit = int(message[i])
        shifted = np.full(states, _INFINITE)
        if bit == FREE:
            pick = cost[1::2] < cost[0::2]
            free_choice[i] = pick
            shifted[:half] = np.where(pick, cost[1::2], cost[0::2])
        else:
            shifted[:half] = cost[bit::2]
        cost = shifted
    tail = end % _CHUNK
    if tail:
        paths[end - tail :] = np.packbits(chunk[:tail], axis=1)
    stego = cover.copy()
    state = int(np.argmin(cost))
    for i in range(used - 1, -1, -1):
        bit = int(message[i])
        low = int(free_choice[i][state]) if bit == FREE else bit
        state = (state << 1) | low
        first = int(starts[i])
        for j in range(int(starts[i + 1]) - 1, first - 1, -1):
            one = (paths[j, state >> 3] >> (7 - (state & 7))) & 1
            stego[j] = one
            if one:
                state ^= int(columns[j - first])
    return stego

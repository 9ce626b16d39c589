"""The one source of fresh randomness (salts, nonces, seeds, padding), with a seeded hook for tests.

Production draws from the operating system (`secrets.token_bytes`). A test can make every draw
reproducible with `seeded(...)`, so a failing run can be replayed from the seed it prints; nothing
outside the test suite should call it, because a repeated nonce breaks the cipher.
"""

from __future__ import annotations

import contextlib
import hashlib
import secrets
import threading
from collections.abc import Iterator

_lock = threading.Lock()
_stream: list[bytes | int] | None = None  # [seed, counter] while `seeded` is active


def token_bytes(n: int) -> bytes:
    """`n` fresh random bytes: from the OS, or from the test stream inside `seeded`."""
    with _lock:
        if _stream is None:
            return secrets.token_bytes(n)
        seed, counter = _stream
        _stream[1] = int(counter) + 1
    material = b"stegstudio/test-randomness\x00" + bytes(seed) + int(counter).to_bytes(8, "big")
    return hashlib.shake_256(material).digest(n)


@contextlib.contextmanager
def seeded(seed: int | bytes) -> Iterator[None]:
    """Within the block every `token_bytes` call is a deterministic function of `seed` and its order."""
    global _stream
    key = seed if isinstance(seed, bytes) else int(seed).to_bytes(16, "big", signed=True)
    with _lock:
        previous, _stream = _stream, [key, 0]
    try:
        yield
    finally:
        with _lock:
            _stream = previous

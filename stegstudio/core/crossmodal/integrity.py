"""The container's authentication tag: tells the recipient whether the container's pixels are the ones
the sender wrote.

An edited, recompressed or damaged container still reveals, but a wrong secret; without a tag the
recipient cannot tell. The tag is HMAC-SHA256 under a key drawn from the seed (keystream label
"crossmodal/tag"), over a domain string, the canonical JSON of the key's method, params and the
container's shape, a zero byte, and the container's uint8 pixels in row, column, channel order.
Canonical JSON is Python's `json.dumps(..., sort_keys=True, separators=(",", ":"))`.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any

import numpy as np

from stegstudio.core.keys import Key
from stegstudio.core.keystream import stream_bytes

TAG_LABEL = "crossmodal/tag"
_DOMAIN = b"stegstudio/crossmodal-tag/v1\x00"

ALTERED = ("the container was changed after hiding (its pixels do not match the key's authentication tag): "
           "it was edited, recompressed or damaged, so the revealed secret is probably wrong; ask the sender "
           "for the PNG exactly as hide wrote it")
RECOMPRESSED = ("the container is not the PNG hide wrote (re-encoded, as a robust container may be, or edited): "
                "its authentication tag cannot vouch for it, and the secret revealed from it is approximate")
UNCHECKED = ("this is a version-1 key, which carries no authentication tag, so whether the container was "
             "changed cannot be checked; keys written by this StegStudio can")


def container_tag(seed: bytes, method: str, params: dict[str, Any], container: np.ndarray) -> str:
    """The hex tag of `container` (uint8, height x width x 3) under this seed and key description."""
    if container.dtype != np.uint8:
        raise ValueError("the container must be uint8 pixels")
    pixels = np.ascontiguousarray(container)
    header = {"method": method, "params": params, "shape": list(pixels.shape)}
    mac = hmac.new(stream_bytes(seed, TAG_LABEL, 32), digestmod=hashlib.sha256)
    mac.update(_DOMAIN)
    mac.update(json.dumps(header, sort_keys=True, separators=(",", ":"), allow_nan=False).encode())
    mac.update(b"\x00")
    mac.update(pixels.tobytes())
    return mac.hexdigest()


def container_intact(key: Key, seed: bytes, container: np.ndarray) -> bool | None:
    """True or False by the key's tag; None for a version-1 key, which has none."""
    if key.tag is None:
        return None
    return hmac.compare_digest(container_tag(seed, key.method, key.params, container), key.tag.lower())

#!/usr/bin/env python3
"""Regenerate tests/data/golden_v2_* (or _v3_password_*): a tiny container, its key and the secret it reveals.

    python scripts/make_golden.py            # the ordinary container
    python scripts/make_golden.py robust     # golden_v2_robust_*: trained for JPEG 90, with the JPEG and
                                             # the secret revealed from it
    python scripts/make_golden.py password   # golden_v3_password_*: hidden with PASSWORD, so the container
                                             # carries its key (header format ch1, key version 3)

Run only when the container/key format changes on purpose (and bump the key version then, with
new golden files beside the old ones): these files prove that old containers still reveal. The
version-1 files (tests/data/golden_{container,key,revealed}.*) are frozen; nothing regenerates them.
"""

import sys
from pathlib import Path

import numpy as np
from PIL import Image

from stegstudio.core import randomness
from stegstudio.core.crossmodal import engine, secrets
from stegstudio.core.crossmodal.presets import TINY
from stegstudio.core.keys import SeedSource
from stegstudio.core.media.image import load_cover, save_png
from stegstudio.core.samples import sample_path

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"


ROBUST_QUALITY = 90
PASSWORD = "golden password"  # public: golden files must not carry a secret
PASSWORD_SALT = bytes(range(100, 116))


def main(kind: str) -> None:
    robust = kind == "robust"
    cover = load_cover(sample_path("cover"), TINY.cover_size)[0]
    secret = secrets.load(sample_path("image"), "image", "tiny")
    # A fixed, public seed: golden files must not carry a secret, and must be reproducible.
    if kind == "password":
        seed, password = SeedSource("scrypt", salt_hex=PASSWORD_SALT.hex()), PASSWORD
    else:
        seed, password = SeedSource("random", seed_hex=bytes(range(32)).hex()), None
    settings = engine.HideSettings(preset="tiny", steps=100, seed_source=seed, password=password,
                                   robust=ROBUST_QUALITY if robust else None)
    with randomness.seeded(0):  # the header's nonce
        result = engine.hide(secret, cover, settings)
    stem = {"robust": "golden_v2_robust", "password": "golden_v3_password"}.get(kind, "golden_v2")
    save_png(DATA / f"{stem}_container.png", result.container)
    result.key.save(DATA / f"{stem}_key.json")
    save_png(DATA / f"{stem}_revealed.png", result.revealed)
    if robust:
        Image.fromarray(result.container).save(DATA / f"{stem}_container.jpg", quality=ROBUST_QUALITY)
        shared = Image.open(DATA / f"{stem}_container.jpg").convert("RGB")
        save_png(DATA / f"{stem}_revealed_from_jpeg.png", engine.reveal(np.asarray(shared), result.key))
    print(result.metrics, "check", result.key.check, "tag", result.key.tag)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "")

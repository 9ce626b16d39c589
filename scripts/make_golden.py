#!/usr/bin/env python3
"""Regenerate tests/data/golden_v2_*: a tiny container, its version-2 key and the secret it reveals.

    python scripts/make_golden.py            # the ordinary container
    python scripts/make_golden.py robust     # golden_v2_robust_*: trained for JPEG 90, with the JPEG and
                                             # the secret revealed from it

Run only when the container/key format changes on purpose (and bump the key version then, with
new golden files beside the old ones): these files prove that old containers still reveal. The
version-1 files (tests/data/golden_{container,key,revealed}.*) are frozen; nothing regenerates them.
"""

import sys
from pathlib import Path

import numpy as np
from PIL import Image

from stegstudio.core.crossmodal import engine, secrets
from stegstudio.core.crossmodal.presets import TINY
from stegstudio.core.keys import SeedSource
from stegstudio.core.media.image import load_cover, save_png
from stegstudio.core.samples import sample_path

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"


ROBUST_QUALITY = 90


def main(robust: bool) -> None:
    cover = load_cover(sample_path("cover"), TINY.cover_size)[0]
    secret = secrets.load(sample_path("image"), "image", "tiny")
    # A fixed, public seed: golden files must not carry a secret, and must be reproducible.
    seed = SeedSource("random", seed_hex=bytes(range(32)).hex())
    settings = engine.HideSettings(preset="tiny", steps=100, seed_source=seed,
                                   robust=ROBUST_QUALITY if robust else None)
    result = engine.hide(secret, cover, settings)
    stem = "golden_v2_robust" if robust else "golden_v2"
    save_png(DATA / f"{stem}_container.png", result.container)
    result.key.save(DATA / f"{stem}_key.json")
    save_png(DATA / f"{stem}_revealed.png", result.revealed)
    if robust:
        Image.fromarray(result.container).save(DATA / f"{stem}_container.jpg", quality=ROBUST_QUALITY)
        shared = Image.open(DATA / f"{stem}_container.jpg").convert("RGB")
        save_png(DATA / f"{stem}_revealed_from_jpeg.png", engine.reveal(np.asarray(shared), result.key))
    print(result.metrics, "check", result.key.check, "tag", result.key.tag)


if __name__ == "__main__":
    main(sys.argv[1:] == ["robust"])

#!/usr/bin/env python3
"""Regenerate tests/data/golden_*: a tiny container, its key and the secret it reveals.

Run only when the container/key format changes on purpose (and bump the key version then):
these files are what proves that old containers still reveal.
"""

from pathlib import Path

from stegstudio.core.crossmodal import engine
from stegstudio.core.crossmodal.presets import TINY
from stegstudio.core.keys import SeedSource
from stegstudio.core.media.image import save_png
from stegstudio.core.samples import sample_path

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"


def main() -> None:
    cover = engine.load_cover(sample_path("cover"), TINY.cover_size)[0]
    secret = engine.load_secret(sample_path("image"), "image", TINY)
    # A fixed, public seed: golden files must not carry a secret, and must be reproducible.
    seed = SeedSource("random", seed_hex=bytes(range(32)).hex())
    result = engine.hide(secret, cover, engine.HideSettings(preset="tiny", steps=100, seed_source=seed))
    for path in DATA.glob("golden_*"):
        path.unlink()
    save_png(DATA / "golden_container.png", result.container)
    result.key.save(DATA / "golden_key.json")
    save_png(DATA / "golden_revealed.png", result.revealed)
    print(result.metrics)


if __name__ == "__main__":
    main()

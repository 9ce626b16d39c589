#!/usr/bin/env python3
"""Regenerate tests/data/golden_v2_*: a tiny container, its version-2 key and the secret it reveals.

Run only when the container/key format changes on purpose (and bump the key version then, with
new golden files beside the old ones): these files prove that old containers still reveal. The
version-1 files (tests/data/golden_{container,key,revealed}.*) are frozen; nothing regenerates them.
"""

from pathlib import Path

from stegstudio.core.crossmodal import engine, secrets
from stegstudio.core.crossmodal.presets import TINY
from stegstudio.core.keys import SeedSource
from stegstudio.core.media.image import load_cover, save_png
from stegstudio.core.samples import sample_path

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"


def main() -> None:
    cover = load_cover(sample_path("cover"), TINY.cover_size)[0]
    secret = secrets.load(sample_path("image"), "image", "tiny")
    # A fixed, public seed: golden files must not carry a secret, and must be reproducible.
    seed = SeedSource("random", seed_hex=bytes(range(32)).hex())
    result = engine.hide(secret, cover, engine.HideSettings(preset="tiny", steps=100, seed_source=seed))
    for path in DATA.glob("golden_v2_*"):
        path.unlink()
    save_png(DATA / "golden_v2_container.png", result.container)
    result.key.save(DATA / "golden_v2_key.json")
    save_png(DATA / "golden_v2_revealed.png", result.revealed)
    print(result.metrics, "check", result.key.check, "tag", result.key.tag)


if __name__ == "__main__":
    main()

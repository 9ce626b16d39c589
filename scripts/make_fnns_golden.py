#!/usr/bin/env python3
"""Regenerate tests/data/fnns_v2_*: a tiny bit-embedding stego PNG, its password and what it holds.

Run only when the bit-embedding format changes on purpose (and bump payload.VERSION then): these
files are what proves that images written today still extract. The salt and padding come from a
fixed seed so the files are reproducible; the password is public, the files carry no secret.
tests/data/fnns_v1_stego.png was written by StegStudio 0.1.0 (format 1), whose writer is gone.
"""

import json
from pathlib import Path

from stegstudio.core import randomness
from stegstudio.core.fnns import engine, payload
from stegstudio.core.media.image import load_cover, save_png
from stegstudio.core.samples import sample_path

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
PASSWORD = "golden format 2"
SECRET = payload.Message(b"format 2 golden", "golden.txt")


def main() -> None:
    cover = load_cover(sample_path("cover"), 32)[0]
    with randomness.seeded(b"stegstudio/fnns-golden-v2"):
        stego, stats = engine.embed_array(cover, SECRET, PASSWORD, bpp=2)
    save_png(DATA / "fnns_v2_stego.png", stego)
    expected = {"format": payload.VERSION, "password": PASSWORD, "name": SECRET.name, "data_hex": SECRET.data.hex(),
                "bpp": stats.bpp, "ecc": stats.ecc}
    (DATA / "fnns_v2_expected.json").write_text(json.dumps(expected, indent=2, sort_keys=True) + "\n")
    print(stats)


if __name__ == "__main__":
    main()

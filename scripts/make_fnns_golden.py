#!/usr/bin/env python3
"""Regenerate golden bit-embedding files in tests/data: a tiny stego PNG, its password and what it holds.

    python scripts/make_fnns_golden.py covert fraction   # the names to rewrite ("dense" is the original)

Robust mode's golden image is also written as the JPEG (quality 80) a recipient would get, the file that
proves its lossy path.

Run only when the bit-embedding format changes on purpose (and bump payload.VERSION then): these
files are what proves that images written today still extract. The salt and padding come from a
fixed seed so the files are reproducible; the passwords are public, the files carry no secret.
tests/data/fnns_v1_stego.png was written by StegStudio 0.1.0 (format 1), whose writer is gone.
"""

import argparse
import json
from pathlib import Path

from PIL import Image

from stegstudio.core import randomness
from stegstudio.core.fnns import engine, payload
from stegstudio.core.media.image import load_cover, save_png
from stegstudio.core.samples import sample_path

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
# name: (file stem, cover size, bpp, mode, password, secret)
GOLDENS = {
    "dense": ("fnns_v2", 32, 2, "fast", "golden format 2", payload.Message(b"format 2 golden", "golden.txt")),
    "fraction": ("fnns_v2_fraction", 64, 0.35, "fast", "golden fraction",
                 payload.Message(b"a fractional density, 0.35 bits per pixel " * 2, "fraction.txt")),
    "covert": ("fnns_v2_covert", 128, 0.25, "covert", "golden covert",
               payload.Message(b"covert mode: HILL costs and a syndrome-trellis code " * 2, "covert.txt")),
    "robust": ("fnns_v2_robust", 128, 0, "robust", "golden robust", payload.Message(b"survives JPEG 75", "r.txt")),
}
ROBUST_SHARED_QUALITY = 80


def write(name: str) -> None:
    stem, size, bpp, mode, password, secret = GOLDENS[name]
    cover = load_cover(sample_path("cover"), size)[0]
    with randomness.seeded(f"stegstudio/fnns-golden-v2/{name}".encode() if name != "dense"
                           else b"stegstudio/fnns-golden-v2"):
        stego, stats = engine.embed_array(cover, secret, password, bpp=bpp, mode=mode)
    save_png(DATA / f"{stem}_stego.png", stego)
    expected = {"format": payload.VERSION, "password": password, "name": secret.name, "data_hex": secret.data.hex(),
                "bpp": stats.bpp, "ecc": stats.ecc, "covert": mode == "covert", "mode": stats.mode,
                "jpeg_quality": stats.jpeg_quality}
    if mode == "robust":
        Image.fromarray(stego).save(DATA / f"{stem}_stego.jpg", quality=ROBUST_SHARED_QUALITY)
    (DATA / f"{stem}_expected.json").write_text(json.dumps(expected, indent=2, sort_keys=True) + "\n")
    print(name, stats)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("names", nargs="+", choices=sorted(GOLDENS))
    for name in p.parse_args().names:
        write(name)


if __name__ == "__main__":
    main()

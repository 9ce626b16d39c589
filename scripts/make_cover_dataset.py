"""Make the training set for the shipped cover model from photos that ship inside scikit-image and
scikit-learn (`pip install scikit-learn==1.9.1`; only this script needs it).

Random square crops (48-320 px, so the model sees both close-ups and wider views) of the natural
colour photographs, resized to 64 px PNGs. Hubble's deep field and the retina fundus are left out:
their crops are mostly black, and a black cover is a poor place to hide anything.
Crops for `train/` come from the top 80% of each photo and
crops for `holdout/` from the bottom 20%, so the held-out images used for the sliced Wasserstein
distance never overlap a training crop.

    python scripts/make_cover_dataset.py --out bench-out/cover-data [--count 8000] [--seed 0]
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import skimage
import sklearn
from PIL import Image

SKIMAGE_PHOTOS = ["astronaut.png", "chelsea.png", "coffee.png", "motorcycle_left.png", "motorcycle_right.png",
                  "rocket.jpg", "ihc.png"]
SKLEARN_PHOTOS = ["china.jpg", "flower.jpg"]
SIZE = 64
HOLDOUT_FRACTION = 0.2


def crops(img: Image.Image, top: int, bottom: int, count: int, rng: np.random.Generator) -> list[Image.Image]:
    w = img.size[0]
    out = []
    for _ in range(count):
        side = int(rng.integers(48, min(320, w, bottom - top) + 1))
        x = int(rng.integers(0, w - side + 1))
        y = int(rng.integers(top, bottom - side + 1))
        out.append(img.crop((x, y, x + side, y + side)).resize((SIZE, SIZE), Image.Resampling.BOX))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--count", type=int, default=8000, help="training crops in all (held-out: a quarter as many)")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    rng = np.random.default_rng(args.seed)
    photos = [Path(skimage.__file__).parent / "data" / n for n in SKIMAGE_PHOTOS]
    photos += [Path(sklearn.__file__).parent / "datasets" / "images" / n for n in SKLEARN_PHOTOS]
    for sub in ("train", "holdout"):
        (args.out / sub).mkdir(parents=True, exist_ok=True)
    per_photo = args.count // len(photos)
    for path in photos:
        img = Image.open(path).convert("RGB")
        h = img.size[1]
        split = int(h * (1 - HOLDOUT_FRACTION))
        for sub, (top, bottom), n in (("train", (0, split), per_photo), ("holdout", (split, h), per_photo // 4)):
            for i, crop in enumerate(crops(img, top, bottom, n, rng)):
                crop.save(args.out / sub / f"{path.stem}-{i:05d}.png")
    print(f"wrote {per_photo * len(photos)} training and {per_photo // 4 * len(photos)} held-out crops to {args.out}")


if __name__ == "__main__":
    main()

"""Draw the application icon (resources/icons/stegstudio.png): a photo-like gradient tile whose lower
right corner turns into bits, i.e. a picture that carries data. Pure drawing, so it is reproducible.

    python scripts/make_icon.py
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

SIZE = 256
OUT = Path(__file__).resolve().parents[1] / "resources" / "icons" / "stegstudio.png"


def main() -> None:
    y, x = np.mgrid[0:SIZE, 0:SIZE] / (SIZE - 1)
    sky = np.stack([40 + 60 * y, 90 + 90 * y, 170 + 60 * (1 - x)], axis=-1)
    hill = (y > 0.62 + 0.12 * np.sin(5 * x)).astype(float)[..., None]
    ground = np.stack([60 + 40 * x, 120 + 50 * (1 - y), 70 + 20 * x], axis=-1)
    img = sky * (1 - hill) + ground * hill
    sun = ((x - 0.3) ** 2 + (y - 0.3) ** 2 < 0.012)[..., None]
    img = np.where(sun, [250, 215, 120], img)
    rng = np.random.default_rng(7)
    cell = SIZE // 16
    for r in range(8, 16):
        for c in range(8, 16):
            if r + c >= 22 and rng.random() < 0.55:
                img[r * cell:(r + 1) * cell - 2, c * cell:(c + 1) * cell - 2] = [245, 245, 245]
            elif r + c >= 22:
                img[r * cell:(r + 1) * cell - 2, c * cell:(c + 1) * cell - 2] = [25, 35, 60]
    tile = Image.fromarray(img.clip(0, 255).astype(np.uint8))
    mask = Image.new("L", (SIZE, SIZE), 0)
    ImageDraw.Draw(mask).rounded_rectangle((0, 0, SIZE - 1, SIZE - 1), radius=44, fill=255)
    icon = Image.new("RGBA", (SIZE, SIZE), (0, 0, 0, 0))
    icon.paste(tile, (0, 0), mask)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    icon.save(OUT)
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()

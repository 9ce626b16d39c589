"""A folder of the user's images turned into training examples: centre crop, resize, kept in memory.

Unreadable files are skipped and counted rather than aborting a long run at file 9,000; a folder
with no usable image is an error before any training starts.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from PIL import Image, UnidentifiedImageError

from stegstudio.core.errors import InputError
from stegstudio.core.jobs import JobContext
from stegstudio.core.media import formats

# Every still-image type the app reads, plus GIF (first frame) and PPM/PGM, common in image datasets.
IMAGE_SUFFIXES = {*formats.IMAGE_INPUT_SUFFIXES, ".gif", ".ppm", ".pgm"}


@dataclass(frozen=True)
class ImageSet:
    images: torch.Tensor  # (N, 3, R, R) uint8
    skipped: list[str]    # names of files that could not be read

    @property
    def count(self) -> int:
        return int(self.images.shape[0])


def _square(img: Image.Image, size: int) -> np.ndarray:
    w, h = img.size
    side = min(w, h)
    left, top = (w - side) // 2, (h - side) // 2
    img = img.crop((left, top, left + side, top + side))
    return np.asarray(img.convert("RGB").resize((size, size), Image.Resampling.BOX if side >= size
                                                 else Image.Resampling.BICUBIC))


def image_files(folder: str | os.PathLike[str]) -> list[Path]:
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(f"image folder {folder} does not exist or is not a folder")
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in IMAGE_SUFFIXES)


def load_folder(folder: str | os.PathLike[str], resolution: int, ctx: JobContext) -> ImageSet:
    files = image_files(folder)
    if not files:
        raise InputError(f"{folder} holds no images ({', '.join(sorted(IMAGE_SUFFIXES))}); "
                         "point --images at a folder of photos")
    arrays, skipped = [], []
    for n, path in enumerate(files):
        try:
            with Image.open(path) as img:
                img.draft("RGB", (resolution * 2, resolution * 2))
                arrays.append(_square(img, resolution))
        except (OSError, UnidentifiedImageError, ValueError, Image.DecompressionBombError):
            skipped.append(path.name)
        if n % 256 == 0:
            ctx.report("reading images", n, len(files))
    if not arrays:
        raise InputError(f"none of the {len(files)} image files in {folder} could be read "
                         f"(first: {skipped[0]}); they are damaged or not images")
    stack = torch.from_numpy(np.stack(arrays)).permute(0, 3, 1, 2).contiguous()
    return ImageSet(stack, skipped)

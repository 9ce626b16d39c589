"""Batch inputs and outputs: folders expanded to the items a command reads, and a plan of outputs
checked before any work, so no two inputs write one file and no output replaces an input.

Shared by every batch command (and usable from the API): the per-item work stays the command's own.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from stegstudio.core.errors import InputError
from stegstudio.core.media.formats import IMAGE_INPUT_SUFFIXES

PathLike = str | os.PathLike[str]


def is_image_file(path: Path) -> bool:
    """A file a folder of images contributes: a visible file with an image suffix (any letter case)."""
    return path.is_file() and path.suffix.lower() in IMAGE_INPUT_SUFFIXES


def wants_batch(values: Sequence[PathLike], is_item: Callable[[Path], bool] = is_image_file) -> bool:
    """Several inputs, or one folder that is not itself an item, make a batch; one item keeps the
    single-file form of a command (and its exact behaviour)."""
    if len(values) != 1:
        return True
    path = Path(values[0])
    return path.is_dir() and not is_item(path)


def expand(values: Sequence[PathLike], is_item: Callable[[Path], bool] = is_image_file,
           what: str = f"image files ({', '.join(IMAGE_INPUT_SUFFIXES)})") -> list[Path]:
    """Each folder that is not itself an item becomes the items in it (not recursive, sorted by name,
    hidden names skipped); anything else named is kept as given, so a bad file is reported as that
    file's failure. A path given twice is read once."""
    items: list[Path] = []
    for value in values:
        path = Path(value)
        if path.is_dir() and not is_item(path):
            found = sorted(p for p in path.iterdir() if not p.name.startswith(".") and is_item(p))
            if not found:
                raise InputError(f"{path}: the folder holds no {what}; give a folder with some, or name the files")
            items += found
        else:
            items.append(path)
    unique: dict[Path, Path] = {}
    for item in items:
        unique.setdefault(item.resolve(), item)
    return list(unique.values())


def check_plan(plan: Mapping[Path, Sequence[Path]]) -> None:
    """`plan` maps each input to the outputs it will write: refuse two inputs that would write the same
    output (same stem) and an output that is one of the inputs (a batch never replaces its inputs)."""
    inputs = {item.resolve(): item for item in plan}
    writer: dict[Path, Path] = {}
    for item, outputs in plan.items():
        for out in outputs:
            key = out.resolve()
            if key in inputs:
                raise InputError(f"{out} is one of the inputs and would be replaced; give a different --out folder")
            if key in writer:
                raise InputError(f"{writer[key]} and {item} would both write {out}; rename one of them, "
                                 "or run them in separate batches")
            writer[key] = item

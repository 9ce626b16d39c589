"""The covers and stego images the detector is trained and measured on, all made offline.

Covers are non-overlapping crops of the colour photographs inside the scikit-image, scikit-learn and
matplotlib wheels (the last two only for china, flower and grace_hopper; matplotlib comes with pyvista;
without them those crops are left out), minus crops that are mostly black background
(`is_degenerate`), then covers from the shipped GASP model as a second domain until the count is
reached. Stego images (FNNS fast and covert, cross-modal containers, and the LSB-matching and HILL
anchors simulated with `conseal`) are cached as PNGs under a folder the caller names, so a benchmark
and the training script share one set of slow embeddings. The holdout covers (all crops of five
whole source photos) never enter the shipped detector's training.
"""

from __future__ import annotations

import functools
import io
import itertools
import json
import time
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from stegstudio.core.fileio import write_bytes_atomic
from stegstudio.core.media.image import load_image, save_png

PHOTO_SOURCES = ("astronaut", "chelsea", "coffee", "rocket", "immunohistochemistry", "motorcycle",
                 "hubble_deep_field", "retina", "grace_hopper", "china", "flower")
# One more colour photograph for the shipped detector's training only (the benchmark's corpus stays as
# it was): pyvista's satellite map of the Earth. scikit-image's greyscale photos were tried as R = G = B
# covers and left out: FNNS noise in an image with no colour at all is a cue no colour cover shows, and
# with them the recipe did worse in cross-validation on colour covers.
TRAINING_SOURCES = ("earth",)
# Whole photos kept out of the shipped detector's training: at 256 px their ten crops are the covers
# its acceptance is measured on (china and flower from scikit-learn, three everyday scenes from skimage).
HOLDOUT_PHOTOS = ("china", "flower", "coffee", "rocket", "motorcycle")
# A crop is left out when more than DARK_SHARE of its pixels have every channel below DARK_LEVEL: a
# black border or background (the retina fundus's corners, the astronaut's backdrop) with no texture
# to hide in, so a detector learns nothing about real covers from it. The noisy deep-field sky passes.
DARK_LEVEL = 8
DARK_SHARE = 1 / 3
PASSWORD = "detectability-corpus"
FILL = 0.9  # share of the capacity the random text payload takes
MODES = {"fnns": "fast", "covert": "covert"}  # corpus method -> the engine's mode


@dataclass(frozen=True)
class Cover:
    """One cover: `name` is unique and stable (it names the cache folder); `group` is its source."""

    name: str
    domain: str  # "photo" or "gasp"
    source: str
    image: np.ndarray

    @property
    def holdout(self) -> bool:
        return self.source in HOLDOUT_PHOTOS


@functools.cache
def _photo(source: str) -> np.ndarray:
    import skimage.data

    if source in ("china", "flower"):
        from sklearn.datasets import load_sample_image

        return load_sample_image(f"{source}.jpg")
    if source == "grace_hopper":
        from matplotlib import cbook

        return load_image(cbook.get_sample_data("grace_hopper.jpg", asfileobj=False))
    if source == "motorcycle":  # left view only: the right view of the stereo pair shows the same scene
        return skimage.data.stereo_motorcycle()[0]
    if source == "earth":
        import pyvista.examples

        return load_image(Path(pyvista.examples.__file__).parent / "2k_earth_daymap.jpg")
    image = getattr(skimage.data, source)()
    return np.repeat(image[..., None], 3, axis=-1) if image.ndim == 2 else image


def is_degenerate(crop: np.ndarray) -> bool:
    """True when the crop is mostly black background (see DARK_LEVEL and DARK_SHARE)."""
    return float((crop.max(axis=-1) < DARK_LEVEL).mean()) > DARK_SHARE


def _tiles(image: np.ndarray, size: int) -> Iterator[tuple[int, int, np.ndarray]]:
    """Non-overlapping `size` crops on a grid centred in the photo: no two share a pixel."""
    h, w = image.shape[:2]
    rows, cols = h // size, w // size
    top, left = (h - rows * size) // 2, (w - cols * size) // 2
    for r in range(rows):
        for c in range(cols):
            y, x = top + r * size, left + c * size
            yield r, c, np.ascontiguousarray(image[y:y + size, x:x + size, :3])


def photo_covers(size: int, sources: tuple[str, ...] = PHOTO_SOURCES) -> list[Cover]:
    """Every non-overlapping, non-degenerate crop of every shipped photo in `sources` (those from
    scikit-learn and matplotlib only when installed), taken from the photos in turn, so any prefix of
    the list spreads over all of them."""
    per_source = []
    for source in sources:
        try:
            image = _photo(source)
        except ImportError:
            continue
        per_source.append([Cover(f"{source}-{size}-{r}-{c}", "photo", source, tile)
                           for r, c, tile in _tiles(image, size) if not is_degenerate(tile)])
    return [cover for group in itertools.zip_longest(*per_source) for cover in group if cover is not None]


def gasp_covers(size: int, seeds: list[int]) -> list[Cover]:
    from stegstudio.core.gasp import sampling

    gen = sampling.load_generator()
    return [Cover(f"gasp-{size}-{s}", "gasp", f"gasp-{s}", sampling.sample(gen, s, size)) for s in seeds]


def covers(count: int, size: int) -> list[Cover]:
    """`count` covers: every photo crop there is (up to `count`), then GASP covers (seeds 0, 1, ...) for
    the rest. Photos first, so that a benchmark's --limit keeps the real photographs and drops the
    generated covers, which are smooth, so FNNS needs longer on them and a detector finds it more easily."""
    photos = photo_covers(size)[:count]
    return photos + gasp_covers(size, list(range(count - len(photos))))


def random_text(length: int, rng: np.random.Generator) -> str:
    alphabet = np.array(list("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,"))
    return "".join(rng.choice(alphabet, size=length))


def filling_message(height: int, width: int, bpp: float, seed: int):
    """A random text whose compressed size is about `FILL` of the capacity (zlib shrinks it a little)."""
    from stegstudio.core.fnns import payload

    target = int(FILL * payload.capacity(height, width, bpp))
    rng = np.random.default_rng(seed)
    text = random_text(4 * target, rng)
    lo, hi = 1, len(text)
    while lo < hi:  # the longest prefix that compresses to at most `target` bytes
        mid = (lo + hi + 1) // 2
        if payload.fit(height, width, bpp, payload.DEFAULT_ECC, payload.Message.from_text(text[:mid])).needed_bytes \
                <= target:
            lo = mid
        else:
            hi = mid - 1
    return payload.Message.from_text(text[:lo])


def _seed(name: str, tag: str) -> int:
    import hashlib

    return int.from_bytes(hashlib.sha256(f"{name}/{tag}".encode()).digest()[:4], "big")


def _fnns_files(cover: Cover, bpp: float, cache: Path, mode: str = "fast") -> tuple[Path, Path]:
    """The cached stego PNG and its record: `fnns-{bpp:g}` for fast mode (2 is `fnns-2`, 0.25
    `fnns-0.25`), `covert-{bpp:g}` for covert mode."""
    tag = f"{'fnns' if mode == 'fast' else mode}-{bpp:g}"
    folder = cache / cover.name
    return folder / f"{tag}.png", folder / f"{tag}.json"


def fnns_stego(cover: Cover, bpp: float, cache: Path, mode: str = "fast") -> tuple[np.ndarray, dict] | None:
    """FNNS at `bpp` in `mode`, cached (`_fnns_files`); both modes hide the same message. None when the
    engine could not hide the payload (recorded too)."""
    from stegstudio.core.errors import InputError
    from stegstudio.core.fnns.engine import embed_array

    png, meta = _fnns_files(cover, bpp, cache, mode)
    if meta.exists():
        info = json.loads(meta.read_text())
        return (load_image(png), info) if info.get("ok") else None
    png.parent.mkdir(parents=True, exist_ok=True)
    h, w = cover.image.shape[:2]
    t0 = time.perf_counter()
    try:
        stego, stats = embed_array(cover.image, filling_message(h, w, bpp, _seed(cover.name, f"fnns-{bpp:g}")),
                                   PASSWORD, bpp, mode=mode)
    except InputError as exc:
        meta.write_text(json.dumps({"ok": False, "error": str(exc)}))
        return None
    info = {"ok": True, "payload_bits": stats.payload_bits, "secret_bytes": stats.secret_bytes,
            "psnr_rgb": stats.psnr_rgb, "changed": stats.changed, "seconds": time.perf_counter() - t0}
    save_png(png, stego)
    meta.write_text(json.dumps(info))
    return stego, info


def crossmodal_container(cover: Cover, cache: Path) -> tuple[np.ndarray, dict]:
    """A cross-modal container (Han et al.) made from `cover`: the bundled sample image hidden at the
    quick preset with a password, as `stegstudio hide` makes it; cached as `crossmodal-image.png`."""
    from stegstudio.core.crossmodal import engine, secrets
    from stegstudio.core.samples import sample_path

    png, meta = cache / cover.name / "crossmodal-image.png", cache / cover.name / "crossmodal-image.json"
    if meta.exists():
        return load_image(png), json.loads(meta.read_text())
    png.parent.mkdir(parents=True, exist_ok=True)
    secret = secrets.load(sample_path("image"), "image", "quick")
    result = engine.hide(secret, cover.image, engine.HideSettings(preset="quick", password=PASSWORD))
    info = {"cover_psnr": result.metrics["cover_psnr"], "secret_psnr": result.metrics["secret_psnr"],
            "seconds": result.seconds}
    save_png(png, result.container)
    meta.write_text(json.dumps(info))
    return result.container, info


def anchor_stego(cover: Cover, method: str, payload_bits: int) -> np.ndarray:
    """LSB matching or HILL (conseal simulators) carrying `payload_bits` bits, spread over R, G and B
    at the same rate: HILL's costs are per channel, so each channel is simulated on its own."""
    import conseal

    alpha = payload_bits / cover.image.size  # bits per colour sample
    seed = _seed(cover.name, f"{method}-{payload_bits}")
    # conseal warns when its payload search stops a hair short of the exact rate; the rate is still met
    warnings.filterwarnings("ignore", "optimization might not have converged", RuntimeWarning)
    if method == "lsbm":
        return conseal.lsb.simulate(cover.image, alpha, modify=conseal.LSB_MATCHING,
                                    locate=conseal.LOCATION_PERMUTED, seed=seed)
    if method == "hill":
        channels = [conseal.hill.simulate_single_channel(np.ascontiguousarray(cover.image[..., c]), alpha,
                                                         seed=seed + c) for c in range(3)]
        return np.stack(channels, axis=-1)
    raise ValueError(f"unknown anchor {method}")


def cached_features(cache: Path, cover: Cover, tag: str, image: np.ndarray) -> np.ndarray:
    """SPAM of each channel of one corpus image, shape (3, 686), computed once per cache folder."""
    from stegstudio.core.analysis.features import channel_features

    path = cache / cover.name / f"spam-{tag}.npy"
    if path.exists():
        return np.load(path, allow_pickle=False)
    feats = channel_features(image)
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()  # atomic: two runs (one per density) may fill one cover's folder at once
    np.save(buffer, feats, allow_pickle=False)
    write_bytes_atomic(path, buffer.getvalue())
    return feats

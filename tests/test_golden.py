"""Golden containers + keys (tests/data; version 2 made by scripts/make_golden.py, version 1 frozen):
old containers must reveal.

If one of these fails, the container or key format changed: that breaks every container users
already sent. Bump the key version and keep a reader for the old one instead.
"""

import hashlib
import hmac
import json
from pathlib import Path

import numpy as np

from stegstudio.core.crossmodal import engine, integrity
from stegstudio.core.crossmodal.architecture import Architecture, BaseNetwork
from stegstudio.core.keys import Key, check_value
from stegstudio.core.media.image import load_png_exact

DATA = Path(__file__).parent / "data"
PREDEFINED_SHA256 = "4a74504c2e209ef97eea529328b6003d5c7fa150790404f6339ab79194b855dc"


def _load():
    key = Key.load(DATA / "golden_key.json")
    return key, load_png_exact(DATA / "golden_container.png")


def test_predefined_weights_are_pinned():
    key, container = _load()
    arch = Architecture.from_json(key.params["architecture"])
    net = BaseNetwork.from_container(arch, key.seed_source.seed(None), container)
    raw = net.W0.numpy().tobytes() + net.W4.numpy().tobytes() + net.b2.numpy().tobytes()
    assert hashlib.sha256(raw).hexdigest() == PREDEFINED_SHA256


def test_golden_container_reveals_the_golden_secret():
    key, container = _load()
    revealed = engine.reveal(container, key)
    expected = load_png_exact(DATA / "golden_revealed.png")
    diff = np.abs(revealed.astype(int) - expected.astype(int))
    # Bit-exact on this kind of CPU; other BLAS kernels may round a rare pixel the other way.
    assert diff.max() <= 1
    assert (diff == 0).mean() >= 0.99


# Version 2 (scripts/make_golden.py): the key adds a check value of the seed and the container's
# authentication tag. Both are pinned here and recomputed from their written specification, so
# neither can drift without this failing.
GOLDEN_V2_SEED = bytes(range(32))
GOLDEN_V2_CHECK = "c82b292542c33416aff961f4fe402ef5"
GOLDEN_V2_TAG = "b8fe802ca1ebbce8bac25da9073b2fdd5919f0dc770337dcad601fe1fafce143"


def _load_v2():
    return Key.load(DATA / "golden_v2_key.json"), load_png_exact(DATA / "golden_v2_container.png")


def _ks1(seed: bytes, label: str, n: int) -> bytes:
    return hashlib.shake_256(b"stegstudio/ks1\x00" + seed + b"\x00" + label.encode()).digest(n)


def test_v2_check_value_and_tag_are_pinned():
    key, container = _load_v2()
    assert key.check == GOLDEN_V2_CHECK and key.tag == GOLDEN_V2_TAG
    assert check_value(GOLDEN_V2_SEED) == GOLDEN_V2_CHECK == _ks1(GOLDEN_V2_SEED, "key/check", 16).hex()
    assert integrity.container_tag(GOLDEN_V2_SEED, key.method, key.params, container) == GOLDEN_V2_TAG
    header = json.dumps({"method": key.method, "params": key.params, "shape": [64, 64, 3]},
                        sort_keys=True, separators=(",", ":")).encode()
    message = b"stegstudio/crossmodal-tag/v1\x00" + header + b"\x00" + container.tobytes()
    by_hand = hmac.new(_ks1(GOLDEN_V2_SEED, "crossmodal/tag", 32), message, hashlib.sha256).hexdigest()
    assert by_hand == GOLDEN_V2_TAG


def test_golden_v2_container_reveals_intact():
    key, container = _load_v2()
    result = engine.reveal_checked(container, key, strict=True)
    assert result.container_intact is True and result.notes == []
    expected = load_png_exact(DATA / "golden_v2_revealed.png")
    diff = np.abs(result.revealed.astype(int) - expected.astype(int))
    assert diff.max() <= 1
    assert (diff == 0).mean() >= 0.99


def test_golden_v1_key_reveals_unchecked():
    key, container = _load()
    result = engine.reveal_checked(container, key)
    assert result.container_intact is None and result.notes == [integrity.UNCHECKED]


def test_golden_robust_key_reveals_from_its_png_and_its_jpeg(tmp_path):
    """A key with training.jpeg_quality (scripts/make_golden.py robust): intact from the PNG, and from the
    JPEG through the file path that accepts a lossy container for such a key."""
    from stegstudio.core import metrics
    from stegstudio.core.crossmodal import files

    key = Key.load(DATA / "golden_v2_robust_key.json")
    assert engine.robust_quality(key) == 90
    result = engine.reveal_checked(load_png_exact(DATA / "golden_v2_robust_container.png"), key, strict=True)
    assert result.container_intact is True
    assert np.abs(result.revealed.astype(int) - load_png_exact(DATA / "golden_v2_robust_revealed.png")).max() <= 1
    report = files.reveal_files(DATA / "golden_v2_robust_container.jpg", DATA / "golden_v2_robust_key.json",
                                tmp_path / "r.png")
    assert report.container_intact is False and report.warnings == [integrity.RECOMPRESSED]
    expected = load_png_exact(DATA / "golden_v2_robust_revealed_from_jpeg.png")
    assert metrics.psnr(expected, load_png_exact(tmp_path / "r.png")) > 35

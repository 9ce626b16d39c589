"""Golden container + key (tests/data, made by scripts/make_golden.py): old containers must reveal.

If one of these fails, the container or key format changed: that breaks every container users
already sent. Bump the key version and keep a reader for the old one instead.
"""

import hashlib
from pathlib import Path

import numpy as np

from stegstudio.core.crossmodal import engine
from stegstudio.core.crossmodal.architecture import Architecture, BaseNetwork
from stegstudio.core.keys import Key
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

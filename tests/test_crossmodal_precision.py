"""Mixed precision: bfloat16 steps with a float32 finish, recorded in the key; the recipient reveals in float32."""

import pytest
import torch

from stegstudio.core.crossmodal import engine, secrets
from stegstudio.core.devices import bf16_is_fast
from stegstudio.core.errors import InputError
from stegstudio.core.keys import SeedSource
from stegstudio.core.media.image import load_cover
from stegstudio.core.samples import sample_path

SEED = SeedSource("random", seed_hex=bytes(range(32)).hex())


def _hide(precision: str) -> engine.HideResult:
    cover, _ = load_cover(sample_path("cover"), 64)
    secret = secrets.load(sample_path("image"), "image", "tiny")
    return engine.hide(secret, cover, engine.HideSettings(preset="tiny", steps=150, seed_source=SEED,
                                                          precision=precision))


def test_mixed_precision_is_recorded_and_costs_little_against_float32():
    f32, mixed = _hide("float32"), _hide("mixed")
    assert f32.key.params["training"]["precision"] == "float32"
    assert mixed.key.params["training"]["precision"] == "mixed"
    assert mixed.metrics["secret_psnr"] > f32.metrics["secret_psnr"] - 1.0
    assert abs(mixed.metrics["cover_psnr"] - f32.metrics["cover_psnr"]) < 1.0
    assert (engine.reveal(mixed.container, mixed.key) == mixed.revealed).all()  # the float32 reveal


def test_precision_names_are_checked_and_auto_follows_the_hardware():
    with pytest.raises(InputError, match="unknown precision"):
        engine.resolve_precision("fp8", torch.device("cpu"))
    assert engine.resolve_precision("float32", torch.device("cpu")) == "float32"
    assert engine.resolve_precision("mixed", torch.device("cpu")) == "mixed"
    native = bf16_is_fast("cpu")
    assert engine.resolve_precision("auto", torch.device("cpu")) == ("mixed" if native else "float32")

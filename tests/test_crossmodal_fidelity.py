"""The fidelity dial (`cover_psnr`): the container ends at the asked cover PSNR, a higher ask costs the
secret quality, the key records the target, and a wrong use is refused before training."""

from __future__ import annotations

import pytest
import torch

from stegstudio.core.crossmodal import engine, fidelity, files
from stegstudio.core.errors import InputError
from stegstudio.core.samples import sample_path

STEPS = 150


def _hide(modality: str, target: float | None, **extra) -> engine.HideResult:
    settings = engine.HideSettings(preset="tiny", modality=modality, steps=STEPS, cover_psnr=target, **extra)
    inputs = files.load_hide_inputs(sample_path(modality), sample_path("cover"), settings)
    return engine.hide(inputs.secret, inputs.cover, settings)


@pytest.mark.parametrize("modality, metric", [("image", "secret_psnr"), ("audio", "secret_snr")])
def test_the_container_lands_on_the_asked_cover_psnr_and_a_higher_ask_costs_the_secret(modality, metric) -> None:
    low, high = _hide(modality, 30.0), _hide(modality, 36.0)
    assert abs(low.metrics["cover_psnr"] - 30.0) <= 0.5
    assert abs(high.metrics["cover_psnr"] - 36.0) <= 0.5
    assert high.metrics[metric] < low.metrics[metric]
    assert low.key.params["training"]["cover_psnr_target"] == 30.0 and low.key.params["training"]["beta"] == 0.0


def test_the_projection_only_shrinks_and_keeps_the_direction() -> None:
    gen = torch.Generator().manual_seed(0)
    cover = torch.rand(16, 16, 3, generator=gen)
    pixels = (cover + 0.2 * torch.randn(16, 16, 3, generator=gen)).clamp(0, 1)
    before = pixels - cover
    fidelity.project(pixels, cover, 30.0)
    after = pixels - cover
    psnr = -10 * torch.log10(torch.mean(after**2))
    assert abs(float(psnr) - 30.0 - fidelity.MARGIN_DB) < 1e-3
    assert torch.allclose(after / after.norm(), before / before.norm(), atol=1e-6)
    near = cover + 1e-3
    fidelity.project(near, cover, 30.0)  # already better than the target: untouched
    assert torch.equal(near, cover + 1e-3)


@pytest.mark.parametrize("target", [19.9, 50.1, float("nan")])
def test_a_target_outside_the_dial_is_refused(target) -> None:
    with pytest.raises(InputError, match="from 20 to 50 dB"):
        _hide("image", target)


def test_a_target_and_a_beta_together_are_refused() -> None:
    with pytest.raises(InputError, match="not both"):
        _hide("image", 30.0, beta=2.0)

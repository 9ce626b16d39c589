"""The decoder is rebuilt from the key alone, and reads the same bits in float32 and float64."""

from __future__ import annotations

import numpy as np
import torch

from stegstudio.core.fnns.decoder import HIDDEN, MAX_BPP, Decoder

SEED = bytes(range(32))


def test_weights_depend_only_on_seed_and_variant() -> None:
    torch.manual_seed(123)
    a = Decoder.from_seed(SEED, 0)
    torch.manual_seed(456)
    b = Decoder.from_seed(SEED, 0)
    c = Decoder.from_seed(SEED, 1)
    assert all(torch.equal(x, y) for x, y in zip(a.weights + a.gammas, b.weights + b.gammas, strict=True))
    assert not torch.equal(a.weights[1], c.weights[1])
    assert [tuple(w.shape) for w in a.weights] == [(HIDDEN, 3, 3, 3), (HIDDEN, HIDDEN, 3, 3),
                                                   (HIDDEN, HIDDEN, 3, 3), (MAX_BPP, HIDDEN, 3, 3)]


def test_golden_weights() -> None:
    """Pins the weight derivation (labels, shapes, order): a change here breaks every stego image."""
    d = Decoder.from_seed(SEED, 0)
    got = [round(float(d.weights[0].reshape(-1)[0]), 5), round(float(d.weights[3].reshape(-1)[-1]), 5),
           round(float(d.gammas[2][7]), 5)]
    assert got == GOLDEN


GOLDEN = [-0.70413, 0.81327, 0.19483]


def test_lower_bpp_is_a_prefix_of_the_outputs() -> None:
    d = Decoder.from_seed(SEED, 0)
    x = torch.rand(1, 3, 16, 16, generator=torch.Generator().manual_seed(0))
    assert torch.equal(d.logits(x, 2), d.logits(x, 4)[:, :2])


def test_batchnorm_uses_the_image_statistics() -> None:
    """Brightness shifts move BatchNorm's batch mean, so the logits barely change: training mode."""
    d = Decoder.from_seed(SEED, 0)
    x = torch.rand(1, 3, 16, 16, generator=torch.Generator().manual_seed(1)) * 0.5
    assert float(d.logits(x).std()) > 1.0
    assert np.isfinite(d.logits(x + 0.25).numpy()).all()

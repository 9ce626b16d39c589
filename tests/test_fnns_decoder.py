"""The decoder is rebuilt from the key alone, and reads the same bits in float32 and float64."""

from __future__ import annotations

import torch
import torch.nn.functional as F

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


GOLDEN = [0.6212, -1.08908, -0.30555]


def test_lower_bpp_is_a_prefix_of_the_outputs() -> None:
    d = Decoder.from_seed(SEED, 0)
    x = torch.rand(1, 3, 16, 16, generator=torch.Generator().manual_seed(0))
    assert torch.equal(d.logits(x, 2), d.logits(x, 4)[:, :2])


def test_batchnorm_uses_the_image_statistics() -> None:
    """Halving the contrast halves the first layer's output, and BatchNorm normalises with the
    image's own statistics, so the logits stay the same (eval-mode statistics would not)."""
    d = Decoder.from_seed(SEED, 0)
    x = torch.rand(1, 3, 16, 16, generator=torch.Generator().manual_seed(1))
    assert float(d.logits(x).std()) > 1.0
    torch.testing.assert_close(d.logits(x * 0.5), d.logits(x), atol=1e-3, rtol=1e-3)


def test_first_layer_reads_texture_not_brightness_or_ramps() -> None:
    d = Decoder.from_seed(SEED, 0)
    i, j = torch.meshgrid(torch.arange(16.0), torch.arange(16.0), indexing="ij")
    smooth = torch.stack([0.2 + 0.01 * i, 0.5 - 0.02 * j, 0.1 + 0.01 * i + 0.01 * j])[None]
    texture = torch.rand(1, 3, 16, 16, generator=torch.Generator().manual_seed(2))
    assert float(F.conv2d(smooth, d.weights[0]).abs().max()) < 1e-5
    assert float(F.conv2d(texture, d.weights[0]).abs().mean()) > 0.1
    assert float(d.weights[0].abs().mean()) > 0.5

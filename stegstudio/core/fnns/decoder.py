"""The fixed random decoder that reads bits out of an image (FNNS-R, the "basic" SteganoGAN shape).

Four 3x3 convolutions, 3 -> 128 -> 128 -> 128 -> D, each hidden one followed by LeakyReLU and a
BatchNorm that always normalises with the image's own statistics (training-mode BatchNorm without
running averages): the sender and the receiver see the same image, so they compute the same
statistics, while eval-mode BatchNorm would read ~50 % errors.

Weights are never stored and never drawn from torch/numpy RNG: every conv and BatchNorm weight is
drawn N(0, 1) from the versioned keystream of the seed (label ``fnns/v2/variant{k}/...``), biases
are 0, and the first convolution's filters are then projected as below.

One departure from FNNS-R: every 3x3 slice of the first convolution is made blind to a pixel
patch's brightness and its linear ramps (projected onto the complement of 1, x, y). With plain
N(0, 1) filters the first layer mostly passes the photo's smooth content, and BatchNorm divides
every channel by that content's large spread, so a change small enough to be invisible barely
moves the normalised features. A decoder that reads texture only is several times more sensitive
to the fine changes the optimiser makes (docs/design.md has the measurements).

The output conv always has `MAX_BPP` filters and a D-bpp decoder uses the first D of them, so one
forward pass yields the logits for every bpp: the receiver, who does not know D, tries them all.

The salt decoder (`public_decoder`) has this shape too, from a public seed, with `PUBLIC_HIDDEN`
channels: the optimiser pays for its passes at every step, and half the width costs a quarter
(narrower still steered the salt too badly to be cheaper). `Stacked` reads
both as one decoder, so the optimiser fits the payload and the salt with one perturbation and
knows nothing of either.
"""

from __future__ import annotations

from functools import lru_cache

import torch
import torch.nn.functional as F

from stegstudio.core import keystream
from stegstudio.core.fnns import salt
from stegstudio.core.fnns.payload import MAX_BPP

HIDDEN = 128
PUBLIC_HIDDEN = 64
LEAKY_SLOPE = 0.01
BN_EPS = 1e-5
LABEL_PREFIX = "fnns/v2"


def _smooth_basis() -> torch.Tensor:
    """Orthonormal 3x3 patterns of a smooth patch: constant, x ramp, y ramp (3, 3, 3)."""
    steps = torch.arange(3.0, dtype=torch.float64) - 1
    ys, xs = torch.meshgrid(steps, steps, indexing="ij")
    return torch.stack([b / b.norm() for b in (torch.ones(3, 3, dtype=torch.float64), xs, ys)])


WEIGHT_GRID = 2.0**20  # exactly representable in float32 for |w| < 8 (normal draws stay far below)


def texture_only(weight: torch.Tensor) -> torch.Tensor:
    """`weight` (out, in, 3, 3) with each 3x3 slice's brightness and ramp components removed, computed in
    float64 and snapped to a 2^-20 grid, so every CPU rebuilds the same float32 weights: sums differ in
    their last bit between SIMD kernels, and after the cancellation here even a float64 last bit can move
    the float32 rounding (seen on one CPU of 1,728 weights), while it cannot move a value across the grid."""
    wide = weight.to(torch.float64)
    basis = _smooth_basis()
    coeffs = torch.einsum("oikl,bkl->oib", wide, basis)
    texture = wide - torch.einsum("oib,bkl->oikl", coeffs, basis)
    return (torch.round(texture * WEIGHT_GRID) / WEIGHT_GRID).to(weight.dtype)


class Decoder:
    """A keyed decoder variant; holds only tensors, so it can be moved and cast freely."""

    def __init__(self, weights: list[torch.Tensor], gammas: list[torch.Tensor]) -> None:
        self.weights = weights
        self.gammas = gammas

    @staticmethod
    def from_seed(seed: bytes, variant: int = 0, hidden: int = HIDDEN) -> Decoder:
        """Rebuild the weights of decoder `variant` from the seed (CPU keystream, float32)."""
        shapes = [(hidden, 3, 3, 3), (hidden, hidden, 3, 3), (hidden, hidden, 3, 3), (MAX_BPP, hidden, 3, 3)]
        base = f"{LABEL_PREFIX}/variant{variant}"
        weights = [torch.from_numpy(keystream.normal(seed, f"{base}/conv{i}", s)) for i, s in enumerate(shapes)]
        weights[0] = texture_only(weights[0])
        gammas = [torch.from_numpy(keystream.normal(seed, f"{base}/bn{i}", (hidden,))) for i in range(3)]
        return Decoder(weights, gammas)

    def to(self, device: str | torch.device, dtype: torch.dtype = torch.float32) -> Decoder:
        fmt = torch.channels_last if torch.device(device).type == "cpu" else torch.contiguous_format
        weights = [w.to(device=device, dtype=dtype).contiguous(memory_format=fmt) for w in self.weights]
        return Decoder(weights, [g.to(device=device, dtype=dtype) for g in self.gammas])

    def logits(self, image: torch.Tensor, bpp: int = MAX_BPP) -> torch.Tensor:
        """Logits (N, bpp, H, W) of an image batch (N, 3, H, W) in [0, 1]; bit = logit > 0."""
        x = image
        for w, g in zip(self.weights[:3], self.gammas, strict=True):
            x = F.conv2d(x, w, padding=1)
            x = F.leaky_relu(x, LEAKY_SLOPE)
            x = F.batch_norm(x, None, None, weight=g, bias=None, training=True, eps=BN_EPS)
        return F.conv2d(x, self.weights[3][:bpp], padding=1)


@lru_cache(maxsize=1)
def public_decoder() -> Decoder:
    """The decoder that reads the salt: the same for every image and every password."""
    return Decoder.from_seed(salt.PUBLIC_SEED, 0, PUBLIC_HIDDEN)


class Stacked:
    """A keyed decoder and the salt decoder read as one (the salt logits scaled by salt.LOGIT_SCALE, so
    the optimiser keeps their signs with a small margin): the keyed decoder's first bpp channels,
    then the salt decoder's `salt.CHANNELS`, so `logits(image, bpp + salt.CHANNELS)` is the
    target the optimiser fits."""

    def __init__(self, keyed: Decoder, public: Decoder) -> None:
        self.keyed = keyed
        self.public = public

    def to(self, device: str | torch.device, dtype: torch.dtype = torch.float32) -> Stacked:
        return Stacked(self.keyed.to(device, dtype), self.public.to(device, dtype))

    def logits(self, image: torch.Tensor, bpp: int = MAX_BPP + salt.CHANNELS) -> torch.Tensor:
        keyed = self.keyed.logits(image, bpp - salt.CHANNELS)
        return torch.cat([keyed, self.public.logits(image, salt.CHANNELS) * salt.LOGIT_SCALE], dim=1)

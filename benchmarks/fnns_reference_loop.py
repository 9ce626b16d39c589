#!/usr/bin/env python3
"""The paper's FNNS procedure, written plainly: the speed and quality baseline that
benchmarks/fnns_bench.py runs beside StegStudio's own embedder.

GINR-Stega hides bits with FNNS-R (Kishore et al., ICLR 2022): a fixed random decoder shaped like
SteganoGAN's "basic" decoder, and the cover image itself optimised until that decoder reads the
message. This script follows the paper's description and nothing more, so that the benchmark's
ratios compare StegStudio against the published method rather than against a tuned variant:

- decoder: 3x3 convolutions 3 -> 128 -> 128 -> 128 -> bpp, each hidden one followed by LeakyReLU
  and BatchNorm; every weight (convolutions and BatchNorm scales) drawn N(0, 1) from --seed, every
  bias 0. BatchNorm stays in training mode: it normalises with the image's own statistics, which a
  receiver can recompute (running statistics would be those of the initialisation);
- loss: binary cross-entropy with logits, summed over every bit of the message;
- optimiser: rounds of L-BFGS (learning rate 0.1, --max-iter iterations per round) on the image;
  after each round the change is clipped to +-eps and the image to [0, 1];
- stop: as soon as the image rounded to 8 bits (what a PNG stores) reads every bit right, after
  --rounds rounds, or once --time-limit seconds have passed.

The cover is centre-cropped to a square and resized to --size with Lanczos, as `embed --size`
does. It deliberately stays free of StegStudio's code: the baseline must not move when the project
does. Plain torch, numpy and Pillow; one process, one thread count (OMP_NUM_THREADS).

  python benchmarks/fnns_reference_loop.py IMAGE --size 64 --bpp 1 [--max-iter 10] [--time-limit 300]

Prints one JSON line: seconds (optimisation loop only), rounds, bit error before and after 8-bit
rounding, RGB PSNR of the 8-bit stego image against the 8-bit cover.
"""

from __future__ import annotations

import argparse
import json
import math
import time

import numpy as np
import torch
from PIL import Image
from torch import nn

HIDDEN = 128
LEARNING_RATE = 0.1


def load_cover(path: str, size: int) -> np.ndarray:
    """The image as a size x size RGB uint8 array: centre square, resized with Lanczos."""
    img = Image.open(path).convert("RGB")
    side = min(img.size)
    left, top = (img.width - side) // 2, (img.height - side) // 2
    img = img.crop((left, top, left + side, top + side))
    return np.asarray(img.resize((size, size), Image.LANCZOS) if side != size else img)


def basic_decoder(bits: int, seed: int) -> nn.Sequential:
    """SteganoGAN's basic decoder with FNNS-R's random weights, frozen, BatchNorm in training mode."""
    layers: list[nn.Module] = []
    for width_in in (3, HIDDEN, HIDDEN):
        layers += [nn.Conv2d(width_in, HIDDEN, 3, padding=1), nn.LeakyReLU(), nn.BatchNorm2d(HIDDEN)]
    model = nn.Sequential(*layers, nn.Conv2d(HIDDEN, bits, 3, padding=1))
    gen = torch.Generator().manual_seed(seed)
    for module in model.modules():
        if isinstance(module, (nn.Conv2d, nn.BatchNorm2d)):
            module.weight.data = torch.randn(module.weight.shape, generator=gen)
            module.bias.data.zero_()
    model.requires_grad_(False)
    return model.train()


def to_tensor(image8: np.ndarray) -> torch.Tensor:
    return torch.from_numpy(image8.astype(np.float32) / 255.0).permute(2, 0, 1)[None].contiguous()


def to_uint8(x: torch.Tensor) -> np.ndarray:
    return np.clip(np.round(x[0].permute(1, 2, 0).numpy() * 255.0), 0, 255).astype(np.uint8)


def bit_error(model: nn.Module, x: torch.Tensor, target: torch.Tensor) -> float:
    with torch.no_grad():
        return float(((model(x) > 0).float() != target).float().mean())


def psnr_rgb(a: np.ndarray, b: np.ndarray) -> float:
    mse = float(np.mean((a.astype(np.float64) - b.astype(np.float64)) ** 2))
    return math.inf if mse == 0 else 10.0 * math.log10(255.0**2 / mse)


def lbfgs_round(x: torch.Tensor, model: nn.Module, target: torch.Tensor, max_iter: int) -> torch.Tensor:
    """One round: a fresh L-BFGS on the image (its curvature memory does not outlive the clip)."""
    x = x.clone().requires_grad_(True)
    opt = torch.optim.LBFGS([x], lr=LEARNING_RATE, max_iter=max_iter)
    loss_fn = nn.BCEWithLogitsLoss(reduction="sum")

    def closure() -> torch.Tensor:
        opt.zero_grad()
        loss = loss_fn(model(x), target)
        loss.backward()
        return loss

    opt.step(closure)
    return x.detach()


def hide(cover: torch.Tensor, model: nn.Module, target: torch.Tensor, args: argparse.Namespace) -> tuple[
        torch.Tensor, int]:
    """Optimise the image round by round until its 8-bit version carries `target`; return it and the
    number of rounds run."""
    x = cover.clone()
    start = time.perf_counter()
    rounds = 0
    while rounds < args.rounds:
        rounds += 1
        x = lbfgs_round(x, model, target, args.max_iter)
        x = (cover + (x - cover).clamp(-args.eps, args.eps)).clamp(0.0, 1.0)
        if bit_error(model, to_tensor(to_uint8(x)), target) == 0.0:
            break
        if time.perf_counter() - start > args.time_limit:
            break
    return x, rounds


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("image", help="cover image (any format Pillow reads)")
    ap.add_argument("--size", type=int, default=64, help="side of the square cover in pixels")
    ap.add_argument("--bpp", type=int, default=1, help="message bits per pixel (decoder output channels)")
    ap.add_argument("--max-iter", type=int, default=10, help="L-BFGS iterations per round")
    ap.add_argument("--rounds", type=int, default=100, help="most rounds")
    ap.add_argument("--eps", type=float, default=0.3, help="largest change of a pixel value (image in [0, 1])")
    ap.add_argument("--seed", type=int, default=11111, help="seed of the decoder's weights and the message bits")
    ap.add_argument("--time-limit", type=float, default=300.0, help="stop after this many seconds")
    args = ap.parse_args()

    cover8 = load_cover(args.image, args.size)
    cover = to_tensor(cover8)
    model = basic_decoder(args.bpp, args.seed)
    bits_gen = torch.Generator().manual_seed(args.seed + 1)
    target = torch.randint(0, 2, (1, args.bpp, args.size, args.size), generator=bits_gen).float()

    t0 = time.perf_counter()
    stego, rounds = hide(cover, model, target, args)
    seconds = time.perf_counter() - t0
    stego8 = to_uint8(stego)
    err, err8 = bit_error(model, stego, target), bit_error(model, to_tensor(stego8), target)
    print(json.dumps({
        "method": "fnns-reference-loop", "size": args.size, "bpp": args.bpp, "max_iter": args.max_iter,
        "seconds": round(seconds, 3), "rounds": rounds, "bit_error": err, "bit_error_8bit": err8,
        "psnr_rgb": round(psnr_rgb(cover8, stego8), 3), "converged": err8 == 0.0,
    }))


if __name__ == "__main__":
    main()

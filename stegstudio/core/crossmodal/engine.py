"""Hide a secret in a cover image, and reveal it again: the two entry points of cross-modal hiding.

`hide` trains the three variable matrices (initialised *at the cover*, in pixel units) with
    L = L_s(f_Q) + beta * L_c(Q),     Q = round(255 p) / 255 with a straight-through gradient,
so every step sees exactly the 8-bit weights the recipient will rebuild. `reveal` needs only the
container PNG and the key (plus the password if the key was made with one); `reveal_checked` also
says whether the container is the one the sender wrote.

With `robust` (a JPEG quality), four steps in every `JPEG_CYCLE` evaluate the network on the container
as Pillow's libjpeg returns it, at the qualities from that one up to 95 in turn, with the gradient of a
differentiable JPEG (`jpeg_channel.encoder_round_trip`), so a container re-encoded at any of them
still reveals a recognisable secret; the remaining clean step keeps the lossless reveal close to what it was.

With `cover_psnr` (the fidelity dial) beta is 0 and every step ends with a projection of the pixels
back to that PSNR from the cover (`fidelity`): the user picks the cover's quality, the secret gets the rest.

With mixed precision the network runs under bfloat16 autocast for most steps and in float32 for the last
`FLOAT32_FINISH` of them: the recipient reveals in float32, and the finish fits the container to that.

With a password the container also carries the key itself, hidden (`header`), so `reveal_with_password`
needs nothing but the container and the password.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

import numpy as np
import torch

from stegstudio.core import metrics
from stegstudio.core.crossmodal import fidelity, header, integrity, modalities, secrets
from stegstudio.core.crossmodal.architecture import Architecture, BaseNetwork
from stegstudio.core.crossmodal.container import pixels_to_uint8, uint8_to_pixels
from stegstudio.core.crossmodal.presets import get_preset
from stegstudio.core.devices import bf16_is_fast
from stegstudio.core.errors import InputError
from stegstudio.core.jobs import JobContext, quiet
from stegstudio.core.jpeg_channel import encoder_round_trip
from stegstudio.core.keys import Key, SeedSource, check_value
from stegstudio.core.media import jpeg
from stegstudio.core.quantise import quantise_ste

METHOD = "crossmodal-inr/han2023"
SIREN_HIDDEN_LAYERS = 4  # 6 linear layers, W1..W3 variable (paper, section 3.1)
SDF_HIDDEN_LAYERS = 6  # 8 linear layers, W1, W2, W4 variable (the paper's IGR layout)
REPORT_EVERY = 10
PRECISIONS = ("auto", "mixed", "float32")
FLOAT32_FINISH = 0.1  # share of a mixed-precision run's steps trained in float32 at the end
JPEG_CYCLE = 5  # robust training: of every five steps, one trains the clean container, four its JPEG
MAX_STEPS = 1_000_000  # training bounds, shared with the CLI's option checks
MAX_BETA = 1e6


@dataclass(frozen=True)
class HideSettings:
    """What the sender chooses; None means "the preset's value for this modality"."""

    preset: str = "quick"
    modality: str | None = None
    steps: int | None = None
    lr: float | None = None
    beta: float | None = None
    batch: int | None = None
    qat: bool = True
    device: str = "cpu"
    password: str | None = None
    train_seed: int = 0  # sender-side sampling order only; not secret, not needed to reveal
    seed_source: SeedSource | None = None  # reuse an existing key's seed instead of a new one
    robust: int | None = None  # train so a container re-encoded as JPEG at this quality still reveals
    cover_psnr: float | None = None  # the fidelity dial: hold the container at this cover PSNR (dB)
    precision: str = "auto"  # "mixed": bfloat16 steps then a float32 finish; "float32"; "auto": mixed where fast


@dataclass
class HideResult:
    container: np.ndarray
    key: Key
    revealed: Any
    metrics: dict[str, float]
    notices: list[str]
    seconds: float
    steps: int


@dataclass(frozen=True)
class RevealResult:
    revealed: Any
    container_intact: bool | None  # None: a version-1 key carries no tag to check against
    notes: list[str]  # warnings for the user: the container was changed, or cannot be checked


def architecture_for(modality: str, width: int) -> Architecture:
    """The base network for a modality and cover size.

    Design choices the paper leaves open (measured in benchmarks/crossmodal_bench.py):
    - [w_min, w_max] = +-sqrt(6/N)/omega_0, SIREN's own hidden-layer range, so a container that
      looked like uniform noise would be exactly a SIREN initialisation;
    - the fixed last layer at +-sqrt(6/N) (no /omega_0), else outputs cannot reach [-1, 1];
    - shapes: the paper's 8-layer SDF layout (variable W1, W2, W4) but with sine activations, not
      IGR's softplus: softplus outputs are all positive, so each image row's mean brightness acts as
      a large per-neuron bias that switches neurons off; sines are zero-mean, so the cover's
      brightness cancels out.
    """
    kind = modalities.get(modality)
    omega = 30.0
    c = math.sqrt(6.0 / width) / omega
    in_dim, out_dim = kind.network_dims
    if kind.network == "sdf":
        return Architecture("siren", width, in_dim, out_dim, (1, 2, 4), -c, c, SDF_HIDDEN_LAYERS,
                            omega_first=kind.omega_first, omega_hidden=omega, last_scale=1.0)
    return Architecture("siren", width, in_dim, out_dim, (1, 2, 3), -c, c, SIREN_HIDDEN_LAYERS,
                        omega_first=kind.omega_first, omega_hidden=omega, last_scale=1.0)


def _check_training(steps: int, lr: float, beta: float, batch: int) -> None:
    """Refuse settings no training can use before it starts (a NaN beta once wrote a wrecked container)."""
    if not 1 <= steps <= MAX_STEPS:
        raise InputError(f"steps must be from 1 to {MAX_STEPS}, not {steps}")
    if not (math.isfinite(lr) and 0 < lr <= 1):
        raise InputError(f"the learning rate must be above 0 and at most 1, not {lr}")
    if not (math.isfinite(beta) and 0 <= beta <= MAX_BETA):
        raise InputError(f"beta (the cover loss weight) must be from 0 to {MAX_BETA:g}, not {beta}")
    if not 1 <= batch <= 2**24:
        raise InputError(f"the batch must be from 1 to {2**24} points, not {batch}")


def hide(
    secret: secrets.Secret,
    cover: np.ndarray,
    settings: HideSettings,
    ctx: JobContext | None = None,
) -> HideResult:
    """Fit `secret` into weights that look like `cover` (uint8, N x N x 3); nothing is written."""
    ctx = ctx or quiet()
    preset = get_preset(settings.preset)
    mp = preset.for_modality(secret.modality)
    steps = settings.steps if settings.steps is not None else mp.steps
    lr = settings.lr if settings.lr is not None else mp.lr
    beta = settings.beta if settings.beta is not None else mp.beta
    batch = settings.batch if settings.batch is not None else mp.batch
    _check_training(steps, lr, beta, batch)
    robust = None if settings.robust is None else jpeg.check_quality(settings.robust)
    target_db = None if settings.cover_psnr is None else fidelity.check_target(settings.cover_psnr)
    if target_db is not None and settings.beta is not None:
        raise InputError("give a cover PSNR to aim for or a beta, not both: the dial sets the cover loss itself")
    if target_db is not None:
        beta = 0.0  # the projection below holds the cover at the target instead of a weighted loss
    if cover.ndim != 3 or cover.shape[0] != cover.shape[1] or cover.shape[2] != 3:
        raise InputError("the cover must be a square RGB image")
    device = torch.device(settings.device)
    precision = resolve_precision(settings.precision, device)
    mixed_steps = steps - math.ceil(FLOAT32_FINISH * steps) if precision == "mixed" else 0
    t0 = time.perf_counter()

    seed_source = settings.seed_source or SeedSource.new(settings.password)
    seed = seed_source.seed(settings.password)
    arch = architecture_for(secret.modality, cover.shape[0])
    cover_p = uint8_to_pixels(cover).to(device)
    net = BaseNetwork(arch, seed, cover_p).to(device)
    net.qat = settings.qat
    opt = torch.optim.Adam([net.pixels], lr=lr)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: 0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * s / steps)))
    gen = torch.Generator().manual_seed(settings.train_seed)
    qualities = [] if robust is None else [q for q in jpeg.QUALITIES if q >= robust]
    channels = [partial(encoder_round_trip, quality=q) for q in qualities]

    ctx.report("hide", 0, steps)
    for step in range(1, steps + 1):
        net.channel = _channel(channels, step)
        coords, targets = secret.batch(batch, gen)
        with torch.autocast(device.type, dtype=torch.bfloat16, enabled=step <= mixed_steps):
            loss_s = secret.loss(net, coords.to(device), targets.to(device))
        p = quantise_ste(net.pixels) if settings.qat else net.pixels
        loss_c = torch.mean((p - cover_p) ** 2)
        loss = loss_s + beta * loss_c
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        sched.step()
        with torch.no_grad():
            net.pixels.clamp_(0.0, 1.0)
        if target_db is not None:
            fidelity.project(net.pixels, cover_p, target_db)
        if step % REPORT_EVERY == 0 or step == steps:
            values = {"secret_loss": float(loss_s.detach()), "cover_loss": float(loss_c.detach()),
                      "cover_psnr": -10.0 * math.log10(max(float(loss_c.detach()), 1e-12))}
            preview = pixels_to_uint8(net.pixels) if ctx.wants_preview(step) else None
            ctx.report("hide", step, steps, values, preview)
        else:
            ctx.check_cancel()

    net.channel = None
    container = pixels_to_uint8(net.pixels)
    notices = list(secret.notices)
    params = {
        "architecture": arch.to_json(),
        "secret": secret.meta(),
        "container": {"width": arch.width, "height": arch.width, "format": "png-rgb8"},
        "training": {"preset": preset.name, "steps": steps, "lr": lr, "beta": beta, "batch": batch,
                     "qat": settings.qat, "precision": precision,
                     **({} if robust is None else {"jpeg_quality": robust}),
                     **({} if target_db is None else {"cover_psnr_target": target_db})},
    }
    key, container = _seal(container, seed_source, seed, settings.password, params, notices)
    ctx.report("reveal", 0, 1)
    revealed = secrets.render(_network(container, key, seed, settings.device), key.params["secret"], settings.device)
    result_metrics = {**metrics.image_metrics(cover, container, prefix="cover"), **secret.compare(revealed)}
    if robust is not None:  # what the recipient of a re-encoded container gets, with the real encoder
        shared = secrets.render(_network(jpeg.round_trip(container, robust), key, seed, settings.device),
                                key.params["secret"], settings.device)
        result_metrics.update({f"{name}_after_jpeg": value for name, value in secret.compare(shared).items()})
    ctx.report("reveal", 1, 1)
    return HideResult(container, key, revealed, result_metrics, notices, time.perf_counter() - t0, steps)


def _channel(channels: list[Callable[[torch.Tensor], torch.Tensor]],
             step: int) -> Callable[[torch.Tensor], torch.Tensor] | None:
    """The JPEG round trip a robust training step sees (one quality per cycle, in turn), or None on the
    cycle's clean step: one clean step in five holds the lossless reveal, and the JPEG reveal gains from
    every step it gets."""
    if not channels or step % JPEG_CYCLE == 0:
        return None
    return channels[step // JPEG_CYCLE % len(channels)]


def _seal(container: np.ndarray, seed_source: SeedSource, seed: bytes, password: str | None, params: dict[str, Any],
          notices: list[str]) -> tuple[Key, np.ndarray]:
    """The key (check value, tag) and the final container: with a password, one that carries its key hidden
    in the lowest bit of a few values (the tag leaves those bits out, so writing them keeps it valid)."""
    bits = header.bit_count(METHOD, params)
    if password is None or not header.supports(seed_source) or not header.fits(bits, container.shape):
        if password is not None:
            notices.append("the container carries no hidden key (it would not fit, or the reused key is not a "
                           "password key at the current scrypt settings), so the recipient needs the key file")
        return Key(METHOD, seed_source, params, check=check_value(seed),
                   tag=integrity.container_tag(seed, METHOD, params, container)), container
    place = header.new_place(password, bits, container.shape)
    key = Key(METHOD, seed_source, params, check=check_value(seed),
              tag=integrity.container_tag(seed, METHOD, params, header.cleared(container, place)), header_bits=bits)
    return key, header.write(container, place, key, seed)


def resolve_precision(name: str, device: torch.device) -> str:
    """"auto" is mixed where bfloat16 is native (`devices.bf16_is_fast`), else float32, which is faster
    than emulated bfloat16."""
    if name not in PRECISIONS:
        raise InputError(f"unknown precision '{name}'; choose one of {', '.join(PRECISIONS)}")
    if name == "mixed" and device.type == "cuda" and not torch.cuda.is_bf16_supported():
        raise InputError("this GPU cannot compute in bfloat16 at all; use --precision float32 (or auto)")
    if name != "auto":
        return name
    return "mixed" if bf16_is_fast(str(device)) else "float32"


def robust_quality(key: Key) -> int | None:
    """The JPEG quality the key's container was trained to survive, if any."""
    quality = key.params.get("training", {}).get("jpeg_quality")
    return int(quality) if quality is not None else None


def reveal(container: np.ndarray, key: Key, password: str | None = None, device: str = "cpu") -> Any:
    """The revealed secret alone; see `reveal_checked`."""
    return reveal_checked(container, key, password, device).revealed


def reveal_checked(container: np.ndarray, key: Key, password: str | None = None, device: str = "cpu",
                   strict: bool = False) -> RevealResult:
    """Rebuild the network from the container and the key, render the secret, and say whether the
    container is intact. A wrong password is an error (`keys.WrongPassword`); a changed container
    still reveals, with a note, unless `strict`, which refuses anything not known to be intact."""
    if key.method != METHOD:
        raise InputError(f"this key is for '{key.method}', not cross-modal hiding; use the matching command")
    return _reveal_checked(container, key, key.seed(password), password, device, strict)


def reveal_with_password(container: np.ndarray, password: str, device: str = "cpu",
                         strict: bool = False) -> tuple[Key, RevealResult]:
    """Reveal from the container alone: the key comes from its hidden header (`header.read`, which raises
    `keys.WrongPassword` when no header answers to the password); otherwise as `reveal_checked`."""
    found = header.read(container, password)
    if found.key.method != METHOD:
        raise InputError(f"the container's header is for '{found.key.method}', not cross-modal hiding")
    return found.key, _reveal_checked(container, found.key, found.seed, password, device, strict, found)


def _reveal_checked(container: np.ndarray, key: Key, seed: bytes, password: str | None, device: str,
                    strict: bool, found: header.Found | None = None) -> RevealResult:
    net = _network(container, key, seed, device)
    intact = _intact(container, key, password, seed, found)
    altered = integrity.RECOMPRESSED if robust_quality(key) is not None else integrity.ALTERED
    notes = {True: [], False: [altered], None: [integrity.UNCHECKED]}[intact]
    if strict and intact is not True:
        raise InputError(f"{notes[0]}; nothing was revealed (without --strict it reveals anyway, with a warning)")
    return RevealResult(secrets.render(net, key.params["secret"], device), intact, notes)


def _intact(container: np.ndarray, key: Key, password: str | None, seed: bytes,
            found: header.Found | None) -> bool | None:
    """The tag's verdict; for a container with a header (whose seed needed the password), over its values
    with the header's lowest bits cleared, and only if the header itself reads back exactly (`found`: the
    header already read, by a password-only reveal)."""
    if key.header_bits is None or password is None:
        return integrity.container_intact(key, seed, container)
    place = found.place if found is not None else header.find_place(container, password, key.header_bits)
    if not integrity.container_intact(key, seed, header.cleared(container, place)):
        return False
    return found.exact if found is not None else header.intact(container, place, key)


def _network(container: np.ndarray, key: Key, seed: bytes, device: str) -> BaseNetwork:
    arch = Architecture.from_json(key.params["architecture"])
    return BaseNetwork.from_container(arch, seed, container).to(device)

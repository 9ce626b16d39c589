"""Train the image, not the network: find a small bounded change that makes the decoder read the bits.

Two modes share one contract (cover in, 8-bit stego image out, accepted only after the 8-bit
rounded image was decoded again in float32):

* ``faithful``: the paper's procedure. BCE with logits, L-BFGS rounds (lr 0.1, 10 iterations),
  clip to the L_inf ball of radius eps and to [0, 1] after each round, stop when no payload bit is
  wrong (checked after rounding, which the reference code forgot), at most 100 rounds.
* ``fast`` (default): the same constraints, fewer and cheaper steps, an earlier finish.
  - A margin loss, softplus(2m - s * logit), instead of BCE: it stops pushing bits that are already
    safely right, and the margin m makes the bits read the same in float32/float64, CPU/GPU.
  - Only payload bits count; outputs that carry nothing are free.
  - An L2 penalty on the perturbation (the norm PSNR measures) that fades out over `penalty_steps`:
    early on only changes that keep paying for themselves survive, later nothing holds a hard
    cover back from converging.
  - Quasi-Newton steps (L-BFGS two-loop recursion, no line search, step RMS capped) projected onto
    the eps box and [0, 1]: torch's LBFGS cannot project or fade the penalty, and its strong-Wolfe
    line search stalls on bf16 gradients.
  - Where those steps stop lowering the error count (`patience`), RMS-normalised momentum steps take
    over: their jitter gets an over-determined problem out of its local minimum.
  - bfloat16 autocast where the hardware has it, channels_last, gradients only for the image; the
    acceptance check is always float32 on the rounded image.
  - Once a rounded image fails the check although the float one passed, the loss reads the 8-bit
    rounded image (straight-through): the float optimum can live below the 8-bit step.
  - It stops as soon as the error-correcting code can fix what is left with a reserve
    (engine.FAST_RESERVE); `acceptable` decides, on the rounded image, in float32.
  - `difficulty` ranks the key's decoder variants before any step: random decoders differ a lot,
    and the receiver tries every variant anyway.
The measurements behind these choices are in docs/design.md.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F

from stegstudio.core.devices import bf16_is_fast
from stegstudio.core.fnns.decoder import Decoder
from stegstudio.core.jobs import JobContext
from stegstudio.core.quantise import quantise_ste

MARGIN = 1.0  # |logit| a bit needs to count as read; logits have a spread of ~30, float32 noise ~1e-3

Acceptor = Callable[[np.ndarray], bool]


@dataclass(frozen=True)
class Settings:
    """Knobs of one optimisation run; the defaults are the fast mode's."""

    mode: str = "fast"
    eps: float = 0.3
    lr: float = 0.006  # fast: RMS of the first step and of every momentum step; faithful: L-BFGS lr
    max_steps: int = 3000  # per decoder variant
    rounds: int = 100
    lbfgs_iter: int = 10
    bf16: bool = True
    penalty: float = 500.0  # x sum(delta^2)
    penalty_steps: int = 80
    history: int = 10
    max_step: float = 0.02  # cap on a quasi-Newton step's RMS
    patience: int = 20  # steps without a new lowest error count before momentum takes over
    momentum: float = 0.9
    target: float = 2.0  # the loss's margin, in units of MARGIN

    @staticmethod
    def faithful() -> Settings:
        return Settings(mode="faithful", lr=0.1, bf16=False)


@dataclass(frozen=True)
class Outcome:
    """The rounded stego image and how the run went."""

    image: np.ndarray  # uint8 (H, W, 3)
    accepted: bool
    steps: int  # gradient evaluations
    rounds: int
    ber: float  # payload bits wrong in the last training logits (bf16, maybe of the rounded image)
    ber_8bit: float  # payload bits wrong after rounding to 8 bits


def to_tensor(image: np.ndarray, device: str) -> torch.Tensor:
    return torch.from_numpy(image.astype(np.float32) / 255.0).permute(2, 0, 1)[None].contiguous().to(device)


def to_uint8(x: torch.Tensor) -> np.ndarray:
    return np.clip(np.round(x[0].detach().float().cpu().permute(1, 2, 0).numpy() * 255.0), 0, 255).astype(np.uint8)


def read_logits(decoder: Decoder, image: np.ndarray, device: str, bpp: int) -> np.ndarray:
    """float32 logits (bpp, H, W) of an 8-bit image, with TF32 off so a GPU reads what a CPU reads."""
    x = to_tensor(image, device)
    if torch.device(device).type == "cpu":
        x = x.contiguous(memory_format=torch.channels_last)
    with torch.no_grad(), torch.backends.cudnn.flags(enabled=True, allow_tf32=False):
        return decoder.logits(x, bpp)[0].float().cpu().numpy()


def decided_bits(logits: np.ndarray, target: np.ndarray) -> np.ndarray:
    """Bits as read, except that a bit inside the margin counts as wrong (the opposite of
    `target`) whichever side it is on: another device may read it either way."""
    bits = (logits > 0).astype(np.uint8)
    return np.where(np.abs(logits) < MARGIN, 1 - target, bits)


def optimise(
    cover: np.ndarray,
    decoder: Decoder,
    bits: np.ndarray,
    mask: np.ndarray,
    acceptable: Acceptor,
    ctx: JobContext,
    settings: Settings | None = None,
    device: str = "cpu",
) -> Outcome:
    """Perturb `cover` (uint8 H x W x 3) until `acceptable(decided bits of the rounded image)`.

    `bits`/`mask` are (bpp, H, W): the target bit of every decoder output and whether it carries
    payload. `decoder` must already be on `device`.
    """
    settings = settings or Settings()
    run = _run_faithful if settings.mode == "faithful" else _run_fast
    outcome = run(cover, decoder, bits, mask, acceptable, ctx, settings, device)
    if outcome.accepted:  # the runs report against their step cap; an early finish completes the bar
        done = outcome.rounds if settings.mode == "faithful" else outcome.steps
        ctx.report("embed", done, done, {"ber": outcome.ber, "ber_8bit": outcome.ber_8bit})
    return outcome


def difficulty(cover: np.ndarray, decoder: Decoder, bits: np.ndarray, mask: np.ndarray, device: str = "cpu") -> float:
    """First-order distance to the target: margin loss over its gradient norm at the cover
    (a DeepFool-style estimate). Lower means fewer steps and a smaller change."""
    settings = Settings()
    pb = _Problem(cover, decoder, bits, mask, lambda _: False, settings, device)
    x = pb.cover.clone().requires_grad_(True)
    loss = (F.softplus(2 * MARGIN - pb.sign * pb.logits(x)) * pb.mask).sum()
    (grad,) = torch.autograd.grad(loss, x)
    return float(loss.detach()) / max(float(grad.norm()), 1e-12)


class _Problem:
    """Shared state of both modes: targets, projection, and the rounded-image check."""

    def __init__(self, cover, decoder, bits, mask, acceptable, settings, device) -> None:
        self.cover = to_tensor(cover, device)
        self.decoder = decoder
        self.bpp = bits.shape[0]
        self.bits = bits
        self.mask_np = mask
        self.sign = torch.from_numpy(bits.astype(np.float32) * 2 - 1)[None].to(device)
        self.mask = torch.from_numpy(mask)[None].to(device)
        self.acceptable = acceptable
        self.settings = settings
        self.device = device
        self.cpu = torch.device(device).type == "cpu"
        self.n_payload = max(1, int(mask.sum()))
        self.bf16 = settings.bf16 and bf16_is_fast(device)
        self.read_rounded = False  # fast mode: set once rounding has broken a promising image

    def logits(self, x: torch.Tensor) -> torch.Tensor:
        if self.read_rounded:
            x = quantise_ste(x)
        if self.cpu:
            x = x.contiguous(memory_format=torch.channels_last)
        with torch.autocast(torch.device(self.device).type, dtype=torch.bfloat16, enabled=self.bf16):
            return self.decoder.logits(x, self.bpp).float()

    def project(self, x: torch.Tensor) -> torch.Tensor:
        eps = self.settings.eps
        return torch.clamp(self.cover + torch.clamp(x - self.cover, -eps, eps), 0.0, 1.0)

    def wrong(self, logits: torch.Tensor) -> int:
        return int(((self.sign * logits < 0) & self.mask).sum())

    def promising(self, logits: torch.Tensor) -> bool:
        """Would the acceptor take the (float, low-precision) training logits? A cheap gate that
        spares the float32 check of the rounded image until it can succeed."""
        return self.acceptable(decided_bits(logits[0].detach().float().cpu().numpy(), self.bits))

    def check(self, x: torch.Tensor) -> tuple[bool, np.ndarray, float]:
        """Round to 8 bits, decode in float32, and ask the acceptor; also the 8-bit BER."""
        image = to_uint8(x)
        logits = read_logits(self.decoder, image, self.device, self.bpp)
        ber8 = float((((logits > 0) != self.bits.astype(bool)) & self.mask_np).sum()) / self.n_payload
        return self.acceptable(decided_bits(logits, self.bits)), image, ber8


class _QuasiNewton:
    """L-BFGS directions from the last few (step, gradient change) pairs; forgets a pair whose
    curvature is not positive, so the direction stays a descent direction."""

    def __init__(self, history: int) -> None:
        self.history = history
        self.pairs: list[tuple[torch.Tensor, torch.Tensor, float]] = []

    def remember(self, s: torch.Tensor, y: torch.Tensor) -> None:
        sy = float(s @ y)
        if sy > 1e-10 * float(y @ y):
            self.pairs = [*self.pairs, (s, y, 1.0 / sy)][-self.history :]

    def direction(self, grad: torch.Tensor) -> torch.Tensor | None:
        """Approximate inverse Hessian times `grad`; None until a pair is known."""
        if not self.pairs:
            return None
        q = grad.clone()
        alphas = []
        for s, y, rho in reversed(self.pairs):
            a = rho * float(s @ q)
            q.add_(y, alpha=-a)
            alphas.append(a)
        s, y, _ = self.pairs[-1]
        q.mul_(float(s @ y) / float(y @ y))
        for (s, y, rho), a in zip(self.pairs, reversed(alphas), strict=True):
            q.add_(s, alpha=a - rho * float(y @ q))
        return q


def _rms(t: torch.Tensor) -> float:
    return float(t.norm()) / t.numel() ** 0.5


def _run_fast(cover, decoder, bits, mask, acceptable, ctx, settings, device) -> Outcome:
    pb = _Problem(cover, decoder, bits, mask, acceptable, settings, device)
    delta = torch.zeros_like(pb.cover)  # always inside the eps box and [0, 1]
    qn = _QuasiNewton(settings.history)
    velocity: torch.Tensor | None = None  # set once the quasi-Newton steps stall
    previous: tuple[torch.Tensor, torch.Tensor] | None = None
    best, since_best, ber, ber8, image = pb.n_payload + 1, 0, 1.0, 1.0, to_uint8(pb.cover)
    for step in range(1, settings.max_steps + 1):
        leaf = delta.clone().requires_grad_(True)
        logits = pb.logits(pb.cover + leaf)
        loss = (F.softplus(settings.target * MARGIN - pb.sign * logits) * pb.mask).sum()
        (grad,) = torch.autograd.grad(loss, leaf)
        wrong = pb.wrong(logits)
        ber = wrong / pb.n_payload
        ctx.report("embed", step, settings.max_steps, {"ber": ber})
        if pb.promising(logits):  # the image these logits came from, not the next one
            ok, image, ber8 = pb.check(pb.cover + delta)
            if ok:
                return Outcome(image, True, step, step, ber, ber8)
            pb.read_rounded = True
        best, since_best = (wrong, 0) if wrong < best else (best, since_best + 1)
        with torch.no_grad():
            if velocity is None and since_best < settings.patience:
                strength = settings.penalty * max(0.0, 1.0 - step / settings.penalty_steps)
                grad = (grad + 2.0 * strength * delta).reshape(-1)
                if previous is not None:
                    qn.remember(delta.reshape(-1) - previous[0], grad - previous[1])
                previous = (delta.reshape(-1).clone(), grad)
                move = qn.direction(grad)
                if move is None:
                    move = grad * (settings.lr / max(_rms(grad), 1e-12))
                move.mul_(min(1.0, settings.max_step / max(_rms(move), 1e-12)))
            else:
                # Steepest descent in L2, RMS-normalised so one step moves a pixel by about `lr`,
                # with momentum: slower than quasi-Newton, but its jitter leaves a local minimum.
                direction = grad / max(_rms(grad), 1e-12)
                if velocity is None:
                    velocity = direction
                else:
                    velocity.mul_(settings.momentum).add_(direction, alpha=1.0 - settings.momentum)
                move = velocity * settings.lr
            delta = pb.project(pb.cover + delta - move.view_as(delta)) - pb.cover
    ok, image, ber8 = pb.check(pb.cover + delta)
    return Outcome(image, ok, settings.max_steps, settings.max_steps, ber, ber8)


def _lbfgs_round(pb: _Problem, x: torch.Tensor, target: torch.Tensor, weight: torch.Tensor) -> tuple[torch.Tensor, int]:
    """One L-BFGS round from `x`; returns the projected result and the gradient evaluations used."""
    x = x.detach().clone().requires_grad_(True)
    opt = torch.optim.LBFGS([x], lr=pb.settings.lr, max_iter=pb.settings.lbfgs_iter)
    evals = 0

    def closure() -> torch.Tensor:
        nonlocal evals
        evals += 1
        opt.zero_grad()
        loss = F.binary_cross_entropy_with_logits(pb.logits(x), target, weight=weight, reduction="sum")
        loss.backward()
        return loss

    opt.step(closure)
    return pb.project(x.detach()).contiguous(), evals


def _run_faithful(cover, decoder, bits, mask, acceptable, ctx, settings, device) -> Outcome:
    pb = _Problem(cover, decoder, bits, mask, acceptable, settings, device)
    target = torch.from_numpy(bits.astype(np.float32))[None].to(device)
    weight = pb.mask.float()
    x = pb.cover.clone()
    steps, ber, ber8, image = 0, 1.0, 1.0, to_uint8(x)
    for rnd in range(1, settings.rounds + 1):
        x, evals = _lbfgs_round(pb, x, target, weight)
        steps += evals
        with torch.no_grad():
            ber = pb.wrong(pb.logits(x)) / pb.n_payload
        ok, image, ber8 = pb.check(x)
        ctx.report("embed", rnd, settings.rounds, {"ber": ber, "ber_8bit": ber8})
        if ok:
            return Outcome(image, True, steps, rnd, ber, ber8)
    return Outcome(image, False, steps, settings.rounds, ber, ber8)

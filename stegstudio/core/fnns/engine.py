"""Bit embedding on arrays: `embed_array` hides a `Message` in a uint8 RGB cover and returns the
verified stego image; `extract_array` reads it back with the password alone. Files (and the checks
around them) are `files.py`'s job, so the engine never touches a path.

Decoder variants: the paper re-seeds from a fixed list of ten seeds when the stego PSNR is too
low. Here the list is `VARIANTS` decoders derived from the password (variant 0, 1, ...); the
receiver tries them in order, and the key check plus the authentication tag say which one is
right. Four, not ten: a wrong password costs the receiver one decoder pass per variant. The fast
mode does not wait for a bad PSNR to move on: it ranks the variants by a one-step estimate of
how far the cover is from the target (`optimise.difficulty`) and starts with the easiest.

Covert mode (covert.py) needs no decoder: the frame is the syndrome of the samples' lowest bits.
It shares the key check and the frame, with a salt of its own (a hash of public samples it never
changes), so the receiver tries that salt first and the decoders' salts after it.

Robust mode (robust.py) reads the frame from low-frequency DCT projections that JPEG keeps, with a
salt of its own in the block means; a JPEG file (by its header) is tried in robust mode only, another
lossy-named file in robust mode first.

The salt: the sender takes the one the cover already reads, derives the master seed from it, and
optimises one perturbation for the keyed decoder and the public salt decoder together
(`decoder.Stacked`). The receiver reads the salt first (salt.py) and runs scrypt on it, then on the
few variants with its least confident bits flipped, until the key check matches; failing that it
tries format 1.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace

import numpy as np
import torch

from stegstudio.core import metrics
from stegstudio.core.errors import InputError
from stegstudio.core.fnns import blocks, covert, density, payload, robust, salt
from stegstudio.core.fnns.decoder import MAX_BPP, Decoder, Stacked, public_decoder
from stegstudio.core.fnns.optimise import Acceptor, Outcome, Settings, difficulty, optimise, read_logits
from stegstudio.core.jobs import JobContext, quiet
from stegstudio.core.media import jpeg

VARIANTS = 4
MIN_PSNR = 20.0  # below this the paper re-seeds; so does the faithful mode
MODES = ("fast", "faithful", "covert", "robust")
ROBUST_STEPS_DOWN = 2  # robust mode: lower qualities' steps tried when the asked one does not verify
FAST_RESERVE = 3  # fast: stop at parity / 3 byte errors per block (2/3 of the reach; 1/3 kept in reserve)


@dataclass(frozen=True)
class EmbedStats:
    """How one embedding went; the numbers `--json` reports."""

    height: int
    width: int
    bpp: float
    ecc: str
    mode: str
    variant: int
    capacity_bytes: int
    secret_bytes: int
    frame_bytes: int
    payload_bits: int
    ber: float
    ber_8bit: float
    psnr_rgb: float
    psnr_y: float
    ssim: float
    changed: float  # share of the colour samples the embedding changed
    rounds: int
    steps: int
    seconds: float
    threads: int
    jpeg_quality: int | None = None  # robust mode: the lowest JPEG quality the payload was verified to survive


@dataclass(frozen=True)
class ExtractResult:
    """What was read; `bpp` is the density whose layout decoded it (a message that fits the first
    Reed-Solomon block reads the same at any density with that first block, and the lowest is named)."""

    secret: payload.Message
    bpp: float
    ecc: str
    variant: int  # the decoder variant; -1 for covert and robust mode, which have none
    seconds: float
    jpeg_quality: int | None = None  # robust mode: the quality its lattice step was made for

    @property
    def covert(self) -> bool:
        return self.variant < 0 and self.jpeg_quality is None

    @property
    def mode(self) -> str:
        """The mode that wrote it, as far as the reading tells (fast and faithful read alike)."""
        return "robust" if self.jpeg_quality is not None else "covert" if self.covert else "fast or faithful"


def check_mode(mode: str) -> Settings:
    """The optimiser's settings for a mode name (covert mode uses none), refusing an unknown one."""
    if mode not in MODES:
        raise InputError(f"unknown mode '{mode}'; use one of {', '.join(MODES)}")
    return Settings.faithful() if mode == "faithful" else Settings()


def check_bpp(bpp: float, mode: str = "fast") -> float:
    """The density on its grid, refusing one the mode cannot carry before any work; robust mode's density
    is fixed by its carriers, so its `bpp` is not read."""
    if mode == "robust":
        return bpp
    value = density.check(bpp)
    most = density.highest(mode)
    if value > most:
        raise InputError(f"--bpp {bpp}: covert mode carries at most {most:g} bpp (one change per colour sample "
                         "at most); use a lower --bpp, or --mode fast for dense embedding")
    return value


def _too_big(room: payload.Fit, secret: payload.Message, h: int, w: int, bpp: float, ecc: str,
             mode: str) -> InputError:
    """Say how much fits and the nearest setting that would fit the message, counting both sides alike."""
    levels = list(payload.ECC_LEVELS)  # strongest first
    most_bpp = density.highest(mode)
    grid = [s / density.STEPS_PER_BIT for s in range(density.steps(bpp) + 1, density.steps(most_bpp) + 1)]
    settings = [(b, e) for e in levels[levels.index(ecc):] for b in grid]
    fitting = [(b, e) for b, e in settings if payload.fit(h, w, b, e, secret).fits]
    if fitting:
        b, e = fitting[0]
        hint = f"--bpp {density.label(b)}{'' if e == ecc else f' --ecc {e}'} would fit it"
    else:
        most = payload.capacity(h, w, most_bpp, levels[-1], secret.name)
        side = next((s for s in range(16, 8193) if payload.fit(s, s, most_bpp, levels[-1], secret).fits), None)
        larger = f"a cover of at least {side}x{side} px" if side else "a larger cover"
        hint = (f"even --bpp {density.label(most_bpp)} --ecc {levels[-1]} holds only {most} bytes here: shorten "
                f"it by {room.needed_bytes - most} bytes or use {larger}" if most > 0 else
                f"this cover is too small for any message; use {larger}")
    holds = f"{room.capacity_bytes} bytes" if room.capacity_bytes > 0 else "nothing (too few pixels for the header)"
    return InputError(f"the message needs {room.needed_bytes} bytes after compression, but a {w}x{h} cover at "
                      f"{density.label(bpp)} bpp (ECC {ecc}) holds {holds}; {hint}")


def embed_array(
    cover: np.ndarray,
    secret: payload.Message,
    password: str,
    bpp: float = 1,
    ecc: str = payload.DEFAULT_ECC,
    mode: str = "fast",
    device: str = "cpu",
    ctx: JobContext | None = None,
    quality: int = robust.DEFAULT_QUALITY,
) -> tuple[np.ndarray, EmbedStats]:
    """Hide `secret` in a uint8 RGB cover; returns the verified stego image and its numbers. `quality` is
    robust mode's: the lowest JPEG quality the payload must survive."""
    ctx = ctx or quiet()
    t0 = time.perf_counter()
    settings = check_mode(mode)
    bpp = check_bpp(bpp, mode)
    h, w = cover.shape[:2]
    if mode == "robust":
        return _embed_robust(cover, secret, password, ecc, jpeg.check_quality(quality), ctx, t0)
    room = payload.fit(h, w, bpp, ecc, secret)
    if not room.fits:
        raise _too_big(room, secret, h, w, bpp, ecc, mode)
    ctx.report("key", 0, 1)
    # The salt is what the public decoder already reads from the cover: the optimiser only has to keep
    # it, and the public channel keeps an untouched image's statistics (fresh random bits cost small
    # covers several dB and left flipped bits at tell-tale magnitudes). Two messages in one cover
    # still differ by the header's random message salt.
    image_salt = covert.read_salt(cover) if mode == "covert" else read_salt(cover, device).salt
    seed = payload.master_seed(password, image_salt)
    frame = payload.pack(secret, seed, ecc)
    lay = blocks.layout(h, w, bpp, ecc)
    if mode == "covert":
        ctx.report("key", 1, 1)
        return _embed_covert(cover, secret, frame, seed, image_salt, lay, bpp, ctx, t0)
    plan = _with_salt(blocks.plan_bits(frame, seed, h, w, bpp, ecc), image_salt)
    reserve = FAST_RESERVE if mode == "fast" else 0
    budgets = [p // reserve if reserve else 0 for _, p in lay.blocks[: plan.used_blocks]]

    outputs = density.channels(bpp)

    def acceptable(bits: np.ndarray) -> bool:
        """The salt as the receiver needs it (salt.acceptable), the payload within the code's budget."""
        if not salt.acceptable(bits[outputs:], image_salt):
            return False
        errors = blocks.block_errors(blocks.read_codeword(bits[:outputs], seed), plan.codeword, lay,
                                     plan.used_blocks)
        return all(e <= b for e, b in zip(errors, budgets, strict=True))

    ctx.report("key", 1, 1)
    best = _search(cover, plan, acceptable, seed, image_salt, lay, frame, bpp, settings, device, ctx)
    if best is None:
        raise InputError(
            f"could not hide {len(secret.data)} bytes at {density.label(bpp)} bpp in this {w}x{h} cover within "
            f"{VARIANTS} decoder variants; use a lower --bpp, a larger cover or a shorter message"
        )
    outcome, variant = best
    stats = _stats(cover, outcome.image, secret, frame, bpp, ecc, mode, variant, int(plan.mask[:outputs].sum()),
                   (outcome.ber, outcome.ber_8bit, outcome.rounds, outcome.steps), t0)
    return outcome.image, stats


def _stats(cover: np.ndarray, stego: np.ndarray, secret: payload.Message, frame: bytes, bpp: float, ecc: str,
           mode: str, variant: int, payload_bits: int, optimiser: tuple[float, float, int, int], t0: float,
           jpeg_quality: int | None = None) -> EmbedStats:
    """The numbers of one verified embedding; `optimiser` is (ber, 8-bit ber, rounds, steps)."""
    h, w = cover.shape[:2]
    ber, ber_8bit, rounds, steps = optimiser
    return EmbedStats(
        height=h, width=w, bpp=bpp, ecc=ecc, mode=mode, variant=variant,
        capacity_bytes=payload.capacity(h, w, bpp, ecc, secret.name, mode), secret_bytes=len(secret.data),
        frame_bytes=len(frame), payload_bits=payload_bits, ber=ber, ber_8bit=ber_8bit,
        psnr_rgb=metrics.psnr(cover, stego), psnr_y=metrics.psnr_y(cover, stego), ssim=metrics.ssim(cover, stego),
        changed=float(np.mean(cover != stego)), rounds=rounds, steps=steps, seconds=time.perf_counter() - t0,
        threads=torch.get_num_threads(), jpeg_quality=jpeg_quality,
    )  # fmt: skip


def _embed_covert(cover: np.ndarray, secret: payload.Message, frame: bytes, seed: bytes, image_salt: bytes,
                  lay: blocks.Layout, bpp: float, ctx: JobContext, t0: float) -> tuple[np.ndarray, EmbedStats]:
    """Covert mode: embed, then read back as the receiver would (salt, then frame)."""
    h, w = cover.shape[:2]
    codeword, _ = blocks.encode(frame, lay)
    ctx.report("embed", 0, 1)
    stego = covert.embed(cover, codeword, seed, bpp)
    if covert.read_salt(stego) != image_salt or not _verify_covert(stego, seed, lay, frame, bpp):
        raise InputError(f"could not hide the message in this {w}x{h} cover in covert mode; use a lower --bpp, "
                         "a larger cover or --mode fast")
    ctx.report("embed", 1, 1)
    return stego, _stats(cover, stego, secret, frame, bpp, lay.ecc, "covert", -1, 8 * len(codeword),
                         (0.0, 0.0, 1, 0), t0)


def _verify_covert(image: np.ndarray, seed: bytes, lay: blocks.Layout, frame: bytes, bpp: float) -> bool:
    try:
        h, w = image.shape[:2]
        return payload.read_frame(covert.read_codeword(covert.lowest_bits(image, seed), h, w, seed, bpp), seed,
                                  lay) == frame
    except InputError:
        return False


def _embed_robust(cover: np.ndarray, secret: payload.Message, password: str, ecc: str, quality: int,
                  ctx: JobContext, t0: float) -> tuple[np.ndarray, EmbedStats]:
    """Robust mode: embed for the asked quality and check the image as a receiver would read it from
    Pillow's JPEG at that quality and above; failing that, embed with the next lower quality's
    (larger) step, at most `ROBUST_STEPS_DOWN` times."""
    h, w = cover.shape[:2]
    room = payload.fit(h, w, 0, ecc, secret, "robust")
    if not room.fits:
        holds = f"{room.capacity_bytes} bytes" if room.capacity_bytes > 0 else "nothing"
        raise InputError(f"the message needs {room.needed_bytes} bytes after compression, but a {w}x{h} cover in "
                         f"robust mode (ECC {ecc}) holds {holds}; shorten it, use a larger cover"
                         f"{', or --ecc low' if ecc != 'low' else ''}")
    ctx.report("key", 0, 1)
    image_salt = robust.read_salt(cover).salt
    seed = payload.master_seed(password, image_salt)
    frame = payload.pack(secret, seed, ecc)
    lay = blocks.layout(h, w, 0, ecc, "robust")
    codeword, _ = blocks.encode(frame, lay)
    ctx.report("key", 1, 1)
    levels = [q for q in reversed(robust.QUALITIES) if q <= quality][: ROBUST_STEPS_DOWN + 1]
    for tried, level in enumerate(levels):
        ctx.report("embed", tried, len(levels))
        stego = robust.embed(cover, codeword, seed, level)
        if all(_reads_robust(channel, seed, image_salt, lay, frame, level) for channel in _channels(stego, quality)):
            ctx.report("embed", len(levels), len(levels))
            sent = np.unpackbits(np.frombuffer(codeword, dtype=np.uint8))
            errors = [float(np.mean(robust.read_bits(image, seed, [level])[0][: sent.size] != sent))
                      for image in (jpeg.round_trip(stego, quality), stego)]
            return stego, _stats(cover, stego, secret, frame, robust.bit_count(h, w) / (h * w), ecc, "robust", -1,
                                 sent.size, (errors[0], errors[1], tried + 1, 0), t0, quality)
    raise InputError(f"could not make the message survive JPEG quality {quality} in this {w}x{h} cover; use a "
                     "higher --robust quality, a shorter message or a larger cover")


def _channels(stego: np.ndarray, quality: int) -> list[np.ndarray]:
    """What the embedder checks a robust image against: itself, Pillow's JPEG at the quality (4:2:0 and
    4:4:4 chroma), halfway to 95 and at 95."""
    between = 5 * round((quality + 95) / 10)
    return [stego, jpeg.round_trip(stego, quality), jpeg.round_trip(stego, quality, 0),
            *(jpeg.round_trip(stego, q) for q in sorted({between, 95} - {quality}))]


def _reads_robust(image: np.ndarray, seed: bytes, image_salt: bytes, lay: blocks.Layout, frame: bytes,
                  level: int) -> bool:
    """Whether a receiver finds this salt among its candidates and decodes this frame."""
    if image_salt not in robust.read_salt(image).candidates():
        return False
    try:
        codeword = robust.read_codeword(robust.read_bits(image, seed, [level])[0])
        return payload.read_frame(codeword, seed, lay) == frame
    except InputError:
        return False


def _with_salt(plan: blocks.BitPlan, image_salt: bytes) -> blocks.BitPlan:
    """The payload's bits and mask with the salt decoder's channels stacked under them."""
    _, h, w = plan.bits.shape
    bits, mask = salt.plan(image_salt, h, w)
    return replace(plan, bits=np.concatenate([plan.bits, bits]), mask=np.concatenate([plan.mask, mask]))


def _search(cover: np.ndarray, plan: blocks.BitPlan, acceptable: Acceptor, seed: bytes, image_salt: bytes,
            lay: blocks.Layout, frame: bytes, bpp: int, settings: Settings, device: str, ctx: JobContext
            ) -> tuple[Outcome, int] | None:
    """Faithful mode: variants in order until one gives a verified image at or above `MIN_PSNR`
    (failing that, the first verified one). Fast mode: easiest variant first, the next one only if
    a run does not verify; a second variant rarely beats the easiest one's PSNR, so it is not
    worth the time. The returned outcome counts the steps and rounds of every variant tried."""
    public = public_decoder()
    decoders = [Stacked(Decoder.from_seed(seed, v), public).to(device) for v in range(VARIANTS)]
    order = list(range(VARIANTS))
    if settings.mode == "fast":
        order.sort(key=lambda v: difficulty(cover, decoders[v], plan.bits, plan.mask, device))
    best: tuple[Outcome, int] | None = None
    steps = rounds = 0
    for variant in order:
        decoder = decoders[variant]
        outcome = optimise(cover, decoder, plan.bits, plan.mask, acceptable, ctx, settings, device)
        steps, rounds = steps + outcome.steps, rounds + outcome.rounds
        if not (outcome.accepted and _verify(outcome.image, decoder, seed, image_salt, lay, frame, bpp, device)):
            continue
        if settings.mode == "fast" or metrics.psnr(cover, outcome.image) >= MIN_PSNR:
            best = (outcome, variant)
            break
        best = best or (outcome, variant)
    return None if best is None else (replace(best[0], steps=steps, rounds=rounds), best[1])


def _verify(image: np.ndarray, decoder: Stacked, seed: bytes, image_salt: bytes, lay: blocks.Layout,
            frame: bytes, bpp: int, device: str) -> bool:
    """Decode the rounded image exactly as a receiver would (without margins): the same salt as read
    first, and the same frame."""
    if read_salt(image, device).salt != image_salt:
        return False
    bits = (read_logits(decoder.keyed, image, device, density.channels(bpp)) > 0).astype(np.uint8)
    try:
        return payload.read_frame(blocks.read_codeword(bits, seed), seed, lay) == frame
    except InputError:
        return False


def read_salt(image: np.ndarray, device: str = "cpu") -> salt.SaltReading:
    """The salt an image carries, read by the public decoder (no password needed)."""
    return salt.read(read_logits(public_decoder().to(device), image, device, salt.CHANNELS))


def extract_array(image: np.ndarray, password: str, device: str = "cpu", ctx: JobContext | None = None,
                  lossy_note: str = "", robust_only: bool = False) -> ExtractResult:
    """Find and decrypt the payload; `PayloadNotFound` / `PayloadDamaged` when there is none to read.

    Each candidate salt (covert mode's, the neural one as read and its doubtful-bit variants, then
    robust mode's likewise) gets one scrypt and the key check; a candidate
    whose known bits read close to right has found the password, so a failed decode after it means the
    payload, not the password, is wrong. Format 1 (a fixed salt) is the last try. A file that may be lossy
    (`lossy_note` says why) is tried with robust mode's salts first; a JPEG (`robust_only`) with those
    only, since nothing else survives one."""
    ctx = ctx or quiet()
    t0 = time.perf_counter()
    payload.check_password(password)
    best_known = 0.5
    robust_salts = [(candidate, payload.VERSION, "robust") for candidate in robust.read_salt(image).candidates()]
    if robust_only:
        tries = robust_salts
    else:
        neural = [(candidate, payload.VERSION, "neural") for candidate in read_salt(image, device).candidates()]
        others = [(covert.read_salt(image), payload.VERSION, "covert"), *neural]
        tries = [*robust_salts, *others] if lossy_note else [*others, *robust_salts]
        tries.append((None, 1, "neural"))
    for image_salt, version, kind in tries:
        seed = payload.master_seed(password, image_salt)
        found, known = _find(image, password, seed, device, ctx, version, kind)
        if found is not None:
            return replace(found, seconds=time.perf_counter() - t0)
        best_known = min(best_known, known)
        if known < payload.DAMAGED_KNOWN_BER:
            break
    if lossy_note and best_known < payload.DAMAGED_KNOWN_BER:
        raise payload.PayloadDamaged(
            f"payload damaged: the password matches this image, but {lossy_note} that lost more than the "
            "error-correcting code can fix: it was compressed harder than its --robust quality allows, or "
            "resized or edited"
        )
    if lossy_note:
        raise payload.PayloadNotFound(
            f"no hidden data found for this password: {lossy_note}, and only a payload embedded with --robust "
            "survives lossy compression (fast and covert mode survive only in the lossless PNG that "
            "'stegstudio embed' wrote); or the password is wrong"
        )
    if best_known < payload.DAMAGED_KNOWN_BER:
        raise payload.PayloadDamaged(
            "payload damaged: the password matches this image, but more bits are wrong than the "
            "error-correcting code can fix; the image was changed after embedding (recompressed, "
            "resized or edited)"
        )
    raise payload.PayloadNotFound(
        "no hidden data found for this password: the password is wrong, the image holds no "
        "StegStudio payload, or it was recompressed (JPEG) or edited so heavily that nothing is left"
    )


def _decode(codeword: bytes, password: str, seed: bytes, layouts: list[tuple[blocks.Layout, float]], variant: int,
            version: int, ctx: JobContext) -> ExtractResult | None:
    """The first layout (with its density) that decodes and authenticates. Densities share one codeword,
    and a block 0 read a few bytes too long still decodes (Reed-Solomon codes are cyclic), so layouts go
    shortest block 0 first and a layout that fails later is passed over."""
    layouts = sorted(layouts, key=lambda item: (item[0].blocks[0][0] if item[0].blocks else 0, item[1]))
    damage = None
    for lay, bpp in layouts:
        try:
            frame = payload.read_frame(codeword, seed, lay, version)
            if frame is not None:
                ctx.report("extract", VARIANTS, VARIANTS)
                return ExtractResult(payload.unpack(frame, password, seed), bpp, lay.ecc, variant, 0.0)
        except payload.PayloadDamaged as exc:
            damage = damage or exc
    if damage is not None:
        raise damage
    return None


def _find_robust(image: np.ndarray, password: str, seed: bytes, ctx: JobContext) -> tuple[ExtractResult | None, float]:
    """Robust mode's qualities, the step whose known header bits read best first. A neighbouring step can
    read block 0 right and a later block wrong, so a damaged reading is passed over until every step
    has been tried."""
    h, w = image.shape[:2]
    layouts = [(blocks.layout(h, w, 0, ecc, "robust"), robust.bit_count(h, w) / (h * w)) for ecc in payload.ECC_LEVELS]
    readings = []
    for quality, bits in zip(robust.QUALITIES, robust.read_bits(image, seed, robust.QUALITIES), strict=True):
        codeword = robust.read_codeword(bits)
        readings.append((payload.known_bit_error(codeword, seed), quality, codeword))
    readings.sort(key=lambda reading: reading[0])
    damage = None
    for known, quality, codeword in readings:
        if known >= payload.DAMAGED_KNOWN_BER:
            break
        try:
            found = _decode(codeword, password, seed, layouts, -1, payload.VERSION, ctx)
        except payload.PayloadDamaged as exc:
            damage = damage or exc
            continue
        if found is not None:
            return replace(found, jpeg_quality=quality), readings[0][0]
    if damage is not None:
        raise damage
    return None, readings[0][0]


def _find(image: np.ndarray, password: str, seed: bytes, device: str, ctx: JobContext, version: int = payload.VERSION,
          kind: str = "neural") -> tuple[ExtractResult | None, float]:
    """With covert mode's salt, try its densities; with robust mode's, its qualities; else every decoder
    variant, decoder width, density and ECC level; also the lowest error rate of the known header bits.
    Only a reading whose known bits are close to right is decoded, so the densities cost little to try."""
    h, w = image.shape[:2]
    best_known = 0.5

    def decode(codeword: bytes, densities: list[float], variant: int) -> ExtractResult | None:
        layouts = [(blocks.layout(h, w, bpp, ecc), bpp) for bpp in densities for ecc in payload.ECC_LEVELS]
        return _decode(codeword, password, seed, layouts, variant, version, ctx)

    if kind == "robust":
        return _find_robust(image, password, seed, ctx)
    if kind == "covert":
        lowest = covert.lowest_bits(image, seed)
        for bpp in density.read_with(1, density.COVERT_MAX_BPP):
            if density.bits(h, w, bpp) < 8 * payload.KNOWN_BYTES:
                continue
            known = payload.known_bit_error(covert.read_codeword(lowest, h, w, seed, bpp, payload.KNOWN_BYTES), seed)
            best_known = min(best_known, known)
            if known < payload.DAMAGED_KNOWN_BER:
                found = decode(covert.read_codeword(lowest, h, w, seed, bpp), [bpp], -1)
                if found is not None:
                    return found, best_known
        return None, best_known
    for variant in range(VARIANTS):
        ctx.report("extract", variant, VARIANTS)
        logits = read_logits(Decoder.from_seed(seed, variant).to(device), image, device, MAX_BPP)
        for outputs in range(1, MAX_BPP + 1):
            codeword = blocks.read_codeword((logits[:outputs] > 0).astype(np.uint8), seed)
            known = payload.known_bit_error(codeword, seed, version)
            best_known = min(best_known, known)
            if known < payload.DAMAGED_KNOWN_BER:
                found = decode(codeword, density.read_with(outputs), variant)
                if found is not None:
                    return found, best_known
    return None, best_known

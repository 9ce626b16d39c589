"""`stegstudio embed | extract | capacity`: bit embedding (FNNS) from the command line.

Only argument handling and printing live here; the work is `stegstudio.core.fnns.files`. Several
covers (or stego images), or a folder of them, with `--out FOLDER` make a batch (`cli/batch.py`).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from stegstudio.cli import batch as batch_loop
from stegstudio.cli.common import add_device_flag, add_output_flags, emit, job_context, resolve_device
from stegstudio.cli.options import int_range, jpeg_quality
from stegstudio.cli.passwords import add_password_flags, require_password
from stegstudio.core import batch
from stegstudio.core.errors import InputError
from stegstudio.core.fileio import check_output, check_output_folder
from stegstudio.core.fnns import density, engine, files, names, payload, robust
from stegstudio.core.jobs import JobContext
from stegstudio.core.media.formats import IMAGE_INPUT_SUFFIXES

MIN_SIZE, MAX_SIZE = 16, 8192
SIZE_HELP = f"centre-crop and shrink the cover to SIZE x SIZE first ({MIN_SIZE} to {MAX_SIZE}; never enlarged)"
BPP_HELP = (f"bits per pixel, {density.MIN_BPP:g} to {density.MAX_BPP} in steps of {density.MIN_BPP:g} "
            f"(covert mode: at most {density.COVERT_MAX_BPP}; robust mode has a density of its own); default 1")
MODE_HELP = ("fast (default): a dense perturbation the keyed neural decoder reads, up to 4 bpp, which a trained "
             "detector finds; covert: a few +-1 changes where texture hides them (HILL costs, syndrome-trellis "
             f"code), up to {density.COVERT_MAX_BPP} bpp, much harder to detect (at most "
             f"{density.RECOMMENDED_COVERT_BPP:g} bpp recommended); robust: survives JPEG re-encoding (see "
             "--robust); faithful: the paper's L-BFGS procedure, much slower")
ROBUST_HELP = (f"robust mode: the payload survives JPEG re-encoding at quality Q and above ({robust.QUALITIES[0]} to "
               f"{robust.QUALITIES[-1]} in steps of 5; --mode robust alone means {robust.DEFAULT_QUALITY}); a "
               "fixed density of about 0.07 bpp, and no defence against a detector")
BATCH_HELP = (f"several files or a folder make a batch (a folder's {', '.join(IMAGE_INPUT_SUFFIXES)} files, "
              "hidden ones skipped); --out is then a folder")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("embed", help="hide a message or a file in an image (bit embedding)")
    p.add_argument("--cover", required=True, nargs="+", action="extend", metavar="COVER",
                   help=f"cover image (any format Pillow reads); {BATCH_HELP}: FOLDER/<cover name>.png each")
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--message", help="text to hide")
    what.add_argument("--file", help="file to hide (its name travels with it)")
    add_password_flags(p, "the password the recipient needs")
    p.add_argument("--bpp", type=float, help=BPP_HELP)
    p.add_argument("--out", required=True, help="stego image to write (.png), or the folder of a batch")
    _common(p)
    p.add_argument("--mode", choices=engine.MODES, help=MODE_HELP)
    p.add_argument("--robust", type=jpeg_quality, metavar="Q", help=ROBUST_HELP)
    p.set_defaults(run=_embed)

    p = sub.add_parser("extract", help="read a hidden message or file back with the password")
    p.add_argument("--stego", required=True, nargs="+", action="extend", metavar="STEGO",
                   help=f"stego image written by 'stegstudio embed'; {BATCH_HELP}: a text goes to "
                        "FOLDER/<image name>.txt, a file to FOLDER/<image name>/<its own name>")
    add_password_flags(p, "the password the image was made with")
    p.add_argument("--out", help="write the secret here (a text goes to stdout without --out; a file to its own "
                                 "name); the folder of a batch")
    add_output_flags(p)
    add_device_flag(p)
    p.set_defaults(run=_extract)

    p = sub.add_parser("capacity", help="how many bytes fit in an image at a given bpp")
    p.add_argument("--cover", required=True)
    p.add_argument("--bpp", type=float, help=BPP_HELP)
    p.add_argument("--mode", choices=engine.MODES, help="the mode you will embed with (default fast)")
    p.add_argument("--robust", type=jpeg_quality, metavar="Q",
                   help="as for embed: robust mode (Q does not change the capacity)")
    p.add_argument("--ecc", default=payload.DEFAULT_ECC, choices=list(payload.ECC_LEVELS))
    p.add_argument("--size", type=int_range(MIN_SIZE, MAX_SIZE), help=SIZE_HELP)
    p.add_argument("--json", action="store_true", help="print one JSON object with the results on stdout")
    p.set_defaults(run=_capacity)


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--ecc", default=payload.DEFAULT_ECC, choices=list(payload.ECC_LEVELS),
                   help="error-correction strength (default medium)")
    p.add_argument("--size", type=int_range(MIN_SIZE, MAX_SIZE), help=SIZE_HELP)
    add_output_flags(p)
    add_device_flag(p)


Settings = tuple[str, float, int]  # mode, density, robust quality


def _settings(args: argparse.Namespace) -> Settings:
    """Mode, density and robust quality from the flags: --robust Q means robust mode, whose density is its
    own (so an explicit --bpp is refused there), and --bpp defaults to 1."""
    mode, quality = files.resolve_mode(args.mode, args.robust)  # --mode None: fast, or robust with --robust
    if mode == "robust" and args.bpp is not None:
        raise InputError("robust mode has a fixed density of its own (about 0.07 bpp); leave out --bpp")
    return mode, 1.0 if args.bpp is None else args.bpp, quality


def _read_secret(args: argparse.Namespace) -> payload.Message:
    if args.message is not None:
        return payload.Message.from_text(args.message)
    return payload.Message.from_file(args.file)


def _embed(args: argparse.Namespace) -> int:
    device = resolve_device(args.device)
    if batch.wants_batch(args.cover):
        return _embed_batch(args, device)
    secret = _read_secret(args)
    settings = _checked_settings(args, secret)
    password = require_password(args, confirm=True)
    ctx, bar = job_context(args)
    try:
        result, human = _embed_one(args, settings, Path(args.cover[0]), Path(args.out), secret, password,
                                   device, ctx)
    finally:
        bar.close()
    emit(args, result, human)
    return 0


def _embed_batch(args: argparse.Namespace, device: str) -> int:
    """The same message in every cover, each written as OUT/<cover stem>.png; one password for all."""
    covers = batch.expand(args.cover)
    out_dir = Path(args.out)
    targets = {cover: out_dir / f"{cover.stem}.png" for cover in covers}
    batch.check_plan({cover: [target] for cover, target in targets.items()})
    secret = _read_secret(args)
    settings = _checked_settings(args, secret)
    password = require_password(args, confirm=True)
    check_output_folder(out_dir)
    return batch_loop.run(args, covers, lambda cover, ctx: _embed_one(args, settings, cover, targets[cover],
                                                                      secret, password, device, ctx))


def _checked_settings(args: argparse.Namespace, secret: payload.Message) -> Settings:
    """The flags' settings, refused before the password is asked for when the job could not run."""
    mode, bpp, quality = _settings(args)
    files.check_embed_settings(secret, bpp, mode, quality)
    return mode, bpp, quality


def _embed_one(args: argparse.Namespace, settings: Settings, cover: Path, out: Path, secret: payload.Message,
               password: str, device: str, ctx: JobContext) -> tuple[dict[str, Any], str]:
    mode, bpp, quality = settings
    res = files.embed_image(cover, secret, password, out, bpp=bpp, ecc=args.ecc, mode=mode, size=args.size,
                            force=args.force, device=device, ctx=ctx, quality=quality)
    s = res.stats
    for notice in res.notices:
        print(f"note: {notice}", file=sys.stderr)
    result = {
        "out": str(res.out), "width": s.width, "height": s.height, "bpp": s.bpp, "ecc": s.ecc, "mode": s.mode,
        "bits": s.payload_bits, "bytes": s.secret_bytes, "capacity_bytes": s.capacity_bytes,
        "ber": s.ber, "ber_8bit": s.ber_8bit, "psnr_rgb": round(s.psnr_rgb, 3), "psnr_y": round(s.psnr_y, 3),
        "ssim": round(s.ssim, 4), "seconds": round(s.seconds, 3), "rounds": s.rounds, "steps": s.steps,
        "variant": s.variant, "changed": round(s.changed, 5), "jpeg_quality": s.jpeg_quality,
    }
    survives = "" if s.jpeg_quality is None else f", survives JPEG quality {s.jpeg_quality} and above"
    shown_bpp = f"{s.bpp:.3f}" if s.mode == "robust" else density.label(s.bpp)
    return result, (f"hid {s.secret_bytes} bytes in {res.out} ({s.width}x{s.height}, {shown_bpp} bpp, "
                    f"{s.mode}{survives}): PSNR {s.psnr_rgb:.2f} dB RGB / {s.psnr_y:.2f} dB Y, SSIM {s.ssim:.3f}, "
                    f"{s.changed:.1%} of samples changed, {s.seconds:.1f} s")


def _extract(args: argparse.Namespace) -> int:
    device = resolve_device(args.device)
    if batch.wants_batch(args.stego):
        return _extract_batch(args, device)
    password = require_password(args)
    if args.out:
        check_output(args.out, args.force)
    ctx, bar = job_context(args)
    try:
        res = files.extract_image(args.stego[0], password, device=device, ctx=ctx)
    finally:
        bar.close()
    secret = res.secret
    result = _extract_fields(res)
    if args.out or secret.is_file:
        path = files.save_secret(secret, args.out or files.default_name(secret), args.force)
        result["out"] = str(path)
        emit(args, result, f"extracted {len(secret.data)} bytes to {names.shown(str(path))}")
        return 0
    text = secret.text
    if args.json:
        result["text"] = text
        emit(args, result, "")
    elif sys.stdout.isatty():  # the sender chose these characters: no control sequence reaches the terminal
        lines = text.splitlines()
        sys.stdout.write("\n".join(names.shown(line) for line in lines) + "\n")
    else:  # piped or redirected: the exact bytes that were hidden
        sys.stdout.flush()
        sys.stdout.buffer.write(secret.data + (b"" if secret.data.endswith(b"\n") else b"\n"))
        sys.stdout.buffer.flush()
    return 0


def _extract_fields(res: engine.ExtractResult) -> dict[str, Any]:
    secret = res.secret
    return {"kind": "file" if secret.is_file else "text", "bytes": len(secret.data), "bpp": res.bpp,
            "ecc": res.ecc, "mode": res.mode, "jpeg_quality": res.jpeg_quality, "seconds": round(res.seconds, 3)}


def _extract_batch(args: argparse.Namespace, device: str) -> int:
    """Every payload into OUT: a text as <image stem>.txt, a file as <image stem>/<its safe name>, so two
    payloads of one name never meet; one password for all."""
    if not args.out:
        raise InputError("a batch writes one payload per image into a folder; give it with --out FOLDER")
    stegos = batch.expand(args.stego)
    out_dir = Path(args.out)
    batch.check_plan({stego: [out_dir / f"{stego.stem}.txt", out_dir / stego.stem] for stego in stegos})
    password = require_password(args)
    check_output_folder(out_dir)

    def extract_one(stego: Path, ctx: JobContext) -> tuple[dict[str, Any], str]:
        res = files.extract_image(stego, password, device=device, ctx=ctx)
        path = _save_into(res.secret, out_dir, stego.stem, args.force)
        shown = names.shown(str(path))
        return {**_extract_fields(res), "out": str(path)}, f"extracted {len(res.secret.data)} bytes to {shown}"

    return batch_loop.run(args, stegos, extract_one)


def _save_into(secret: payload.Message, out_dir: Path, stem: str, force: bool) -> Path:
    """A text as OUT/<stem>.txt; a file in its own folder OUT/<stem>/, removed again if the write fails."""
    if not secret.is_file:
        return files.save_secret(secret, out_dir / f"{stem}.txt", force)
    folder = out_dir / stem
    made = not folder.exists()
    if made:
        folder.mkdir()
    try:
        return files.save_secret(secret, folder / files.default_name(secret), force)
    except BaseException:
        if made and not any(folder.iterdir()):
            folder.rmdir()
        raise


def _capacity(args: argparse.Namespace) -> int:
    mode, bpp, _ = _settings(args)
    info = files.capacity(args.cover, bpp, args.ecc, args.size, mode)
    result = {"width": info.width, "height": info.height, "bpp": info.bpp, "ecc": info.ecc, "mode": info.mode,
              "bits": info.bits, "bytes": info.text_bytes, "recommended_covert_bpp": info.recommended_bpp,
              "recommended_covert_bytes": info.recommended_bytes}
    at = "in robust mode" if mode == "robust" else f"at {density.label(info.bpp)} bpp"
    emit(args, result, f"{info.width}x{info.height} {at} (ECC {info.ecc}): "
                       f"{info.text_bytes} bytes of text, {info.bits} raw bits; for low detectability: covert mode at "
                       f"{density.label(info.recommended_bpp)} bpp holds {info.recommended_bytes} bytes")
    return 0

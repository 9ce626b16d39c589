"""`stegstudio embed | extract | capacity`: bit embedding (FNNS) from the command line.

Only argument handling and printing live here; the work is `stegstudio.core.fnns.files`.
"""

from __future__ import annotations

import argparse
import sys

from stegstudio.cli.common import add_device_flag, add_output_flags, emit, job_context, resolve_device
from stegstudio.cli.options import int_range
from stegstudio.cli.passwords import add_password_flags, require_password
from stegstudio.core.fileio import check_output
from stegstudio.core.fnns import engine, files, names, payload
from stegstudio.core.fnns.decoder import MAX_BPP

MIN_SIZE, MAX_SIZE = 16, 8192
SIZE_HELP = f"centre-crop and shrink the cover to SIZE x SIZE first ({MIN_SIZE} to {MAX_SIZE}; never enlarged)"


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("embed", help="hide a message or a file in an image (bit embedding)")
    p.add_argument("--cover", required=True, help="cover image (any format Pillow reads)")
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--message", help="text to hide")
    what.add_argument("--file", help="file to hide (its name travels with it)")
    add_password_flags(p, "the password the recipient needs")
    p.add_argument("--bpp", type=int, default=1, choices=range(1, MAX_BPP + 1), help="bits per pixel (default 1)")
    p.add_argument("--out", required=True, help="stego image to write (.png)")
    _common(p)
    p.add_argument("--mode", default="fast", choices=engine.MODES,
                   help="fast (default) or faithful (the paper's L-BFGS procedure, much slower)")
    p.set_defaults(run=_embed)

    p = sub.add_parser("extract", help="read a hidden message or file back with the password")
    p.add_argument("--stego", required=True, help="stego image written by 'stegstudio embed'")
    add_password_flags(p, "the password the image was made with")
    p.add_argument("--out", help="write the secret here (a text goes to stdout without --out; a file to its own name)")
    add_output_flags(p)
    add_device_flag(p)
    p.set_defaults(run=_extract)

    p = sub.add_parser("capacity", help="how many bytes fit in an image at a given bpp")
    p.add_argument("--cover", required=True)
    p.add_argument("--bpp", type=int, default=1, choices=range(1, MAX_BPP + 1))
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


def _read_secret(args: argparse.Namespace) -> payload.Message:
    if args.message is not None:
        return payload.Message.from_text(args.message)
    return payload.Message.from_file(args.file)


def _embed(args: argparse.Namespace) -> int:
    device = resolve_device(args.device)
    password = require_password(args, confirm=True)
    ctx, bar = job_context(args)
    try:
        res = files.embed_image(args.cover, _read_secret(args), password, args.out, bpp=args.bpp, ecc=args.ecc,
                                mode=args.mode, size=args.size, force=args.force, device=device, ctx=ctx)
    finally:
        bar.close()
    s = res.stats
    for notice in res.notices:
        print(f"note: {notice}", file=sys.stderr)
    result = {
        "out": str(res.out), "width": s.width, "height": s.height, "bpp": s.bpp, "ecc": s.ecc, "mode": s.mode,
        "bits": s.payload_bits, "bytes": s.secret_bytes, "capacity_bytes": s.capacity_bytes,
        "ber": s.ber, "ber_8bit": s.ber_8bit, "psnr_rgb": round(s.psnr_rgb, 3), "psnr_y": round(s.psnr_y, 3),
        "ssim": round(s.ssim, 4), "seconds": round(s.seconds, 3), "rounds": s.rounds, "steps": s.steps,
        "variant": s.variant,
    }
    emit(args, result, f"hid {s.secret_bytes} bytes in {res.out} ({s.width}x{s.height}, {s.bpp} bpp): "
                       f"PSNR {s.psnr_rgb:.2f} dB RGB / {s.psnr_y:.2f} dB Y, SSIM {s.ssim:.3f}, {s.seconds:.1f} s")
    return 0


def _extract(args: argparse.Namespace) -> int:
    device = resolve_device(args.device)
    password = require_password(args)
    if args.out:
        check_output(args.out, args.force)
    ctx, bar = job_context(args)
    try:
        res = files.extract_image(args.stego, password, device=device, ctx=ctx)
    finally:
        bar.close()
    secret = res.secret
    result = {"kind": "file" if secret.is_file else "text", "bytes": len(secret.data), "bpp": res.bpp,
              "ecc": res.ecc, "seconds": round(res.seconds, 3)}
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


def _capacity(args: argparse.Namespace) -> int:
    info = files.capacity(args.cover, args.bpp, args.ecc, args.size)
    result = {"width": info.width, "height": info.height, "bpp": info.bpp, "ecc": info.ecc, "bits": info.bits,
              "bytes": info.text_bytes}
    emit(args, result, f"{info.width}x{info.height} at {info.bpp} bpp (ECC {info.ecc}): "
                       f"{info.text_bytes} bytes of text, {info.bits} raw bits")
    return 0

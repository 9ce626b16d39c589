"""`stegstudio hide`, `reveal` and `demo`: cross-modal hiding from the command line."""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

from stegstudio.cli import batch as batch_loop
from stegstudio.cli.common import add_device_flag, add_output_flags, emit, job_context, resolve_device
from stegstudio.cli.options import float_range, int_range, jpeg_quality
from stegstudio.cli.passwords import add_password_flags, given_password, prompt_password
from stegstudio.core import batch, metrics
from stegstudio.core.crossmodal import engine, fidelity, files, modalities
from stegstudio.core.crossmodal.presets import PRESETS
from stegstudio.core.errors import InputError
from stegstudio.core.fileio import check_output_folder
from stegstudio.core.jobs import JobContext
from stegstudio.core.media.formats import IMAGE_INPUT_SUFFIXES
from stegstudio.core.samples import sample_path

STEPS = int_range(1, engine.MAX_STEPS)


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("hide", help="hide a video, audio, 3D shape or image inside a cover image",
                       description="Fit the secret with an INR whose variable weights become the container PNG.")
    p.add_argument("--secret", required=True, help="the file to hide (video, GIF, frame folder, WAV/FLAC/OGG, "
                   "PLY/OBJ/STL mesh, or an image)")
    p.add_argument("--cover", required=True, nargs="+", action="extend", metavar="COVER",
                   help="the cover image (any format Pillow reads); several files or a folder (its "
                        f"{', '.join(IMAGE_INPUT_SUFFIXES)} files, hidden ones skipped) make a batch, with --out "
                        "a folder: FOLDER/<cover name>.png and FOLDER/<cover name>.key.json each")
    p.add_argument("--out", required=True, help="the container image to write (.png), or the folder of a batch")
    p.add_argument("--key", help="the key file to write (.json); a batch names each key after its container. "
                                 "With a password it may be left out: the container then carries its key hidden, "
                                 "and the password alone reveals it (a re-encoded container still needs the key)")
    p.add_argument("--modality", choices=modalities.NAMES,
                   help="what the secret is (default: guessed from the file name)")
    add_password_flags(p, "a password to derive the key's seed from (scrypt; the key file alone then reveals "
                          "nothing, and the container carries the key hidden, so the password alone reveals; "
                          "asked on a terminal, empty for none)")
    p.add_argument("--preset", default="quick", choices=tuple(PRESETS),
                   help="quick: minutes on a CPU (default); paper: the paper's sizes, for a GPU; "
                   "tiny: seconds, smoke tests")
    p.add_argument("--steps", type=STEPS, help="training steps (default: the preset's)")
    p.add_argument("--beta", type=float_range(0.0, engine.MAX_BETA),
                   help=f"weight of the cover loss, 0 to {engine.MAX_BETA:g} (default: the preset's)")
    p.add_argument("--cover-psnr", type=float_range(fidelity.MIN_DB, fidelity.MAX_DB), metavar="DB",
                   help=f"the fidelity dial: train so the container ends at this cover PSNR ({fidelity.MIN_DB:g} to "
                        f"{fidelity.MAX_DB:g} dB; higher hides better, the secret comes back worse) and give the "
                        "secret the best quality that leaves; replaces --beta")
    p.add_argument("--lr", type=float_range(0.0, 1.0, low_open=True),
                   help="Adam learning rate in grey levels/255 per step, above 0 and at most 1")
    p.add_argument("--no-qat", dest="qat", action="store_false", help="ablation: train without quantisation")
    p.add_argument("--robust", type=jpeg_quality, metavar="Q",
                   help="train through a JPEG round trip at quality Q (50 to 95 in steps of 5) so a container "
                        "re-encoded at Q still reveals a recognisable secret; costs cover and secret quality")
    p.add_argument("--precision", choices=engine.PRECISIONS, default="auto",
                   help="mixed: bfloat16 steps, then a float32 finish (faster where bfloat16 is native); "
                        "float32: every step in float32; auto (default): mixed on a GPU or CPU with native "
                        "bfloat16, else float32")
    add_device_flag(p)
    add_output_flags(p)
    p.set_defaults(run=run_hide)

    r = sub.add_parser("reveal", help="reveal the secret from a container image and its key")
    r.add_argument("--container", required=True,
                   help="the container PNG (for a container hidden with --robust, also a JPEG or WebP of it)")
    r.add_argument("--key", help="the key file written by hide; leave it out to reveal with the password alone "
                                 "from the key the container carries")
    r.add_argument("--out", required=True, help="where to write the secret (.gif/.mp4, .wav, .ply/.obj/.stl, .png)")
    add_password_flags(r, "the password, if the container was hidden with one (asked on a terminal when needed)")
    r.add_argument("--strict", action="store_true", help="refuse (exit 2, nothing written) unless the container is "
                   "known to be exactly the one hide wrote")
    add_device_flag(r)
    add_output_flags(r)
    r.set_defaults(run=run_reveal)

    d = sub.add_parser("demo", help="hide a bundled sample in a bundled cover, reveal it, print the metrics")
    d.add_argument("--modality", default="image", choices=modalities.NAMES)
    d.add_argument("--preset", default="quick", choices=tuple(PRESETS), help="quick (default), paper or tiny")
    d.add_argument("--steps", type=STEPS, help="training steps (default: the preset's)")
    d.add_argument("--out-dir", help="where to put the files (default: a new temporary folder)")
    add_device_flag(d)
    add_output_flags(d)
    d.set_defaults(run=run_demo)


def _hide_files(args: argparse.Namespace, secret_path: Path, cover_path: Path, out: Path, key_path: Path | None,
                modality: str | None, password: str | None, ctx: JobContext | None = None) -> dict[str, Any]:
    """Hide one secret in one cover; progress goes to `ctx` (a batch's), or to a bar of its own."""
    settings = engine.HideSettings(
        preset=args.preset, modality=modality, steps=args.steps, lr=getattr(args, "lr", None),
        beta=getattr(args, "beta", None), qat=getattr(args, "qat", True), device=resolve_device(args.device),
        password=password, robust=getattr(args, "robust", None), cover_psnr=getattr(args, "cover_psnr", None),
        precision=getattr(args, "precision", "auto"),
    )
    own_bar = None
    if ctx is None:
        ctx, own_bar = job_context(args)
    try:
        report = files.hide_files(secret_path, cover_path, out, key_path, settings, args.force, ctx,
                                  None if args.quiet else lambda note: print(f"note: {note}", file=sys.stderr))
    finally:
        if own_bar is not None:
            own_bar.close()
    _warn(report.warnings)
    result = report.result
    summary = {
        "command": "hide", "modality": report.modality, "preset": settings.preset, "steps": result.steps,
        "qat": settings.qat, "precision": result.key.params["training"]["precision"], "robust": settings.robust,
        "cover_psnr_target": settings.cover_psnr,
        "seconds": round(result.seconds, 3),
        "container": str(report.container), "key": None if report.key is None else str(report.key),
        "hidden_key": result.key.header_bits is not None,
        "metrics": result.metrics, "unavailable_metrics": metrics.UNAVAILABLE,
        "notices": report.notices,
    }
    if report.warnings:
        summary["warnings"] = report.warnings
    return summary


def _warn(warnings: list[str]) -> None:
    """Warnings go to stderr even with --quiet (which silences progress, not what the user must know)."""
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)


def _hide_password(args: argparse.Namespace) -> str | None:
    """A given password, else on a terminal a prompt (twice) where an empty answer means a key without one."""
    password = given_password(args)
    if password is None and sys.stdin.isatty():
        password = prompt_password(confirm=True, allow_empty=True) or None
    return password


def run_hide(args: argparse.Namespace) -> int:
    if batch.wants_batch(args.cover):
        return _hide_batch(args)
    password = _hide_password(args)
    if args.key is None and password is None:
        raise InputError("give --key KEY.json (the key file to write beside the container), or a password: "
                         "then the container carries its key and the password alone reveals it")
    out = _hide_files(args, Path(args.secret), Path(args.cover[0]), Path(args.out),
                      None if args.key is None else Path(args.key), args.modality, password)
    emit(args, out, _summary(out))
    return 0


def _hide_batch(args: argparse.Namespace) -> int:
    """The same secret in every cover: OUT/<cover stem>.png and its key OUT/<cover stem>.key.json, a pair
    per cover; one password for all."""
    if args.key is not None:
        raise InputError("a batch writes each key beside its container as <cover name>.key.json; leave --key out")
    covers = batch.expand(args.cover)
    out_dir = Path(args.out)
    pairs = {cover: (out_dir / f"{cover.stem}.png", out_dir / f"{cover.stem}.key.json") for cover in covers}
    batch.check_plan(pairs)
    password = _hide_password(args)
    check_output_folder(out_dir)

    def hide_one(cover: Path, ctx: JobContext) -> tuple[dict[str, Any], str]:
        container, key = pairs[cover]
        out = _hide_files(args, Path(args.secret), cover, container, key, args.modality, password, ctx)
        return out, (f"{out['container']} and {out['key']}: cover PSNR {out['metrics']['cover_psnr']:.2f} dB, "
                     f"{out['seconds']:.1f} s")

    return batch_loop.run(args, covers, hide_one)


def _reveal_files(container_path: Path, key_path: Path | None, out: Path, password: str | None, device: str,
                  force: bool, strict: bool = False) -> dict[str, Any]:
    ask = (lambda: prompt_password(confirm=False)) if sys.stdin.isatty() else None
    report = files.reveal_files(container_path, key_path, out, password, device, force, strict, ask)
    _warn(report.warnings)
    summary = {"command": "reveal", "modality": report.modality, "out": str(report.out),
               "seconds": round(report.seconds, 3), "container_intact": report.container_intact}
    if report.warnings:
        summary["warnings"] = report.warnings
    return summary


def run_reveal(args: argparse.Namespace) -> int:
    out = _reveal_files(Path(args.container), None if args.key is None else Path(args.key), Path(args.out),
                        given_password(args), resolve_device(args.device), args.force, args.strict)
    intact = {True: "container intact", False: "CONTAINER CHANGED, see the warning",
              None: "container not checked (version-1 key)"}[out["container_intact"]]
    emit(args, out, f"revealed {out['modality']} -> {out['out']} ({out['seconds']:.1f} s); {intact}")
    return 0


def run_demo(args: argparse.Namespace) -> int:
    if args.out_dir and not Path(args.out_dir).is_dir():
        raise InputError(f"{args.out_dir}: the folder does not exist; create it first")
    resolve_device(args.device)
    out_dir = Path(args.out_dir) if args.out_dir else Path(tempfile.mkdtemp(prefix="stegstudio-demo-"))
    modality = args.modality
    suffix = modalities.get(modality).default_suffix
    hidden = _hide_files(args, sample_path(modality), sample_path("cover"), out_dir / "container.png",
                         out_dir / "key.json", modality, None)
    revealed = _reveal_files(out_dir / "container.png", out_dir / "key.json", out_dir / f"revealed{suffix}",
                             None, resolve_device(args.device), args.force)
    result = {**hidden, "command": "demo", "revealed": revealed["out"], "out_dir": str(out_dir)}
    emit(args, result, _summary(result) + f"\nrevealed secret: {revealed['out']}\nall files in: {out_dir}")
    return 0


def _summary(out: dict[str, Any]) -> str:
    m = out["metrics"]
    lines = [f"hid {out['modality']} in {out['seconds']:.1f} s ({out['steps']} steps, preset {out['preset']})",
             f"container: {out['container']}   key: {out['key'] or 'none written (hidden in the container)'}",
             f"cover:  PSNR {m['cover_psnr']:.2f} dB  SSIM {m['cover_ssim']:.4f}  APD {m['cover_apd']:.2f}"]
    secret = {k[len("secret_"):]: v for k, v in m.items() if k.startswith("secret_")}
    lines.append("secret: " + "  ".join(f"{k} {_fmt(v)}" for k, v in secret.items()))
    return "\n".join(lines)


def _fmt(v: float) -> str:
    return f"{v:.4g}" if np.isfinite(v) else str(v)

"""`stegstudio analyse IMAGE [IMAGE...] [--cover COVER] [--json]`: a steganalysis self-check.

Only argument handling and printing live here; the work is `stegstudio.core.analysis.report.analyse`.
With --json each image gives one JSON object on its own line (JSON Lines).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from stegstudio.cli.common import _clean


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("analyse", help="check how detectable an image's hidden data is (steganalysis)")
    p.add_argument("images", nargs="+", type=Path, metavar="IMAGE", help="images to analyse (PNG or any format)")
    p.add_argument("--cover", type=Path, help="the cover the images were made from: adds PSNR and SSIM")
    p.add_argument("--json", action="store_true", help="one JSON object per image on stdout (one per line)")
    p.set_defaults(run=_run)


def _human(path: Path, result: dict) -> str:
    a = result["attacks"]
    lines = [f"{path}: {result['verdict']}",
             f"  detector stego probability {result['stego_probability']:.2f}; "
             f"SPA {a['spa']:.3f}, WS {a['ws']:.3f}, chi-square p {a['chi2_p']:.3f}"]
    if result.get("psnr") is not None:
        lines.append(f"  against the cover: PSNR {result['psnr']:.2f} dB, SSIM {result['ssim']:.4f}")
    return "\n".join(lines)


def _run(args: argparse.Namespace) -> int:
    from stegstudio.core.analysis.report import analyse
    from stegstudio.core.media.image import load_image

    cover = load_image(args.cover) if args.cover is not None else None
    images = [(path, load_image(path)) for path in args.images]  # every file checked before any work
    for path, image in images:
        result = {"image": str(path), **analyse(image, cover).as_dict()}
        if args.json:
            sys.stdout.write(json.dumps(_clean(result), sort_keys=True) + "\n")
        else:
            print(_human(path, result))
    return 0

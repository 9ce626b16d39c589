#!/usr/bin/env python3
"""Robustness benchmark: does the payload come back after the re-encodings a shared image meets?

    python benchmarks/robustness_bench.py            # 20 covers at 256 and 512 px, JSON to benchmarks/results/

For each cover (the detectability corpus: photo crops, then GASP covers) and a random payload, robust
mode embeds at a target quality; the stego image is then re-encoded with the real encoders (Pillow's
libjpeg and libwebp), resized and resized back, or cropped by one pixel, and extracted exactly as a
recipient's file would be (a JPEG or WebP through the lossy path; robust rows read every channel that way,
which tries robust mode's salts only: the outcome is the one the full search gives, in less time). A trial
counts as a success only when
the bytes come back exactly; an embedding that refuses counts as a failure of every channel. Fast mode
(the neural decoder) runs beside it on the same covers, so the JSON shows what robust mode changes. The
largest payload rows search the payload size that still extracts in at least 95 % of the trials.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import detectability_corpus as corpus
from benchmarks import record
from stegstudio.core.errors import InputError
from stegstudio.core.fnns import engine, payload
from stegstudio.core.fnns.robust import QUALITIES

PASSWORD = "robustness-benchmark"
TARGET_RATE = 0.95


def _reencode(image: np.ndarray, fmt: str, quality: int) -> np.ndarray:
    buf = io.BytesIO()
    Image.fromarray(image).save(buf, fmt, quality=quality)
    buf.seek(0)
    with Image.open(buf) as im:
        return np.asarray(im.convert("RGB"))


def _resized_back(image: np.ndarray, factor: float) -> np.ndarray:
    h, w = image.shape[:2]
    small = Image.fromarray(image).resize((round(w * factor), round(h * factor)), Image.Resampling.BICUBIC)
    return np.asarray(small.resize((w, h), Image.Resampling.BICUBIC))


# name: (what a recipient gets, whether it arrives as a lossy file)
CHANNELS: dict[str, tuple[Callable[[np.ndarray], np.ndarray], bool]] = {
    "png": (lambda im: im, False),
    "jpeg95": (lambda im: _reencode(im, "JPEG", 95), True),
    "jpeg90": (lambda im: _reencode(im, "JPEG", 90), True),
    "jpeg75": (lambda im: _reencode(im, "JPEG", 75), True),
    "jpeg50": (lambda im: _reencode(im, "JPEG", 50), True),
    "jpeg90_then_75": (lambda im: _reencode(_reencode(im, "JPEG", 90), "JPEG", 75), True),
    "webp80": (lambda im: _reencode(im, "WEBP", 80), True),
    "resize0.8_back": (lambda im: _resized_back(im, 0.8), False),
    "resize1.25_back": (lambda im: _resized_back(im, 1.25), False),
    "crop1px": (lambda im: np.ascontiguousarray(im[1:, 1:]), False),
}


FAST_CHANNELS = ["png", "jpeg95", "resize1.25_back"]  # fast mode's failures cost a full search each


def _extracts(stego: np.ndarray, channel: str, data: bytes, mode: str) -> bool:
    transform, lossy = CHANNELS[channel]
    try:
        got = engine.extract_array(transform(stego), PASSWORD, lossy_note="a lossy file" if lossy else "",
                                   robust_only=lossy or mode == "robust")
    except InputError:
        return False
    return got.secret.data == data


def _trial(cover: np.ndarray, data: bytes, mode: str, quality: int, channels: list[str]) -> dict:
    t0 = time.perf_counter()
    try:
        stego, stats = engine.embed_array(cover, payload.Message(data), PASSWORD, bpp=1, ecc="high", mode=mode,
                                          quality=quality)
    except InputError as exc:
        return {"embedded": False, "error": str(exc), "seconds": time.perf_counter() - t0,
                "extracted": {c: False for c in channels}}
    return {"embedded": True, "psnr_rgb": stats.psnr_rgb, "seconds": stats.seconds,
            "extracted": {c: _extracts(stego, c, data, mode) for c in channels}}


def _summary(trials: list[dict], channels: list[str]) -> dict:
    done = [t for t in trials if t["embedded"]]
    return {
        "trials": len(trials), "embedded": len(done),
        "psnr_rgb_mean": float(np.mean([t["psnr_rgb"] for t in done])) if done else None,
        "psnr_rgb_min": float(np.min([t["psnr_rgb"] for t in done])) if done else None,
        "seconds_mean": float(np.mean([t["seconds"] for t in trials])),
        "extraction_rate": {c: float(np.mean([t["extracted"][c] for t in trials])) for c in channels},
    }


def _row(covers: list[corpus.Cover], size: int, mode: str, quality: int, nbytes: int, repeats: int,
         channels: list[str], seed: int) -> dict:
    rng = np.random.default_rng(seed)
    trials = []
    for cover in covers:
        for _ in range(repeats):
            trials.append(_trial(cover.image, rng.bytes(nbytes), mode, quality, channels))
            print(f"{mode} q{quality} {size}px {nbytes}B {cover.name}: "
                  f"{'ok' if trials[-1]['embedded'] else 'refused'} "
                  f"{sum(trials[-1]['extracted'].values())}/{len(channels)}", file=sys.stderr)
    return {"mode": mode, "size": size, "quality": quality if mode == "robust" else None, "payload_bytes": nbytes,
            "ecc": "high", **_summary(trials, channels)}


def _largest(covers: list[corpus.Cover], size: int, quality: int, channel: str, seed: int) -> dict:
    """The largest payload (in steps of 16 bytes, up to the capacity) extracting after `channel` in at
    least TARGET_RATE of the covers, found by bisection over the steps."""
    top = payload.capacity(size, size, 0, "high", mode="robust")
    sizes = list(range(16, top + 1, 16)) or [top]
    good, lo, hi, rates = None, 0, len(sizes) - 1, {}
    while lo <= hi:
        mid = (lo + hi) // 2
        row = _row(covers, size, "robust", quality, sizes[mid], 1, [channel], seed + sizes[mid])
        rates[sizes[mid]] = row["extraction_rate"][channel]
        if rates[sizes[mid]] >= TARGET_RATE:
            good, lo = sizes[mid], mid + 1
        else:
            hi = mid - 1
    return {"size": size, "quality": quality, "channel": channel, "largest_bytes": good, "capacity_bytes": top,
            "rates_tried": {str(k): v for k, v in sorted(rates.items())}}


def run(args: argparse.Namespace) -> dict:
    channels = list(CHANNELS)
    rows, largest = [], []
    for size in args.sizes:
        covers = corpus.covers(args.covers, size)
        for quality in args.qualities:
            rows.append(_row(covers, size, "robust", quality, args.payload, args.repeats if size == 256 else 1,
                             channels, args.seed))
        if size == 256 and args.fast_baseline:
            rows.append(_row(covers, size, "fast", 75, args.payload, 1, FAST_CHANNELS, args.seed))
        if size == 256:
            largest += [_largest(covers, size, q, f"jpeg{q}", args.seed) for q in args.qualities if q in (75, 90)]
    return {"benchmark": "robustness", "covers": args.covers, "sizes": args.sizes, "password_kdf": "scrypt 2^17",
            "channels": channels, "target_rate": TARGET_RATE, "rows": rows, "largest_payload": largest,
            "machine": record.machine(),
            "command": "python benchmarks/robustness_bench.py " + " ".join(sys.argv[1:])}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--covers", type=int, default=20, help="covers per size (default 20)")
    p.add_argument("--sizes", type=int, nargs="+", default=[256, 512])
    p.add_argument("--qualities", type=int, nargs="+", default=[75, 90], choices=QUALITIES)
    p.add_argument("--payload", type=int, default=128, help="payload bytes (default 128)")
    p.add_argument("--repeats", type=int, default=2, help="random payloads per cover at 256 px (default 2)")
    p.add_argument("--no-fast-baseline", dest="fast_baseline", action="store_false",
                   help="leave out fast mode's row")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--out", type=Path, default=Path("benchmarks/results/robustness.json"))
    args = p.parse_args(argv)
    report = run(args)
    record.write_json(args.out, report)
    print(json.dumps({r["mode"] + f" q{r['quality']} {r['size']}px": r["extraction_rate"] for r in report["rows"]},
                     indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

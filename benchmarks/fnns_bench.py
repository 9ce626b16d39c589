#!/usr/bin/env python3
"""Bit embedding benchmark: StegStudio's embedder beside the reference FNNS loop, as ratios.

For every cover, size and bpp it runs the reference loop (benchmarks/fnns_reference_loop.py, the
paper's procedure written plainly: a subprocess with this same python, which prints one JSON line
and times only its optimisation loop), then `files.embed_image` in this process on the same cover at
the same size, with random bytes filling the stated capacity, and the extraction from the written
PNG. Timings on a shared CPU are noisy: only the ratio of two
runs made one right after the other means anything. A JPEG table re-compresses each stego image
at several qualities and records whether the payload still decodes and the raw bit error.
The covers are three photographs shipped inside the scikit-image wheel (tests/photo_covers.py, the
same ones the tests use), unless --covers names others.

  python benchmarks/fnns_bench.py --quick
  python benchmarks/fnns_bench.py --sizes 64 --bpps 1 --repeats 5 --out bench-out/fnns-64-speed.json
  python benchmarks/fnns_bench.py --sizes 64,128,256 --bpps 1,2,3,4 --out bench-out/fnns.json
  python benchmarks/fnns_bench.py --covers my-photos/*.png --sizes 64 --bpps 1
"""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import torch
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import record
from stegstudio.core.errors import InputError
from stegstudio.core.fnns import engine, files, payload
from stegstudio.core.fnns.decoder import Decoder
from stegstudio.core.fnns.optimise import read_logits
from stegstudio.core.media.image import load_png_exact
from tests.photo_covers import PHOTOS, photo

REFERENCE = str(Path(__file__).resolve().parent / "fnns_reference_loop.py")
PASSWORD = "benchmark password"
JPEG_QUALITIES = (95, 90, 75, 50)


def run_reference(script: str, cover: str, size: int, bpp: int, time_limit: float, threads: int) -> dict:
    cmd = [sys.executable, script, cover, "--size", str(size), "--bpp", str(bpp), "--time-limit", str(time_limit)]
    env = dict(os.environ, OMP_NUM_THREADS=str(threads))
    done = subprocess.run(cmd, capture_output=True, text=True, check=True, env=env)
    return {**json.loads(done.stdout.strip().splitlines()[-1]), "threads": threads}


def run_ours(cover: str, size: int, bpp: int, mode: str, workdir: str) -> tuple[dict, np.ndarray, bytes]:
    cap = payload.capacity(size, size, bpp)
    data = np.random.default_rng(size * 10 + bpp).integers(0, 256, cap, dtype=np.uint8).tobytes()
    out = os.path.join(workdir, f"{Path(cover).stem}-{size}-{bpp}.png")
    res = files.embed_image(cover, payload.Message(data), PASSWORD, out, bpp=bpp, mode=mode, size=size, force=True)
    stego = load_png_exact(out)
    t0 = time.perf_counter()
    back = files.extract_image(out, PASSWORD)
    row = {k: v for k, v in res.stats.__dict__.items()}
    row["extract_seconds"] = time.perf_counter() - t0
    row["roundtrip_exact"] = back.secret.data == data
    return row, stego, data


def jpeg_rows(stego: np.ndarray, bpp: int, variant: int, data: bytes) -> list[dict]:
    """Re-compress at each quality; raw BER against the bits the PNG itself decodes to."""
    seed = payload.master_seed(PASSWORD, engine.read_salt(stego).salt)
    decoder = Decoder.from_seed(seed, variant)
    ref_bits = read_logits(decoder, stego, "cpu", bpp) > 0
    rows = []
    for q in JPEG_QUALITIES:
        buf = io.BytesIO()
        Image.fromarray(stego).save(buf, format="JPEG", quality=q)
        damaged = np.asarray(Image.open(io.BytesIO(buf.getvalue())).convert("RGB"))
        ber = float(((read_logits(decoder, damaged, "cpu", bpp) > 0) != ref_bits).mean())
        try:
            ok = engine.extract_array(damaged, PASSWORD).secret.data == data
            status = "decodes" if ok else "WRONG BYTES"
        except InputError as exc:
            status = "damaged" if isinstance(exc, payload.PayloadDamaged) else "not found"
        rows.append({"quality": q, "raw_ber": round(ber, 4), "status": status})
    return rows


def write_photo_covers(workdir: str) -> list[str]:
    """The bundled photographs as square PNG files at full resolution: the reference loop and
    `files.embed_image` both take a file and resize it to each size themselves."""
    paths = []
    for name in PHOTOS:
        path = os.path.join(workdir, f"{name}.png")
        Image.fromarray(photo(name)).save(path)
        paths.append(path)
    return paths


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--covers", nargs="+", metavar="FILE",
                    help=f"cover images (default: the photos {', '.join(PHOTOS)} from scikit-image)")
    ap.add_argument("--sizes", default="64,128")
    ap.add_argument("--bpps", default="1,2,3,4")
    ap.add_argument("--mode", default="fast", choices=engine.MODES)
    ap.add_argument("--reference", default=REFERENCE, help="path of fnns_reference_loop.py")
    ap.add_argument("--ref-time-limit", type=float, default=120.0, help="reference loop time limit (s)")
    ap.add_argument("--ref-threads", type=int,
                    help="OMP_NUM_THREADS for the reference (default: the thread count this process embeds with)")
    ap.add_argument("--no-reference", action="store_true", help="skip the reference loop (quality runs)")
    ap.add_argument("--jpeg", action="store_true", help="JPEG robustness table for every stego image")
    ap.add_argument("--repeats", type=int, default=1,
                    help="run each (reference, ours) pair this many times (ours encrypts with a fresh "
                         "salt each time, so its target bits change; the reference loop is deterministic)")
    ap.add_argument("--quick", action="store_true", help="one cover, 64 px, 1 and 3 bpp, JPEG table")
    ap.add_argument("--out", default="bench-out/fnns.json")
    args = ap.parse_args()
    if args.ref_threads is None:
        args.ref_threads = torch.get_num_threads()  # the count files.embed_image runs with: same footing

    missing = [c for c in args.covers or [] if not Path(c).is_file()]
    if missing:
        sys.exit(f"no such cover file: {', '.join(missing)}; pass existing image files to --covers")
    sizes = [int(s) for s in args.sizes.split(",")]
    bpps = [int(b) for b in args.bpps.split(",")]

    rows = []
    with tempfile.TemporaryDirectory() as workdir:
        covers = args.covers or write_photo_covers(workdir)
        if args.quick:
            covers, sizes, bpps, args.jpeg = covers[:1], [64], [1, 3], True
        for cover in covers:
            for size in sizes:
                for bpp, repeat in ((b, k) for b in bpps for k in range(args.repeats)):
                    row: dict = {"cover": Path(cover).name, "size": size, "bpp": bpp}
                    if args.repeats > 1:
                        row["repeat"] = repeat + 1
                    if not args.no_reference:
                        row["reference"] = run_reference(args.reference, cover, size, bpp, args.ref_time_limit,
                                                         args.ref_threads)
                    ours, stego, data = run_ours(cover, size, bpp, args.mode, workdir)
                    row["ours"] = ours
                    if not args.no_reference:
                        row["time_ratio"] = round(row["reference"]["seconds"] / ours["seconds"], 2)
                        row["psnr_gain_db"] = round(ours["psnr_rgb"] - row["reference"]["psnr_rgb"], 2)
                    if args.jpeg:
                        row["jpeg"] = jpeg_rows(stego, bpp, ours["variant"], data)
                    rows.append(row)
                    print(json.dumps(row), flush=True)
    result = {
        "benchmark": "fnns",
        "command": " ".join([Path(sys.executable).name, *sys.argv]),
        "machine": record.machine(),
        "rows": rows,
    }
    out = Path(args.out)
    record.write_json(out, result)
    print(f"wrote {out}")


if __name__ == "__main__":
    main()

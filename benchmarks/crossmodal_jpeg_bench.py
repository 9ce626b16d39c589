#!/usr/bin/env python3
"""Cross-modal containers re-encoded as JPEG: the secret revealed from Pillow's JPEG of the container,
ordinary training beside `--robust Q` training at the preset's steps and at `LONG` times as many, on
image secrets at a preset.

    python benchmarks/crossmodal_jpeg_bench.py            # quick preset, robust 90, six image secrets

Secrets: the bundled sample image (the one the quick preset was tuned on); chelsea and coffee from the
scikit-image wheel (the robust step schedule was chosen on chelsea and the sample, and `LONG` was tried
on coffee and the sample); and three photographs from the same wheel that no setting was tuned on
(astronaut, rocket, immunohistochemistry). The cover is the bundled cover. The summary gives, per
secret and robust row, how far the reveal from JPEG at the trained quality falls below the same
container's PNG and below the ordinary container's PNG, and what robust training costs in cover PSNR.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

import record  # a sibling script's helper (a script's own folder is on sys.path)
import skimage.data
from PIL import Image

from stegstudio.core.crossmodal import engine, files
from stegstudio.core.crossmodal.presets import get_preset
from stegstudio.core.media import jpeg
from stegstudio.core.samples import sample_path

QUALITIES = (95, 90, 75)
LONG = 2.5  # the longer robust run's steps, as a multiple of the preset's


def _secrets(folder: Path) -> dict[str, Path]:
    out = {"bundled sample (tuned)": sample_path("image")}
    for name, role in (("chelsea", "tuned"), ("coffee", "tuned"), ("astronaut", "held out"),
                       ("rocket", "held out"), ("immunohistochemistry", "held out")):
        path = folder / f"{name}.png"
        Image.fromarray(getattr(skimage.data, name)()).save(path)
        out[f"{name} ({role})"] = path
    return out


def _summary(rows: list[dict], robust: int) -> list[dict]:
    """Per secret (rows in threes: ordinary, robust, robust trained longer): for each robust row, the dB
    the reveal from JPEG at `robust` falls below its own PNG and the ordinary PNG, and the cover PSNR cost."""
    out = []
    for plain, *trained in zip(rows[::3], rows[1::3], rows[2::3], strict=True):
        for row in trained:
            after = row["secret_psnr_after_jpeg"][str(robust)]
            out.append({"secret": row["secret"], "steps": row["steps"],
                        "below_own_png_db": round(row["secret_psnr_png"] - after, 2),
                        "below_ordinary_png_db": round(plain["secret_psnr_png"] - after, 2),
                        "cover_psnr_cost_db": round(plain["cover_psnr"] - row["cover_psnr"], 2)})
    return out


def _run(secret: Path, preset: str, robust: int | None, steps: int | None, folder: Path) -> dict:
    settings = engine.HideSettings(preset=preset, robust=robust, steps=steps)
    t0 = time.perf_counter()
    report = files.hide_files(secret, sample_path("cover"), folder / "c.png", folder / "k.json", settings, force=True)
    seconds = time.perf_counter() - t0
    original = files.load_hide_inputs(secret, sample_path("cover"), settings).secret
    result = report.result
    after = {str(q): original.compare(engine.reveal(jpeg.round_trip(result.container, q), result.key))["secret_psnr"]
             for q in QUALITIES}
    return {"robust": robust, "steps": result.steps, "seconds": round(seconds, 1),
            "cover_psnr": result.metrics["cover_psnr"], "secret_psnr_png": result.metrics["secret_psnr"],
            "secret_psnr_after_jpeg": after}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--preset", default="quick")
    p.add_argument("--robust", type=int, default=90, choices=QUALITIES)
    p.add_argument("--out", type=Path, default=Path("benchmarks/results/crossmodal_jpeg.json"))
    args = p.parse_args(argv)
    long_steps = round(get_preset(args.preset).for_modality("image").steps * LONG)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for label, path in _secrets(folder).items():
            for robust, steps in ((None, None), (args.robust, None), (args.robust, long_steps)):
                rows.append({"secret": label, **_run(path, args.preset, robust, steps, folder)})
                print(json.dumps(rows[-1]), file=sys.stderr, flush=True)
    report = {"benchmark": "crossmodal_jpeg", "preset": args.preset, "qualities": list(QUALITIES), "rows": rows,
              "summary": _summary(rows, args.robust),
              "machine": record.machine(),
              "command": "python benchmarks/crossmodal_jpeg_bench.py " + " ".join(sys.argv[1:])}
    record.write_json(args.out, report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

#!/usr/bin/env python3
"""Cross-modal containers re-encoded as JPEG: the secret revealed from Pillow's JPEG of the container,
ordinary training beside `--robust Q` training, on image secrets at a preset.

    python benchmarks/crossmodal_jpeg_bench.py            # quick preset, robust 90, three image secrets

Secrets: the bundled sample image (the one the quick preset was tuned on) and two photographs from the
scikit-image wheel that no setting was tuned on (chelsea, coffee); the cover is the bundled cover.
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
from stegstudio.core.media import jpeg
from stegstudio.core.samples import sample_path

QUALITIES = (95, 90, 75)


def _secrets(folder: Path) -> dict[str, Path]:
    out = {"bundled sample (tuned)": sample_path("image")}
    for name in ("chelsea", "coffee"):
        path = folder / f"{name}.png"
        Image.fromarray(getattr(skimage.data, name)()).save(path)
        out[f"{name} (held out)"] = path
    return out


def _run(secret: Path, preset: str, robust: int | None, folder: Path) -> dict:
    settings = engine.HideSettings(preset=preset, robust=robust)
    t0 = time.perf_counter()
    report = files.hide_files(secret, sample_path("cover"), folder / "c.png", folder / "k.json", settings, force=True)
    seconds = time.perf_counter() - t0
    original = files.load_hide_inputs(secret, sample_path("cover"), settings).secret
    result = report.result
    after = {str(q): original.compare(engine.reveal(jpeg.round_trip(result.container, q), result.key))["secret_psnr"]
             for q in QUALITIES}
    return {"robust": robust, "seconds": round(seconds, 1), "cover_psnr": result.metrics["cover_psnr"],
            "secret_psnr_png": result.metrics["secret_psnr"], "secret_psnr_after_jpeg": after}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--preset", default="quick")
    p.add_argument("--robust", type=int, default=90)
    p.add_argument("--out", type=Path, default=Path("benchmarks/results/crossmodal_jpeg.json"))
    args = p.parse_args(argv)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for label, path in _secrets(folder).items():
            for robust in (None, args.robust):
                rows.append({"secret": label, **_run(path, args.preset, robust, folder)})
                print(json.dumps(rows[-1]), file=sys.stderr)
    report = {"benchmark": "crossmodal_jpeg", "preset": args.preset, "qualities": list(QUALITIES), "rows": rows,
              "machine": record.machine(),
              "command": "python benchmarks/crossmodal_jpeg_bench.py " + " ".join(sys.argv[1:])}
    record.write_json(args.out, report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

#!/usr/bin/env python3
"""Cross-modal quality on secrets the presets were not tuned on: a set of video and audio clips
(`heldout_clips.py`), each hidden in the bundled cover at a preset, one run each.

    python benchmarks/heldout_bench.py                          # quick preset, every clip that can be made
    python benchmarks/heldout_bench.py --only speech-de music-sox --steps 3000

The bundled samples (resources/samples/video.gif, audio.wav) are the clips the presets were first tuned on,
and the quick preset's video and audio steps and beta were then chosen on hubble-pan and speech-en-male;
all four are run and marked `"tuned_on": true`, so the JSON says which numbers are tuning and which are not.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

import heldout_clips  # a sibling script (a script's own folder is on sys.path)
import record  # a sibling script's helper (a script's own folder is on sys.path)

from stegstudio.core.crossmodal import engine, files
from stegstudio.core.samples import sample_path

SECRET_METRIC = {"video": "secret_psnr", "audio": "secret_snr"}
TUNED_CLIPS = ("hubble-pan", "speech-en-male")  # the held-out clips the quick preset's steps and beta were chosen on


def _run(name: str, path: Path, modality: str, preset: str, steps: int | None, tuned_on: bool) -> dict:
    settings = engine.HideSettings(preset=preset, modality=modality, steps=steps)
    inputs = files.load_hide_inputs(path, sample_path("cover"), settings)
    t0 = time.perf_counter()
    result = engine.hide(inputs.secret, inputs.cover, settings)
    metric = SECRET_METRIC[modality]
    return {"clip": name, "modality": modality, "tuned_on": tuned_on, "steps": result.steps,
            "precision": result.key.params["training"]["precision"], "seconds": round(time.perf_counter() - t0, 1),
            "cover_psnr": round(result.metrics["cover_psnr"], 3), "secret_metric": metric,
            "secret": round(result.metrics[metric], 3)}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--preset", default="quick")
    p.add_argument("--steps", type=int, help="override the preset's steps (default: the preset's)")
    p.add_argument("--only", nargs="+", help="clip names to run (bundled: sample-video, sample-audio)")
    p.add_argument("--out", type=Path, default=Path("benchmarks/results/heldout.json"))
    args = p.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        clips, skipped = heldout_clips.make_all(Path(tmp))
        plan = [("sample-video", sample_path("video"), "video", True),
                ("sample-audio", sample_path("audio"), "audio", True)]
        plan += [(name, path, "video" if path.suffix == ".gif" else "audio", name in TUNED_CLIPS)
                 for name, path in clips.items()]
        rows = []
        for name, path, modality, tuned in plan:
            if args.only and name not in args.only:
                continue
            rows.append(_run(name, path, modality, args.preset, args.steps, tuned))
            print(json.dumps(rows[-1]), file=sys.stderr, flush=True)
    report = {"benchmark": "heldout", "preset": args.preset, "rows": rows, "skipped": skipped,
              "machine": record.machine(),
              "command": "python benchmarks/heldout_bench.py " + " ".join(sys.argv[1:])}
    record.write_json(args.out, report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

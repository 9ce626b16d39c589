#!/usr/bin/env python3
"""The fidelity dial's trade-off: cover PSNR asked, cover PSNR reached and the secret's quality, per modality.

    python benchmarks/fidelity_bench.py                 # quick preset, image/video/audio at 25-40 dB: 15 hides
    python benchmarks/fidelity_bench.py --plot-only     # redraw docs/fidelity-curve.png from the JSON

Each modality's bundled sample is hidden in the bundled cover with `cover_psnr` at each target and once
with the preset's fixed beta (the point the dial replaces); the plot adds the paper's reported points
(Han et al. 2023, tables 1 and 2: video 19.77 / 29.98 dB, audio 23.33 / 17.92 dB, at its own sizes).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import record  # a sibling script's helper (a script's own folder is on sys.path)

from stegstudio.core.crossmodal import engine, files
from stegstudio.core.samples import sample_path

TARGETS = (25.0, 30.0, 35.0, 40.0)
MODALITIES = ("image", "video", "audio")
SECRET_METRIC = {"image": "secret_psnr", "video": "secret_psnr", "audio": "secret_snr"}
PAPER_POINTS = {"video": (19.77, 29.98), "audio": (23.33, 17.92)}  # (cover PSNR, secret PSNR / SNR)
PLOT = Path("docs/fidelity-curve.png")


def _run(modality: str, preset: str, target: float | None) -> dict:
    settings = engine.HideSettings(preset=preset, modality=modality, cover_psnr=target)
    inputs = files.load_hide_inputs(sample_path(modality), sample_path("cover"), settings)
    t0 = time.perf_counter()
    result = engine.hide(inputs.secret, inputs.cover, settings)
    return {"modality": modality, "target": target, "seconds": round(time.perf_counter() - t0, 1),
            "cover_psnr": round(result.metrics["cover_psnr"], 3),
            "secret": round(result.metrics[SECRET_METRIC[modality]], 3), "secret_metric": SECRET_METRIC[modality]}


def plot(report: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 4.5), dpi=110)
    for i, modality in enumerate(report["modalities"]):
        color = f"C{i}"
        dial = sorted((r for r in report["rows"] if r["modality"] == modality and r["target"] is not None),
                      key=lambda r: r["cover_psnr"])
        ax.plot([r["cover_psnr"] for r in dial], [r["secret"] for r in dial], "o-", color=color,
                label=f"{modality}: --cover-psnr " + ", ".join(f"{r['target']:g}" for r in dial))
        fixed = [r for r in report["rows"] if r["modality"] == modality and r["target"] is None]
        ax.plot([r["cover_psnr"] for r in fixed], [r["secret"] for r in fixed], "s", color=color, mfc="none",
                ms=9, label=f"{modality}: preset beta")
        if modality in PAPER_POINTS:
            ax.plot(*PAPER_POINTS[modality], "*", color=color, ms=14, label=f"{modality}: paper (its sizes)")
    ax.set_xlabel("cover PSNR (dB)")
    ax.set_ylabel("secret PSNR (image, video) / SNR (audio), dB")
    ax.set_title(f"Cover fidelity vs secret fidelity, preset {report['preset']}")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=7, ncol=2)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--preset", default="quick")
    p.add_argument("--modalities", nargs="+", default=list(MODALITIES), choices=MODALITIES)
    p.add_argument("--targets", nargs="+", type=float, default=list(TARGETS))
    p.add_argument("--out", type=Path, default=Path("benchmarks/results/fidelity.json"))
    p.add_argument("--plot", type=Path, default=PLOT)
    p.add_argument("--plot-only", action="store_true", help="redraw the plot from --out without training")
    args = p.parse_args(argv)
    if args.plot_only:
        plot(json.loads(args.out.read_text()), args.plot)
        return 0
    rows = []
    for modality in args.modalities:
        for target in [None, *args.targets]:
            rows.append(_run(modality, args.preset, target))
            print(json.dumps(rows[-1]), file=sys.stderr, flush=True)
    report = {"benchmark": "fidelity", "preset": args.preset, "modalities": args.modalities, "rows": rows,
              "tolerance_db": 0.5, "paper_points": PAPER_POINTS,
              "machine": record.machine(),
              "command": "python benchmarks/fidelity_bench.py " + " ".join(sys.argv[1:])}
    record.write_json(args.out, report)
    plot(report, args.plot)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

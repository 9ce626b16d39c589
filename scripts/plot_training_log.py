"""Draw a cover model's training curves (from its training_log.json) as a PNG, for the README.

    QT_QPA_PLATFORM=offscreen python scripts/plot_training_log.py bench-out/gasp-covers docs/gasp-training.png
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pyqtgraph as pg
from pyqtgraph.exporters import ImageExporter

CURVES = {"loss_d": "#1f77b4", "loss_g": "#d62728", "r1": "#2ca02c"}
SMOOTH = 20  # log entries (every 10 steps): a 200-step running mean


def main(model: Path, out: Path) -> None:
    log = json.loads((model / "training_log.json").read_text())
    pg.mkQApp()
    pg.setConfigOptions(background="w", foreground="k", antialias=True)
    plot = pg.PlotWidget(title=f"{model.name}: GAN losses ({SMOOTH * 10}-step running mean)")
    plot.resize(900, 380)
    plot.addLegend(offset=(-10, 10))
    plot.setLabel("bottom", "step")
    for name, colour in CURVES.items():
        rows = [(r["step"], r[name]) for r in log if name in r]
        if len(rows) < SMOOTH:
            continue
        steps, values = np.array(rows).T
        smooth = np.convolve(values, np.ones(SMOOTH) / SMOOTH, mode="valid")
        plot.plot(steps[SMOOTH - 1:], smooth, pen=pg.mkPen(colour, width=2), name=name)
    exporter = ImageExporter(plot.plotItem)
    exporter.parameters()["width"] = 900
    exporter.export(str(out))
    print(f"wrote {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))

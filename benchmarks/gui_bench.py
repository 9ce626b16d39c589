#!/usr/bin/env python3
"""Desktop GUI benchmark: how fast the window appears, and how responsive it stays while a job trains.

  python benchmarks/gui_bench.py --out benchmarks/results/gui.json [--launches 5] [--preset quick]
      [--secret image] [--steps 200]

1. Launch to first shown window: `stegstudio gui` started in a fresh process (as the entry point
   does, through the CLI), timed from just before the process starts until the window has been
   shown and the event loop has run once after its show event (so its first paint is queued or
   done). Also records whether torch was already imported at that moment (it should not be).
2. Event-loop latency: in this process, the main window is shown and a 10 ms QTimer records how
   late each tick fires, first idle, then while the Hide media tab hides a bundled secret on its
   worker thread (loss curves, container previews and progress updating as in normal use).

QT_QPA_PLATFORM defaults to offscreen (widgets are still laid out and painted).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import record  # a sibling script's helper (a script's own folder is on sys.path)

TICK_MS = 10

# Runs in the child: the real entry point, with a hook that reports when the window is first shown.
LAUNCH_PROBE = """
import sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from stegstudio.gui.main_window import MainWindow

def shown():
    torch_loaded = "torch" in sys.modules
    print(f"SHOWN {time.time():.6f} {int(torch_loaded)}", flush=True)
    QApplication.quit()

original = MainWindow.showEvent
def show_event(self, event):
    original(self, event)
    QTimer.singleShot(0, shown)
MainWindow.showEvent = show_event

from stegstudio.cli import main
raise SystemExit(main(["gui", "--settings-dir", sys.argv[1]]))
"""


def launch_once(settings_dir: str) -> tuple[float, bool]:
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    t0 = time.time()
    proc = subprocess.run([sys.executable, "-c", LAUNCH_PROBE, settings_dir], capture_output=True, text=True,
                          timeout=120, env=env)
    lines = [line for line in proc.stdout.splitlines() if line.startswith("SHOWN ")]
    if proc.returncode != 0 or not lines:
        raise RuntimeError(f"the GUI did not start (exit {proc.returncode}): {proc.stderr[-2000:]}")
    _, shown_at, torch_loaded = lines[0].split()
    return float(shown_at) - t0, torch_loaded == "1"


def percentiles(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)

    def pick(q: float) -> float:
        return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]

    return {"ticks": len(values), "p50_ms": round(pick(0.50), 2), "p95_ms": round(pick(0.95), 2),
            "max_ms": round(ordered[-1], 2)}


def event_loop_latency(preset: str, secret: str, steps: int, idle_s: float) -> dict[str, Any]:
    from PySide6.QtCore import QEventLoop, QTimer

    from stegstudio.gui import settings

    with tempfile.TemporaryDirectory() as folder:
        settings.configure(folder)
        from stegstudio.gui.app import application, dispose, settle
        from stegstudio.gui.main_window import MainWindow
        from stegstudio.gui.selftest import configure_hide, run_and_wait

        application()
        window = MainWindow()
        window.show()
        settle()
        lateness: list[float] = []
        last = [time.perf_counter()]

        def tick() -> None:
            now = time.perf_counter()
            lateness.append(max(0.0, (now - last[0]) * 1000.0 - TICK_MS))
            last[0] = now

        timer = QTimer()
        timer.setInterval(TICK_MS)
        timer.timeout.connect(tick)
        last[0] = time.perf_counter()
        timer.start()
        loop = QEventLoop()
        QTimer.singleShot(int(idle_s * 1000), loop.quit)
        loop.exec()
        idle = percentiles(lateness)

        hide = window.select_tab("hide")
        configure_hide(hide, secret, preset, steps)
        lateness.clear()
        t0 = time.perf_counter()
        run_and_wait(hide, hide.hide.start_job, "hide")
        busy = {**percentiles(lateness), "job_seconds": round(time.perf_counter() - t0, 2)}
        timer.stop()
        result = hide.hide.outcome.result
        window.close()
        dispose(window)
    return {"tick_ms": TICK_MS, "idle": idle, "during_hide": busy,
            "job": {"secret": secret, "preset": preset, "steps": result.steps,
                    "points_plotted": len(hide.hide.loss_plot.steps["secret_loss"]),
                    "cover_psnr": round(result.metrics["cover_psnr"], 2)}}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default="bench-out/gui.json")
    ap.add_argument("--launches", type=int, default=5)
    ap.add_argument("--preset", default="quick")
    ap.add_argument("--secret", default="image", choices=("image", "video", "audio", "shape"))
    ap.add_argument("--steps", type=int, default=200)
    ap.add_argument("--idle-seconds", type=float, default=3.0)
    args = ap.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    print(f"launching the window {args.launches} times ...", file=sys.stderr, flush=True)
    launches, torch_early = [], []
    with tempfile.TemporaryDirectory() as folder:
        for _ in range(args.launches):
            seconds, torch_loaded = launch_once(folder)
            launches.append(round(seconds, 3))
            torch_early.append(torch_loaded)
    print(f"event-loop latency while hiding ({args.preset}, {args.steps} steps) ...", file=sys.stderr, flush=True)
    latency = event_loop_latency(args.preset, args.secret, args.steps, args.idle_seconds)

    import PySide6
    import torch

    from stegstudio import __version__

    report: dict[str, Any] = {
        "benchmark": "gui", "stegstudio": __version__, "torch": torch.__version__, "pyside6": PySide6.__version__,
        "machine": {**record.machine(), "qt_platform": os.environ["QT_QPA_PLATFORM"]},
        "launch_to_shown": {"seconds": launches, "median_s": round(statistics.median(launches), 3),
                            "max_s": max(launches), "target_s": 2.0, "torch_loaded_before_shown": any(torch_early)},
        "event_loop_latency": {**latency, "target_p95_ms": 50.0},
    }
    out = Path(args.out)
    record.write_json(out, report)
    print(f"wrote {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

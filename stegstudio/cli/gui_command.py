"""`stegstudio gui`: the desktop window. PySide6 (and the GUI package) is imported only when it runs,
so every other command stays Qt-free."""

from __future__ import annotations

import argparse
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("gui", help="open the desktop window",
                       description="Open the desktop window (PySide6): hide media, generate covers, embed bits.")
    p.add_argument("--tab", help="open on this tab, by name (hide, cover, embed; a wrong name lists them)")
    p.add_argument("--self-test", action="store_true",
                   help="open the window, run a tiny real job through each tab, check the results, exit "
                        "(0 when all pass)")
    p.add_argument("--screenshot", metavar="PATH", type=Path,
                   help="save a picture of the window (PNG) once it is shown, then exit")
    p.add_argument("--demo", action="store_true",
                   help="with --screenshot: first run the tab's demonstration job on bundled samples (a real run)")
    p.add_argument("--settings-dir", type=Path,
                   help="keep the window's settings in this folder instead of the user's (also "
                        "STEGSTUDIO_SETTINGS_DIR)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from stegstudio.gui.app import run_app

    return run_app(tab=args.tab, self_test=args.self_test, screenshot=args.screenshot, demo=args.demo,
                   settings_dir=args.settings_dir)

"""Command line: `stegstudio <command>`; each command module registers its own sub-parsers.

Exit codes: 0 ok, 2 bad input (an `InputError`, its message on stderr), 1 internal error,
130 cancelled (Ctrl-C).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from stegstudio import __version__
from stegstudio.cli import gui_command
from stegstudio.core.errors import Cancelled, InputError


def build_parser(gui_only: bool = False) -> argparse.ArgumentParser:
    """All commands; `gui_only` leaves out the engine commands, whose modules import torch (about 2 s),
    so `stegstudio gui` can show its window before torch is loaded."""
    parser = argparse.ArgumentParser(prog="stegstudio",
                                     description="Steganography with implicit neural representations.")
    parser.add_argument("--version", action="version", version=f"stegstudio {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    if not gui_only:
        from stegstudio.cli import analyse_command, cover_commands, crossmodal_commands, fnns_commands

        crossmodal_commands.register(sub)
        cover_commands.register(sub)
        fnns_commands.register(sub)
        analyse_command.register(sub)
    gui_command.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; Ctrl-C at any moment, the seconds of importing torch included, exits 130 cleanly."""
    try:
        argv = list(sys.argv[1:] if argv is None else argv)
        parser = build_parser(gui_only=argv[:1] == ["gui"])
        try:
            args = parser.parse_args(argv)
        except SystemExit as exc:  # a usage error (2, message printed) or --help/--version (0)
            return int(exc.code or 0)
        return int(args.run(args) or 0)
    except InputError as exc:
        print(f"stegstudio: error: {exc}", file=sys.stderr)
        return 2
    except Cancelled as exc:
        print(f"stegstudio: {exc}", file=sys.stderr)
        return 130
    except KeyboardInterrupt:
        print("stegstudio: cancelled; nothing was written", file=sys.stderr)
        return 130

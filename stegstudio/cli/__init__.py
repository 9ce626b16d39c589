"""Command line: `stegstudio <command>`; each command module registers its own sub-parsers.

Exit codes: 0 ok, 2 bad input (an `InputError`, its message on stderr), 1 internal error,
130 cancelled (Ctrl-C).
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

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


@contextmanager
def _interrupts_held() -> Iterator[list[int]]:
    """Hold Ctrl-C while the engine modules import, and raise it once they are in.

    A KeyboardInterrupt raised inside those imports can be swallowed by a library's bare `except`
    (the command then ran on), or land in an `exec` of generated code, after which CPython ends the
    process by SIGINT instead of the exit code (status -2, not 130)."""
    if threading.current_thread() is not threading.main_thread():
        yield []
        return
    held: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda signum, _frame: held.append(signum))
    try:
        yield held
    finally:
        signal.signal(signal.SIGINT, previous)
    if held:
        raise KeyboardInterrupt


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; Ctrl-C at any moment, the seconds of importing torch included, exits 130 cleanly."""
    try:
        argv = list(sys.argv[1:] if argv is None else argv)
        with _interrupts_held():
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

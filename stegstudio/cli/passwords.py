"""Where a command's password comes from, safest first: a file, the environment, a terminal prompt.

`--password` on the command line still works for scripts that need it, with a warning: every user of
the machine can read a process's arguments (/proc/PID/cmdline) and shells keep them in their history.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from stegstudio.core.errors import InputError

PASSWORD_ENV = "STEGSTUDIO_PASSWORD"
MAX_PASSWORD_FILE_BYTES = 64 * 1024


def add_password_flags(p: argparse.ArgumentParser, what: str) -> None:
    """--password-file and --password; `what` says what the password is for, in the help text."""
    p.add_argument("--password-file", metavar="PATH",
                   help=f"read {what} from the first line of this file (safest; also: the {PASSWORD_ENV} "
                        "environment variable, or a prompt when run in a terminal)")
    p.add_argument("--password", help=f"{what} on the command line: visible to other users of the machine and "
                                      "kept in shell history; prefer --password-file")


def given_password(args: argparse.Namespace) -> str | None:
    """The password from --password-file, --password or the environment, in that order; None if none."""
    if args.password_file is not None:
        if args.password is not None:
            raise InputError("give the password one way: --password-file or --password, not both")
        return _read_file(Path(args.password_file))
    if args.password is not None:
        print("stegstudio: warning: --password is visible to other users (process list, shell history); "
              f"use --password-file or {PASSWORD_ENV} instead", file=sys.stderr)
        return _non_empty(args.password, "--password")
    env = os.environ.get(PASSWORD_ENV)
    if env is not None:
        return _non_empty(env, PASSWORD_ENV)
    return None


def require_password(args: argparse.Namespace, confirm: bool = False) -> str:
    """The password from any source, prompting on a terminal (twice with `confirm`) when none was given."""
    password = given_password(args)
    if password is not None:
        return password
    if not sys.stdin.isatty():
        raise InputError(f"this needs a password: give it with --password-file PATH or the {PASSWORD_ENV} "
                         "environment variable (or run in a terminal to be asked)")
    return prompt_password(confirm)


def prompt_password(confirm: bool, allow_empty: bool = False) -> str:
    """Ask on the terminal without echo; `allow_empty` lets an empty answer mean "no password"."""
    hint = " (empty for none)" if allow_empty else ""
    try:
        first = getpass.getpass(f"Password{hint}: ")
        if not first and not allow_empty:
            raise InputError("the password is empty; type a non-empty password")
        if confirm and first and getpass.getpass("Repeat the password: ") != first:
            raise InputError("the two passwords differ; nothing was done, try again")
    except EOFError:
        raise InputError("no password was typed (end of input); nothing was done") from None
    return first


def _read_file(path: Path) -> str:
    try:
        with path.open("rb") as f:  # read no more than the limit: the path may be a device or a pipe
            raw = f.read(MAX_PASSWORD_FILE_BYTES + 1)
    except FileNotFoundError:
        raise InputError(f"{path}: password file not found") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a folder; give the file that holds the password") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read the password file ({exc.strerror})") from None
    if len(raw) > MAX_PASSWORD_FILE_BYTES:
        raise InputError(f"{path}: larger than {MAX_PASSWORD_FILE_BYTES // 1024} KiB; a password file holds one "
                         "line with the password")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(f"{path}: not UTF-8 text; save the password file as UTF-8") from None
    return _non_empty(text.splitlines()[0] if text else "", f"the password file {path}")


def _non_empty(password: str, source: str) -> str:
    if not password:
        raise InputError(f"the password from {source} is empty; give a non-empty password")
    return password

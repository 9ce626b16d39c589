"""Pieces every command shares: the --json/--force/--device flags, progress wiring, JSON output."""

from __future__ import annotations

import argparse
import json
import math
import sys
from typing import Any

from stegstudio.cli.progress import ProgressBar
from stegstudio.core.devices import resolve_device
from stegstudio.core.jobs import JobContext

__all__ = ["add_device_flag", "add_output_flags", "emit", "job_context", "json_line", "resolve_device"]


def add_output_flags(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help="print one JSON object with the results on stdout")
    p.add_argument("--force", action="store_true", help="overwrite existing output files")
    p.add_argument("--quiet", action="store_true", help="no progress bar on stderr")


def add_device_flag(p: argparse.ArgumentParser) -> None:
    p.add_argument("--device", default="cpu", help="torch device: cpu (default), cuda, cuda:1, ...")


def job_context(args: argparse.Namespace) -> tuple[JobContext, ProgressBar]:
    bar = ProgressBar(enabled=not args.quiet)
    return JobContext(listener=bar), bar


def _clean(value: Any) -> Any:
    """JSON has no inf/nan: report them as strings instead of emitting invalid JSON."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    return value


def json_line(result: dict[str, Any]) -> str:
    """One JSON object on one line, as a batch prints one per input (JSON lines)."""
    return json.dumps(_clean(result), sort_keys=True)


def emit(args: argparse.Namespace, result: dict[str, Any], human: str) -> None:
    """--json: one JSON object on stdout; otherwise the human summary."""
    if args.json:
        json.dump(_clean(result), sys.stdout, indent=2, sort_keys=True)
        sys.stdout.write("\n")
    else:
        print(human)

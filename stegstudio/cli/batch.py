"""The one batch loop every batch command runs: the same work for each input, going on past a bad one.

Per input a line on stderr (ok, or failed and why), or with --json one JSON object on stdout (JSON
lines: "input", "ok", then the result fields or "error"); a progress bar over the inputs; a summary
naming the failures. Exit code 0 if every input succeeded, 2 if any failed on bad input (an
`InputError`), 1 if the failures were all other errors, 130 on Ctrl-C: the output being written is
never left half-written (writes are atomic) and finished outputs stay.
"""

from __future__ import annotations

import argparse
import sys
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from stegstudio.cli.common import json_line
from stegstudio.cli.progress import ProgressBar
from stegstudio.core.errors import Cancelled, InputError
from stegstudio.core.jobs import JobContext

# One input's work: its path and a context for its progress in, (result fields, a one-line summary) out.
Work = Callable[[Path, JobContext], tuple[dict[str, Any], str]]


@dataclass
class _Tally:
    done: int = 0
    bad_input: list[Path] = field(default_factory=list)
    broken: list[Path] = field(default_factory=list)

    @property
    def failed(self) -> list[Path]:
        return self.bad_input + self.broken


def run(args: argparse.Namespace, inputs: Sequence[Path], work: Work) -> int:
    """Run `work` on every input in order and report each; the exit code says how the batch went."""
    bar = ProgressBar(enabled=not args.quiet)
    # On a terminal a bar over the inputs; elsewhere (a log) the per-input lines are the progress.
    files = JobContext(listener=bar if sys.stderr.isatty() else None)
    tally = _Tally()
    try:
        for n, item in enumerate(inputs):
            files.report("files", n, len(inputs))
            _run_one(args, item, work, JobContext(listener=bar), bar, tally)
        files.report("files", len(inputs), len(inputs))
    except (KeyboardInterrupt, Cancelled):
        bar.close()
        print(f"stegstudio: cancelled after {tally.done} of {len(inputs)} inputs; finished outputs are kept, "
              "the one in progress was not written", file=sys.stderr)
        return 130
    finally:
        bar.close()
    return _summary(len(inputs), tally)


def _run_one(args: argparse.Namespace, item: Path, work: Work, ctx: JobContext, bar: ProgressBar,
             tally: _Tally) -> None:
    try:
        fields, line = work(item, ctx)
    except InputError as exc:
        _failed(args, item, str(exc), bar)
        tally.bad_input.append(item)
    except Cancelled:
        raise
    except Exception as exc:  # a bug in one input's work must not lose the rest of the batch
        _failed(args, item, f"internal error: {type(exc).__name__}: {exc}", bar)
        traceback.print_exc(file=sys.stderr)
        tally.broken.append(item)
    else:
        bar.close()
        if args.json:
            print(json_line({"input": str(item), "ok": True, **fields}), flush=True)
        else:
            print(f"ok: {item}: {line}", file=sys.stderr)
    tally.done += 1


def _failed(args: argparse.Namespace, item: Path, reason: str, bar: ProgressBar) -> None:
    bar.close()
    if args.json:
        print(json_line({"input": str(item), "ok": False, "error": reason}), flush=True)
    else:
        named = reason if reason.startswith(f"{item}:") else f"{item}: {reason}"  # most errors name their file
        print(f"failed: {named}", file=sys.stderr)


def _summary(total: int, tally: _Tally) -> int:
    failed = tally.failed
    if not failed:
        print(f"stegstudio: all {total} inputs succeeded", file=sys.stderr)
        return 0
    print(f"stegstudio: {total - len(failed)} of {total} inputs succeeded; failed: "
          f"{', '.join(str(p) for p in failed)}", file=sys.stderr)
    return 2 if tally.bad_input else 1

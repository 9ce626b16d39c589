"""The QThread worker: progress batching, outcomes, error reports and cancellation through the core's job protocol."""

import time

import pytest

from stegstudio.core.errors import InputError
from stegstudio.core.jobs import JobContext, ProgressEvent
from stegstudio.gui.worker import JobFailure, JobRunner, _ProgressBatcher

pytestmark = pytest.mark.usefixtures("gui_settings_dir")


def _counting_job(steps: int, sleep_s: float = 0.0):
    def job(ctx: JobContext) -> str:
        for step in range(1, steps + 1):
            if sleep_s:
                time.sleep(sleep_s)
            ctx.report("count", step, steps, {"loss": 1.0 / step}, preview=step if ctx.wants_preview(step) else None)
        return "finished"

    return job


def test_every_report_arrives_batched_and_the_result_follows(qtbot):
    runner = JobRunner()
    batches, results = [], []
    runner.progress.connect(batches.append)
    runner.succeeded.connect(results.append)
    with qtbot.waitSignal(runner.finished, timeout=10_000):
        runner.start(_counting_job(500), preview_every=100)
    events = [e for batch in batches for e in batch]
    assert [e.step for e in events] == list(range(1, 501))  # nothing dropped
    assert len(batches) < 100  # ... yet far fewer signals than reports
    assert [e.preview for e in events if e.preview is not None] == [100, 200, 300, 400, 500]
    assert results == ["finished"]
    assert not runner.busy


def test_batcher_flushes_at_stage_changes_and_stage_ends():
    sent = []
    batcher = _ProgressBatcher(sent.append)
    batcher(ProgressEvent("load", 0, 1))
    batcher(ProgressEvent("train", 1, 10))
    batcher(ProgressEvent("train", 2, 10))
    batcher(ProgressEvent("train", 10, 10))
    assert [[e.step for e in b] for b in sent] == [[0], [1], [2, 10]]


def test_only_one_job_at_a_time(qtbot):
    runner = JobRunner()
    runner.start(_counting_job(20, 0.01))
    with pytest.raises(RuntimeError, match="already running"):
        runner.start(_counting_job(1))
    assert runner.wait_for_outcome(10)


def test_cancel_stops_within_a_second_and_reports_cancelled(qtbot):
    runner = JobRunner()
    cancelled, results = [], []
    runner.cancelled.connect(lambda: cancelled.append(time.perf_counter()))
    runner.succeeded.connect(results.append)
    with qtbot.waitSignal(runner.progress, timeout=10_000):
        runner.start(_counting_job(10_000, 0.01))
    t0 = time.perf_counter()
    runner.cancel()
    assert runner.wait_for_outcome(5)
    assert cancelled and cancelled[0] - t0 < 1.0
    assert results == []


def test_core_errors_keep_their_message_and_bugs_bring_a_traceback(qtbot):
    runner = JobRunner()
    failures = []
    runner.failed.connect(failures.append)

    def bad_input(ctx):
        raise InputError("cover.png: file not found")

    def bug(ctx):
        return {}["missing"]

    for job in (bad_input, bug):
        with qtbot.waitSignal(runner.finished, timeout=10_000):
            runner.start(job)
    user, internal = failures
    assert user == JobFailure("Cannot do that", "cover.png: file not found", "", True)
    assert not internal.expected and internal.message == "KeyError: 'missing'"
    assert "Traceback" in internal.details and "def bug" not in internal.message

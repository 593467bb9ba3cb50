"""The background runner: work off the UI thread, results on it, nothing lost."""

from __future__ import annotations

import threading

from PySide6.QtWidgets import QWidget


def test_work_runs_off_the_ui_thread_and_results_arrive_on_it(qtbot, runner):
    seen = {}

    def work():
        seen["worker"] = threading.current_thread()
        return 42

    def done(value):
        seen["value"] = value
        seen["callback"] = threading.current_thread()

    runner.submit(work, on_success=done)
    qtbot.waitUntil(lambda: "value" in seen)
    assert seen["value"] == 42
    assert seen["worker"] is not threading.main_thread()
    assert seen["callback"] is threading.main_thread()


def test_errors_go_to_the_error_callback(qtbot, runner):
    errors = []
    runner.submit(lambda: 1 / 0, on_error=errors.append)
    qtbot.waitUntil(lambda: bool(errors))
    assert isinstance(errors[0], ZeroDivisionError)


def test_errors_nobody_handles_are_announced(qtbot, runner):
    with qtbot.waitSignal(runner.failed) as blocker:
        runner.submit(lambda: int("not a number"))
    assert isinstance(blocker.args[0], ValueError)


def test_calls_finish_in_the_order_they_were_submitted(qtbot, runner):
    order = []
    for n in range(20):
        runner.submit(lambda n=n: n, on_success=order.append)
    qtbot.waitUntil(lambda: len(order) == 20)
    assert order == list(range(20))


def test_a_cancelled_job_reports_nothing(qtbot, runner):
    gate = threading.Event()
    results = []
    job = runner.submit(gate.wait, on_success=results.append)
    job.cancel()
    gate.set()
    qtbot.waitUntil(lambda: not runner.busy)
    assert results == []


def test_a_deleted_owner_gets_no_callback(qtbot, runner):
    gate = threading.Event()
    owner = QWidget()
    results = []
    runner.submit(gate.wait, on_success=results.append, owner=owner)
    owner.deleteLater()
    qtbot.waitUntil(lambda: not _alive(owner))
    gate.set()
    qtbot.waitUntil(lambda: not runner.busy)
    assert results == []


def test_busy_is_signalled_while_work_is_pending(qtbot, runner):
    gate = threading.Event()
    with qtbot.waitSignal(runner.busy_changed) as started:
        runner.submit(gate.wait)
    assert started.args == [True]
    with qtbot.waitSignal(runner.busy_changed) as finished:
        gate.set()
    assert finished.args == [False]


def _alive(widget) -> bool:
    import shiboken6

    return shiboken6.isValid(widget)

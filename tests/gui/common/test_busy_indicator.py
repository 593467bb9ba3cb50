"""A slow server is seen, never felt: within a second every waiting window shows
what it waits for with Cancel; Cancel gives control back at once and says what it
means; a quick answer shows nothing; the UI thread never stalls meanwhile."""

from __future__ import annotations

import threading
import time

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog, QLineEdit, QVBoxLayout

from gui.common.busy_indicator import BusyIndicator
from gui.common.runner import STOPPED_READ, STOPPED_SAVE, StoppedWaiting, Wait
from tests.gui.clients.test_intake_window import shot
from tests.gui.common.slow_server import SlowService, StallProbe
from tests.gui.test_main_window import activate, make_window, type_text


def test_stopping_waiting_tells_the_window_at_once_and_drops_the_late_answer(qtbot, runner):
    gate = threading.Event()
    answers, errors = [], []
    job = runner.submit(
        lambda: gate.wait(5) and "saved",
        on_success=answers.append,
        on_error=errors.append,
        wait=Wait.SAVE,
    )
    assert runner.waiting_jobs() == [job]
    runner.stop_waiting(job)
    assert len(errors) == 1 and isinstance(errors[0], StoppedWaiting)
    assert str(errors[0]) == STOPPED_SAVE
    assert runner.waiting_jobs() == []
    runner.stop_waiting(job)  # twice: told once
    gate.set()
    qtbot.waitUntil(lambda: not runner.busy)
    assert answers == [] and len(errors) == 1


class Form(QDialog):
    """A window of its own, with a line typed in and nothing else."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.edit = QLineEdit(self)
        QVBoxLayout(self).addWidget(self.edit)
        self.resize(420, 160)


def test_a_quick_answer_shows_nothing(qtbot, runner):
    form = Form()
    qtbot.addWidget(form)
    indicator = BusyIndicator(runner, form)
    form.layout().addWidget(indicator)
    form.show()
    done = []
    runner.submit(lambda: time.sleep(0.1), on_success=done.append, owner=form)
    qtbot.waitUntil(lambda: bool(done))
    qtbot.wait(500)
    assert not indicator.isVisible()


def test_the_main_window_shows_its_waiting_and_gives_other_windows_their_own(
    qtbot, gui_services, actor, runner, auth, tmp_path
):
    window = make_window(qtbot, gui_services, actor, runner, auth)
    window.resize(900, 500)
    slow = SlowService(gui_services.clients, "search")
    probe = StallProbe().start()

    # Asked for by no window at all: the status bar shows it, and Cancel stops it.
    started = time.monotonic()
    runner.submit(slow.search, actor, "Okafor")
    qtbot.waitUntil(lambda: window.busy_indicator.waiting, timeout=1000)
    assert time.monotonic() - started < 1.0
    assert window.busy_indicator.label.text().startswith("Waiting for the server")
    with probe.paused():
        shot(window, "main-window-waiting")
    QTest.mouseClick(window.busy_indicator.cancel_button, Qt.MouseButton.LeftButton)
    assert window.busy_indicator.label.text() == STOPPED_READ
    with probe.paused():
        shot(window, "main-window-stopped")

    # A window with no indicator of its own gets one at its bottom edge; the
    # status bar does not show that window's waiting.
    form = Form(window)
    form.show()
    activate(qtbot, form)
    form.edit.setFocus()
    type_text(form.edit, "typed while waiting")
    errors = []
    runner.submit(slow.search, actor, "Okafor", owner=form, on_error=errors.append)
    qtbot.waitUntil(lambda: form.findChild(BusyIndicator) is not None, timeout=1000)
    floating = form.findChild(BusyIndicator)
    qtbot.waitUntil(lambda: floating.waiting)
    assert floating.geometry().bottom() <= form.height()
    assert not window.busy_indicator.waiting
    with probe.paused():
        shot(form, "floating-indicator")
    QTest.mouseClick(floating.cancel_button, Qt.MouseButton.LeftButton)
    assert isinstance(errors[0], StoppedWaiting)
    assert form.edit.text() == "typed while waiting"
    # The typing goes on where it was: nothing selected, nothing to overwrite.
    assert form.edit.hasFocus() and not form.edit.hasSelectedText()
    probe.stop()
    assert probe.longest_ms < 50, f"the UI thread stalled {probe.longest_ms:.0f} ms"
    slow.release()
    qtbot.waitUntil(lambda: not runner.busy, timeout=10_000)
